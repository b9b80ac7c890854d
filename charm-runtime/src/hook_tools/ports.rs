//! Ports: `open-port`, `close-port`, `opened-ports`.

use std::fmt;
use std::str::FromStr;

use super::{Error, Juju, ToolCall};

/// A transport protocol of an opened port.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::{Port, Protocol};
/// assert_eq!(Port::Single { port: 53, protocol: Protocol::Udp }, Port::udp(53));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

impl Protocol {
    fn as_str(self) -> &'static str {
        match self {
            Self::Tcp => "tcp",
            Self::Udp => "udp",
        }
    }
}

/// A port, a port range, or ICMP, as `open-port` takes and `opened-ports` prints them.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::{Port, Protocol};
///
/// assert_eq!(Port::tcp(8080).to_string(), "8080/tcp");
/// assert_eq!("8000-8999/udp".parse::<Port>().unwrap(), Port::Range { from: 8000, to: 8999, protocol: Protocol::Udp });
/// assert_eq!("icmp".parse::<Port>().unwrap(), Port::Icmp);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Port {
    /// One port.
    Single {
        /// The port number.
        port: u16,
        /// The protocol.
        protocol: Protocol,
    },
    /// An inclusive range of ports (not supported on Kubernetes).
    Range {
        /// The first port.
        from: u16,
        /// The last port.
        to: u16,
        /// The protocol.
        protocol: Protocol,
    },
    /// ICMP.
    Icmp,
}

impl Port {
    /// A TCP port.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::hook_tools::Port::tcp(80).to_string(), "80/tcp");
    /// ```
    pub fn tcp(port: u16) -> Self {
        Self::Single {
            port,
            protocol: Protocol::Tcp,
        }
    }

    /// A UDP port.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_runtime::hook_tools::Port::udp(53).to_string(), "53/udp");
    /// ```
    pub fn udp(port: u16) -> Self {
        Self::Single {
            port,
            protocol: Protocol::Udp,
        }
    }
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Single { port, protocol } => write!(f, "{port}/{}", protocol.as_str()),
            Self::Range { from, to, protocol } => write!(f, "{from}-{to}/{}", protocol.as_str()),
            Self::Icmp => f.write_str("icmp"),
        }
    }
}

impl FromStr for Port {
    type Err = String;

    /// Parses `icmp`, `<port>[/proto]` or `<from>-<to>[/proto]` (TCP when no protocol).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "icmp" {
            return Ok(Self::Icmp);
        }
        let (ports, protocol) = match s.split_once('/') {
            Some((ports, "tcp")) => (ports, Protocol::Tcp),
            Some((ports, "udp")) => (ports, Protocol::Udp),
            Some((_, other)) => return Err(format!("unknown protocol {other:?}")),
            None => (s, Protocol::Tcp),
        };
        let number = |text: &str| {
            text.parse::<u16>()
                .map_err(|_| format!("{text:?} is not a port number"))
        };
        match ports.split_once('-') {
            Some((from, to)) => Ok(Self::Range {
                from: number(from)?,
                to: number(to)?,
                protocol,
            }),
            None => Ok(Self::Single {
                port: number(ports)?,
                protocol,
            }),
        }
    }
}

fn port_args(port: Port, endpoints: &[&str]) -> Vec<String> {
    let mut args = Vec::with_capacity(3);
    if !endpoints.is_empty() {
        args.push("--endpoints".to_owned());
        args.push(endpoints.join(","));
    }
    args.push(port.to_string());
    args
}

fn parse_port(text: &str) -> Result<Port, Error> {
    text.parse().map_err(|reason| Error::Invalid {
        what: "port from opened-ports",
        value: text.to_owned(),
        reason,
    })
}

impl Juju {
    /// Opens a port, on all endpoints or only on `endpoints` (`open-port`). Applied only if
    /// the hook succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::Port;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.open_port(Port::tcp(8080), &[]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn open_port(&self, port: Port, endpoints: &[&str]) -> Result<(), Error> {
        self.run(ToolCall::new("open-port", port_args(port, endpoints)))
            .await
            .map(drop)
    }

    /// Closes a port (`close-port`). Applied only if the hook succeeds.
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_runtime::hook_tools::Port;
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// juju.close_port(Port::tcp(8080), &[]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn close_port(&self, port: Port, endpoints: &[&str]) -> Result<(), Error> {
        self.run(ToolCall::new("close-port", port_args(port, endpoints)))
            .await
            .map(drop)
    }

    /// The ports this unit opened (`opened-ports --format=json`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails, [`Error::Output`] / [`Error::Invalid`] on
    /// unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// for port in juju.opened_ports().await? {
    ///     println!("{port}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn opened_ports(&self) -> Result<Vec<Port>, Error> {
        let raw: Option<Vec<String>> = self
            .run_json(ToolCall::new("opened-ports", ["--format=json"]))
            .await?;
        raw.unwrap_or_default()
            .iter()
            .map(|t| parse_port(t))
            .collect()
    }

    /// The opened ports with the endpoints each is open on (`opened-ports --endpoints`);
    /// `["*"]` means all endpoints.
    ///
    /// # Errors
    ///
    /// As [`Juju::opened_ports`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// for (port, endpoints) in juju.opened_ports_by_endpoint().await? {
    ///     println!("{port} on {}", endpoints.join(","));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn opened_ports_by_endpoint(&self) -> Result<Vec<(Port, Vec<String>)>, Error> {
        let raw: Option<Vec<String>> = self
            .run_json(ToolCall::new(
                "opened-ports",
                ["--format=json", "--endpoints"],
            ))
            .await?;
        raw.unwrap_or_default()
            .iter()
            .map(|entry| {
                // "8080/tcp (ep1,ep2)"
                let (port, endpoints) = match entry.split_once(' ') {
                    Some((port, rest)) => (port, rest.trim()),
                    None => (entry.as_str(), "(*)"),
                };
                let endpoints = endpoints
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .split(',')
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned)
                    .collect();
                Ok((parse_port(port)?, endpoints))
            })
            .collect()
    }
}
