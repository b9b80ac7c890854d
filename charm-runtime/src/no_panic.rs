//! Property tests: the decoders of what comes from outside (Pebble's answers, Juju's
//! environment) never panic, whatever the input. Each runs a fixed number of cases, so CI
//! time stays constant.

use std::collections::BTreeMap;

use bytes::Bytes;
use futures_util::stream;
use proptest::prelude::*;
use tokio::io::AsyncReadExt;

use crate::event::Event;
use crate::layer::{GoDuration, Layer};
use crate::pebble::files::FileReader;
use crate::pebble::transport::RawResponse;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// YAML-ish text: layer keys, values and structure characters, so the decoders get past
/// the first byte often.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("services:".to_owned()),
        Just("checks:".to_owned()),
        Just("log-targets:".to_owned()),
        Just("override: replace".to_owned()),
        Just("override: merge".to_owned()),
        Just("command: /bin/x".to_owned()),
        Just("startup: enabled".to_owned()),
        Just("level: alive".to_owned()),
        Just("period: 10s".to_owned()),
        Just("threshold: 3".to_owned()),
        Just("http: {url: x}".to_owned()),
        Just("environment: {A: b}".to_owned()),
        Just("after: [a, b]".to_owned()),
        Just("- x".to_owned()),
        Just("web:".to_owned()),
        Just("{}".to_owned()),
        Just("[".to_owned()),
        "[a-z-]{1,8}: [a-z0-9.]{0,6}",
        "\\PC{0,12}",
    ];
    (
        proptest::collection::vec((token, 0usize..4), 0..24),
        any::<bool>(),
    )
        .prop_map(|(tokens, flow)| {
            let mut text = String::new();
            for (token, indent) in tokens {
                text.push_str(&"  ".repeat(indent));
                text.push_str(&token);
                text.push(if flow { ' ' } else { '\n' });
            }
            text
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn layer_and_plan_decoders_never_panic(text in yamlish()) {
        let _ = Layer::from_yaml(&text);
        let _ = crate::layer::Plan::from_yaml(&text);
        let _ = crate::pebble::plan_read::decode_plan(&text);
    }

    #[test]
    fn durations_never_panic(text in "[-+0-9.a-zµμ]{0,24}") {
        let _ = text.parse::<GoDuration>();
    }

    #[test]
    fn the_event_decoder_never_panics(
        vars in proptest::collection::btree_map(
            prop_oneof![
                Just("JUJU_DISPATCH_PATH".to_owned()),
                Just("JUJU_HOOK_NAME".to_owned()),
                Just("JUJU_UNIT_NAME".to_owned()),
                Just("JUJU_MODEL_NAME".to_owned()),
                Just("JUJU_RELATION".to_owned()),
                Just("JUJU_RELATION_ID".to_owned()),
                Just("JUJU_REMOTE_UNIT".to_owned()),
                Just("JUJU_REMOTE_APP".to_owned()),
                Just("JUJU_WORKLOAD_NAME".to_owned()),
                Just("JUJU_NOTICE_ID".to_owned()),
                Just("JUJU_NOTICE_TYPE".to_owned()),
                Just("JUJU_NOTICE_KEY".to_owned()),
                Just("JUJU_PEBBLE_CHECK_NAME".to_owned()),
                Just("JUJU_SECRET_ID".to_owned()),
                Just("JUJU_SECRET_REVISION".to_owned()),
                Just("JUJU_ACTION_NAME".to_owned()),
                Just("JUJU_STORAGE_ID".to_owned()),
                Just("JUJU_DEPARTING_UNIT".to_owned()),
                Just("JUJU_VERSION".to_owned()),
            ],
            prop_oneof![
                "hooks/[a-z-]{0,30}",
                "actions/[a-z-]{0,12}",
                "[a-z0-9/:-]{0,16}",
                "\\PC{0,8}",
            ],
            0..8,
        )
    ) {
        let vars: BTreeMap<String, String> = vars;
        let _ = Event::from_pairs(vars);
    }
}

/// A pull answer with `body` split into chunks of `chunk` bytes.
fn pull_answer(body: Vec<u8>, chunk: usize) -> RawResponse {
    let chunks: Vec<crate::pebble::Result<Bytes>> = body
        .chunks(chunk.max(1))
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    RawResponse {
        status: 200,
        content_type: Some("multipart/form-data; boundary=BB".into()),
        body: Box::pin(stream::iter(chunks)),
    }
}

/// Multipart-ish bytes: boundaries, headers and JSON pieces in any order.
fn multipartish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"--BB\r\n".to_vec()),
        Just(b"--BB--\r\n".to_vec()),
        Just(b"Content-Disposition: form-data; name=\"files\"; filename=\"/f\"\r\n".to_vec()),
        Just(b"Content-Disposition: form-data; name=\"response\"\r\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(br#"{"type":"sync","result":[{"path":"/f"}]}"#.to_vec()),
        Just(br#"{"type":"error","result":{"message":"x","kind":"not-found"}}"#.to_vec()),
        proptest::collection::vec(any::<u8>(), 0..16),
    ];
    proptest::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_multipart_reader_never_panics(body in multipartish(), chunk in 1usize..64) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            if let Ok(mut reader) = FileReader::open("/f", pull_answer(body, chunk)).await {
                let mut out = Vec::new();
                let _ = reader.read_to_end(&mut out).await;
            }
        });
    }

    #[test]
    fn disposition_parameters_never_panic(header in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = crate::pebble::files::multipart::disposition_param(&header, "filename");
    }
}
