//! `system_info` and connection errors against a real Pebble.

use charm_runtime::pebble::{Client, Error};
use charm_tests::pebble_or_skip;

#[tokio::test(flavor = "current_thread")]
async fn system_info_reports_the_version_of_the_binary() {
    let pebble = pebble_or_skip!();
    let info = pebble.client().system_info().await.unwrap();
    assert!(info.version.starts_with("v1."), "{info:?}");
    assert_eq!(info.version, pebble.version());
    assert!(!info.boot_id.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn missing_socket_is_a_connection_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("nope.socket");
    let err = Client::new(&socket).system_info().await.unwrap_err();
    assert!(err.is_connection(), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&socket.display().to_string()), "{message}");
    assert!(message.contains("may not be ready yet"), "{message}");
}

#[tokio::test(flavor = "current_thread")]
async fn stopped_pebble_is_a_connection_error() {
    let mut pebble = pebble_or_skip!();
    let client = pebble.client();
    client.system_info().await.unwrap();
    pebble.stop();
    // The kept-alive connection is gone, or the socket refuses: either way the
    // "waiting for Pebble" pattern must catch it.
    let err = client.system_info().await.unwrap_err();
    assert!(err.is_connection(), "{err:?}");
    assert!(
        matches!(err, Error::Connection { .. } | Error::ConnectionLost { .. }),
        "{err:?}"
    );
}
