//! The databags of `tracing` (v2), as `charmlibs-interfaces-tracing` writes them: the
//! requirer's request (written strictly, byte for byte) and the provider's receivers (read
//! leniently: unknown fields are ignored).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Error, python_json};

/// The key of both sides' application bags: the protocols asked for (requirer), the
/// receivers running (provider).
pub const RECEIVERS_KEY: &str = "receivers";

/// A receiver protocol a requirer may ask for: the names the Python library accepts (its
/// provider ignores a request with any other).
///
/// # Examples
///
/// ```
/// use charm_interfaces::tracing::{ReceiverProtocol, Transport};
/// assert_eq!(ReceiverProtocol::OtlpHttp.as_str(), "otlp_http");
/// assert_eq!(ReceiverProtocol::OtlpGrpc.transport(), Transport::Grpc);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiverProtocol {
    /// `zipkin`, over HTTP.
    Zipkin,
    /// `otlp_grpc`, OpenTelemetry over gRPC.
    OtlpGrpc,
    /// `otlp_http`, OpenTelemetry over HTTP.
    OtlpHttp,
    /// `jaeger_grpc`, over gRPC.
    JaegerGrpc,
    /// `jaeger_thrift_http`, over HTTP.
    JaegerThriftHttp,
}

impl ReceiverProtocol {
    /// The protocol's name in the databags.
    ///
    /// # Examples
    ///
    /// See [`ReceiverProtocol`].
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Zipkin => "zipkin",
            Self::OtlpGrpc => "otlp_grpc",
            Self::OtlpHttp => "otlp_http",
            Self::JaegerGrpc => "jaeger_grpc",
            Self::JaegerThriftHttp => "jaeger_thrift_http",
        }
    }

    /// The transport its receiver speaks: gRPC URLs have no scheme, HTTP ones do.
    ///
    /// # Examples
    ///
    /// See [`ReceiverProtocol`].
    #[must_use]
    pub const fn transport(self) -> Transport {
        match self {
            Self::OtlpGrpc | Self::JaegerGrpc => Transport::Grpc,
            Self::Zipkin | Self::OtlpHttp | Self::JaegerThriftHttp => Transport::Http,
        }
    }
}

impl fmt::Display for ReceiverProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The transport of a receiver (`type` in the provider's bag).
///
/// # Examples
///
/// ```
/// use charm_interfaces::tracing::Transport;
/// let t: Transport = serde_json::from_str(r#""grpc""#).unwrap();
/// assert_eq!(t, Transport::Grpc);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// `http`: the URL has a scheme (`http://` or `https://`).
    Http,
    /// `grpc`: the URL is `host:port`.
    Grpc,
}

/// The protocol part of a receiver in the provider's bag.
///
/// # Examples
///
/// ```
/// use charm_interfaces::tracing::{ProtocolType, Transport};
/// let p = ProtocolType { name: "otlp_http".into(), transport: Transport::Http };
/// assert_eq!(p.name, "otlp_http");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProtocolType {
    /// The protocol's name; any string (a provider may run protocols no requirer can ask
    /// for by name).
    pub name: String,
    /// Its transport.
    #[serde(rename = "type")]
    pub transport: Transport,
}

/// A receiver the provider runs: one entry of its `receivers` list, fields in the
/// library's order.
///
/// # Examples
///
/// ```
/// use charm_interfaces::tracing::Receiver;
/// let text = r#"{"protocol": {"name": "otlp_grpc", "type": "grpc"}, "url": "tempo:4317", "tls": true}"#;
/// let receiver: Receiver = serde_json::from_str(text).unwrap();
/// assert_eq!(receiver.url, "tempo:4317");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Receiver {
    /// Which protocol it speaks, and over what.
    pub protocol: ProtocolType,
    /// Where it listens: `scheme://host:port` over HTTP, `host:port` over gRPC.
    pub url: String,
}

/// The requirer's `receivers` value for `protocols`, as the library writes it.
pub(crate) fn dump_request(protocols: &[ReceiverProtocol]) -> Result<String, Error> {
    python_json::to_string(protocols).map_err(|e| Error::Databag {
        relation: String::new(),
        bag: String::new(),
        key: RECEIVERS_KEY.to_owned(),
        reason: e.to_string(),
    })
}

/// The receivers in the provider's application bag `bag` (of application `app`), or
/// `None` when it has published none yet.
///
/// # Errors
///
/// [`Error::Databag`] when `receivers` is not a list of receivers.
pub(crate) fn load_receivers(
    relation: &str,
    app: &str,
    bag: &BTreeMap<String, String>,
) -> Result<Option<Vec<Receiver>>, Error> {
    bag.get(RECEIVERS_KEY)
        .map(|text| {
            serde_json::from_str(text).map_err(|e| Error::Databag {
                relation: relation.to_owned(),
                bag: app.to_owned(),
                key: RECEIVERS_KEY.to_owned(),
                reason: e.to_string(),
            })
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The application bag of the side file `tests/python/fixtures/tracing/<name>`.
    fn fixture_bag(text: &str) -> BTreeMap<String, String> {
        let side: serde_json::Value = serde_json::from_str(text).unwrap();
        serde_json::from_value(side["app_data"].clone()).unwrap()
    }

    #[test]
    fn the_request_is_written_as_the_library_writes_it() {
        let python = fixture_bag(include_str!(
            "../../../tests/python/fixtures/tracing/requirer.json"
        ));
        let ours = dump_request(&[ReceiverProtocol::OtlpHttp, ReceiverProtocol::OtlpGrpc]);
        assert_eq!(ours.unwrap(), python[RECEIVERS_KEY]);
    }

    #[test]
    fn every_protocol_is_written_by_its_library_name() {
        let all = [
            ReceiverProtocol::Zipkin,
            ReceiverProtocol::OtlpGrpc,
            ReceiverProtocol::OtlpHttp,
            ReceiverProtocol::JaegerGrpc,
            ReceiverProtocol::JaegerThriftHttp,
        ];
        let names: Vec<String> = all.iter().map(|p| format!("\"{p}\"")).collect();
        assert_eq!(
            dump_request(&all).unwrap(),
            format!("[{}]", names.join(", "))
        );
        assert_eq!(
            dump_request(&all).unwrap(),
            r#"["zipkin", "otlp_grpc", "otlp_http", "jaeger_grpc", "jaeger_thrift_http"]"#
        );
    }

    #[test]
    fn the_providers_receivers_are_read() {
        let bag = fixture_bag(include_str!(
            "../../../tests/python/fixtures/tracing/provider.json"
        ));
        let receivers = load_receivers("tracing:5", "tempo", &bag).unwrap().unwrap();
        let urls: Vec<_> = receivers
            .iter()
            .map(|r| {
                (
                    r.protocol.name.as_str(),
                    r.protocol.transport,
                    r.url.as_str(),
                )
            })
            .collect();
        assert_eq!(
            urls,
            [
                ("otlp_grpc", Transport::Grpc, "tempo.example:4317"),
                ("otlp_http", Transport::Http, "http://tempo.example:4318"),
            ]
        );
        // Written back, it is the provider's text: the field order is the library's.
        assert_eq!(
            python_json::to_string(&receivers).unwrap(),
            bag[RECEIVERS_KEY]
        );
    }

    #[test]
    fn no_receivers_yet_is_none() {
        assert_eq!(
            load_receivers("tracing:5", "tempo", &BTreeMap::new()).unwrap(),
            None
        );
    }

    #[test]
    fn a_bad_receivers_value_names_the_relation_bag_and_key() {
        for text in [
            r#"[{"protocol": {"name": "otlp_http", "type": "udp"}, "url": "x"}]"#,
            r#"[{"protocol": {"name": "otlp_http", "type": "http"}}]"#,
            r#"{"otlp_http": "x"}"#,
            "not json",
        ] {
            let bag = BTreeMap::from([(RECEIVERS_KEY.to_owned(), text.to_owned())]);
            let err = load_receivers("tracing:5", "tempo", &bag).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("relation tracing:5: tempo bag, key \"receivers\": "),
                "{text}: {err}"
            );
        }
    }
}
