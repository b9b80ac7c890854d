//! Network information: `network-get`.

use serde::Deserialize;

use super::{Error, Juju, ToolCall};
use crate::event::RelationId;

/// One address of a network interface.
///
/// # Examples
///
/// ```
/// let address: charm_runtime::hook_tools::Address =
///     serde_json::from_str(r#"{"address": "10.0.0.1", "cidr": "10.0.0.0/24"}"#).unwrap();
/// assert_eq!(address.value, "10.0.0.1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Address {
    /// The host name, if any.
    #[serde(default)]
    pub hostname: Option<String>,
    /// The IP address (older agents call it `address`).
    #[serde(alias = "address")]
    pub value: String,
    /// The subnet in CIDR form, if known.
    #[serde(default)]
    pub cidr: Option<String>,
}

/// A network interface a binding is bound to.
///
/// # Examples
///
/// ```
/// let bind: charm_runtime::hook_tools::BindAddress =
///     serde_json::from_str(r#"{"interface-name": "eth0", "addresses": []}"#).unwrap();
/// assert_eq!(bind.interface_name.as_deref(), Some("eth0"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BindAddress {
    /// The interface's MAC address.
    #[serde(rename = "mac-address", default)]
    pub mac_address: Option<String>,
    /// The interface's name (`eth0`).
    #[serde(rename = "interface-name", default)]
    pub interface_name: Option<String>,
    /// The interface's addresses.
    #[serde(default)]
    pub addresses: Vec<Address>,
}

/// What `network-get` says about one binding (an endpoint or extra binding).
///
/// # Examples
///
/// ```
/// let network: charm_runtime::hook_tools::Network =
///     serde_json::from_str(r#"{"ingress-addresses": ["10.0.0.1"]}"#).unwrap();
/// assert_eq!(network.ingress_address(), Some("10.0.0.1"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Network {
    /// The interfaces to listen on.
    #[serde(rename = "bind-addresses", default)]
    pub bind_addresses: Vec<BindAddress>,
    /// The addresses to advertise to related units.
    #[serde(rename = "ingress-addresses", default)]
    pub ingress_addresses: Vec<String>,
    /// The subnets this unit's traffic comes from.
    #[serde(rename = "egress-subnets", default)]
    pub egress_subnets: Vec<String>,
}

impl Network {
    /// The first ingress address, the usual one to publish.
    ///
    /// # Examples
    ///
    /// ```
    /// let network = charm_runtime::hook_tools::Network {
    ///     ingress_addresses: vec!["10.1.2.3".into()],
    ///     ..Default::default()
    /// };
    /// assert_eq!(network.ingress_address(), Some("10.1.2.3"));
    /// ```
    pub fn ingress_address(&self) -> Option<&str> {
        self.ingress_addresses.first().map(String::as_str)
    }

    /// The first address of the first interface the binding is bound to: the one to listen
    /// on.
    ///
    /// # Examples
    ///
    /// ```
    /// let network: charm_runtime::hook_tools::Network = serde_json::from_str(
    ///     r#"{"bind-addresses": [{"interface-name": "eth0", "addresses": [{"value": "10.1.2.3"}]}]}"#,
    /// ).unwrap();
    /// assert_eq!(network.bind_address(), Some("10.1.2.3"));
    /// ```
    pub fn bind_address(&self) -> Option<&str> {
        self.bind_addresses
            .iter()
            .flat_map(|bind| &bind.addresses)
            .map(|address| address.value.as_str())
            .next()
    }
}

impl Juju {
    /// The network of `binding`, optionally as seen from relation `relation`
    /// (`network-get --format=json [-r <id>] <binding>`).
    ///
    /// # Errors
    ///
    /// [`Error::Failed`] when the tool fails (unknown binding), [`Error::Output`] on
    /// unexpected output.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let network = juju.network_get("website", None).await?;
    /// let address = network.ingress_address();
    /// # Ok(()) }
    /// ```
    pub async fn network_get(
        &self,
        binding: &str,
        relation: Option<&RelationId>,
    ) -> Result<Network, Error> {
        let mut args = vec!["--format=json".to_owned()];
        if let Some(relation) = relation {
            args.extend(["-r".to_owned(), relation.to_string()]);
        }
        args.push(binding.to_owned());
        self.run_json(ToolCall::new("network-get", args)).await
    }

    /// The address this unit publishes to related units for `binding` (an endpoint or extra
    /// binding): the first ingress address `network-get` gives. `None` while Juju has none
    /// yet (on Kubernetes, early in a unit's life).
    ///
    /// # Errors
    ///
    /// As [`Juju::network_get`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// if let Some(address) = juju.ingress_address("website").await? {
    ///     println!("serving on http://{address}:8080");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn ingress_address(&self, binding: &str) -> Result<Option<String>, Error> {
        let network = self.network_get(binding, None).await?;
        Ok(network.ingress_address().map(str::to_owned))
    }

    /// The address to listen on for `binding`: the first bind address `network-get` gives.
    ///
    /// # Errors
    ///
    /// As [`Juju::network_get`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn demo(juju: charm_runtime::hook_tools::Juju) -> Result<(), charm_runtime::hook_tools::Error> {
    /// let listen = juju.bind_address("website").await?.unwrap_or_else(|| "0.0.0.0".into());
    /// # Ok(()) }
    /// ```
    pub async fn bind_address(&self, binding: &str) -> Result<Option<String>, Error> {
        let network = self.network_get(binding, None).await?;
        Ok(network.bind_address().map(str::to_owned))
    }
}
