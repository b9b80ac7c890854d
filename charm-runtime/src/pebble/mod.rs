//! An async client for the Pebble API of a workload container.
//!
//! [`Client`] speaks HTTP/1.1 over Pebble's Unix socket. It is cheap to clone (clones share
//! one connection pool), and every call has a timeout that [`ClientBuilder::timeout`] sets.
//! Each API area adds its methods in its own module: [`system`], [`plan`], [`services`],
//! [`changes`], [`checks`], [`health`], [`files`], [`exec`], [`notices`], [`logs`], [`metrics`],
//! [`identities`]. Every type the calls take or return is also re-exported here, so
//! `use charm_runtime::pebble::{CheckStatus, Push, ServiceInfo}` works whatever its area.
//!
//! # Calls with options
//!
//! A call without options is an `async fn`: `client.system_info().await`. A call with
//! options returns a request ([`Push`], [`Exec`], [`ServiceChange`], ...) that holds its
//! arguments; its consuming setters set the options and `.await` sends it (each request
//! implements [`IntoFuture`]):
//!
//! ```no_run
//! # use std::time::Duration;
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! client.replan().await?;
//! client.replan().timeout(Duration::from_secs(120)).await?;
//! client.push("/etc/app.conf", "port = 80\n").make_dirs(true).permissions(0o600).await?;
//! # Ok(())
//! # }
//! ```
//!
//! So the common case stays as short as a plain call, an option costs one method, and every
//! call is one method: no `replan`/`replan_with` pairs, and no options argument that most
//! callers fill with `Default::default()`. The setters are named after Pebble's fields, and a
//! request does nothing until it is awaited (`#[must_use]` says so). The hook tools' secret
//! calls ([`Juju::secret_add`](crate::hook_tools::Juju::secret_add), ...) have the same
//! shape.
//!
//! # Examples
//!
//! ```no_run
//! use charm_runtime::pebble::Client;
//!
//! # async fn f() -> Result<(), charm_runtime::pebble::Error> {
//! // A Pebble started with PEBBLE=/tmp/pebble; a charm reaches its containers' Pebbles
//! // through the hook context instead (`ctx.container("myapp")`).
//! let client = Client::new("/tmp/pebble/.pebble.socket");
//! let info = client.system_info().await?;
//! println!("pebble {}", info.version);
//! # Ok(())
//! # }
//! ```

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod changes;
pub mod checks;
mod error;
pub mod exec;
pub mod files;
#[cfg(test)]
mod forward_compat;
pub mod health;
pub mod identities;
pub mod logs;
pub mod metrics;
pub mod notices;
mod owner;
pub mod plan;
pub(crate) mod plan_read;
pub(crate) mod progress;
pub mod services;
pub mod system;
pub(crate) mod transport;
mod version;
pub(crate) mod wire;

// Every type of the client's calls, where users look first; the area modules document them.
pub use changes::{Change, ChangeId, ChangeQuery, ChangeSelect, ChangeStatus, Task, TaskProgress};
pub use charm_spec::pebble::Feature;
pub use charm_spec::version::PebbleVersion;
pub use checks::{CheckInfo, CheckQuery, CheckRefresh, CheckStatus};
#[cfg(feature = "testing")]
pub(crate) use error::BoxError;
pub use error::{CopyFailure, Error, Result};
pub use exec::{Exec, ExecError, ExecOutput, Process, ProcessOutput, ProcessStdin};
pub use files::{
    FileInfo, FileReader, FileType, ListFiles, MakeDir, PullBytes, PullString, Push, PushSource,
    RemovePath,
};
pub use identities::{Access, BasicIdentity, CertIdentity, Identity, LocalIdentity};
/// An instant as Pebble reports it (RFC 3339 on the wire); ordered by time, not as text.
pub use jiff::Timestamp;
pub use logs::{LogEntry, LogQuery};
pub use notices::{Notice, NoticeId, NoticeQuery, NoticeType, Notify};
pub use owner::Owner;
pub use plan::AddLayer;
pub use services::{ServiceChange, ServiceInfo, ServiceStatus};
pub use system::SystemInfo;

pub(crate) use progress::within;
use transport::Transport;
use version::VersionCell;
use wire::ApiRequest;

/// The default timeout of one call.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// An async client for one Pebble daemon.
///
/// Cheap to clone: clones share the socket path, the connection and what the client learnt
/// of the daemon (its version, once a call needed it).
///
/// # Timeouts
///
/// Every call is bounded; nothing waits forever:
///
/// - a call that sends and receives small JSON fails with [`Error::Timeout`] when it takes
///   longer than the client's timeout ([`ClientBuilder::timeout`], default
///   [`DEFAULT_TIMEOUT`]);
/// - a streaming call (push, pull, exec input and output, log follow) fails when *nothing
///   moves* for the timeout, however long it runs while data flows;
/// - a wait (a change, notices, an exec) lasts as long as asked, polling Pebble in periods
///   no longer than the timeout, so a daemon that stops answering is noticed within one
///   period; a wait endpoint that answers early (a 504) is asked again after a growing pause
///   (50 ms up to 1 s), never in a tight loop.
///
/// The `after` of a timeout error is the time the client actually waited.
#[derive(Clone, Debug)]
pub struct Client {
    transport: Transport,
    timeout: Duration,
    version: VersionCell,
}

/// Sets up a [`Client`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use charm_runtime::pebble::Client;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = Client::builder("/tmp/pebble/.pebble.socket")
///     .timeout(Duration::from_secs(5))
///     .build();
/// assert_eq!(client.timeout(), Duration::from_secs(5));
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    socket: PathBuf,
    timeout: Duration,
}

impl ClientBuilder {
    /// Sets the timeout of each call (default [`DEFAULT_TIMEOUT`]).
    ///
    /// Calls that wait by design (a change, notices, exec) use their own timeout instead.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Builds the client. No connection is made until the first call.
    pub fn build(self) -> Client {
        Client {
            transport: Transport::new(self.socket),
            timeout: self.timeout,
            version: VersionCell::default(),
        }
    }
}

impl Client {
    /// A client for the Pebble socket at `socket`, with default settings.
    pub fn new(socket: impl Into<PathBuf>) -> Self {
        Self::builder(socket).build()
    }

    /// A builder for a client of the Pebble socket at `socket`.
    pub fn builder(socket: impl Into<PathBuf>) -> ClientBuilder {
        ClientBuilder {
            socket: socket.into(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The socket this client talks to.
    pub fn socket(&self) -> &Path {
        self.transport.socket()
    }

    /// The timeout of each call.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// A clone of this client whose calls time out after `timeout`.
    #[must_use]
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        Self {
            transport: self.transport.clone(),
            timeout,
            version: self.version.clone(),
        }
    }

    /// Runs `fut` under this client's call timeout.
    pub(crate) async fn timed<T>(
        &self,
        what: &str,
        fut: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        within(self.timeout, what, fut).await
    }

    /// Sends `req` and decodes the `result` of a sync answer, under the call timeout.
    pub(crate) async fn sync<T: serde::de::DeserializeOwned>(
        &self,
        what: &str,
        req: ApiRequest,
    ) -> Result<T> {
        self.timed(what, async { self.transport.envelope(req).await?.result() })
            .await
    }

    /// Sends `req` and returns the change ID of an async answer, under the call timeout.
    pub(crate) async fn async_change(&self, what: &str, req: ApiRequest) -> Result<ChangeId> {
        self.timed(what, async {
            self.transport
                .envelope(req)
                .await?
                .change_id()
                .map(ChangeId::from)
        })
        .await
    }
}
