fn checks_layer() -> Layer {
    const _: &[u8] = ::core::include_bytes!("/path/to/charm/charmcraft.yaml");
    use ::my_runtime::__private as __charm;
    __charm::Layer {
        checks: __charm::BTreeMap::from([
            (
                __charm::String::from("up"),
                __charm::Check {
                    r#override: __charm::Override::Replace,
                    level: __charm::Some(__charm::CheckLevel::Alive),
                    period: __charm::Some(
                        __charm::GoDuration(__charm::Duration::from_secs(30)),
                    ),
                    timeout: __charm::Some(
                        __charm::GoDuration(__charm::Duration::from_millis(1500)),
                    ),
                    threshold: __charm::Some(5),
                    http: __charm::Some(__charm::HttpCheck {
                        url: __charm::String::from("http://localhost:8080/health"),
                        headers: __charm::BTreeMap::from([
                            (
                                __charm::String::from("X-Probe"),
                                __charm::String::from("pebble"),
                            ),
                        ]),
                    }),
                    ..__charm::Default::default()
                },
            ),
            (
                __charm::String::from("port"),
                __charm::Check {
                    r#override: __charm::Override::Replace,
                    level: __charm::Some(__charm::CheckLevel::Ready),
                    startup: __charm::Some(__charm::Startup::Disabled),
                    tcp: __charm::Some(__charm::TcpCheck {
                        port: __charm::Some(8080),
                        host: __charm::Some(__charm::String::from("127.0.0.1")),
                    }),
                    ..__charm::Default::default()
                },
            ),
            (
                __charm::String::from("script"),
                __charm::Check {
                    r#override: __charm::Override::Replace,
                    exec: __charm::Some(__charm::ExecCheck {
                        command: __charm::String::from("/bin/check --quiet"),
                        service_context: __charm::Some(__charm::String::from("base")),
                        ..__charm::Default::default()
                    }),
                    ..__charm::Default::default()
                },
            ),
        ]),
        log_targets: __charm::BTreeMap::from([
            (
                __charm::String::from("loki"),
                __charm::LogTarget {
                    r#override: __charm::Override::Replace,
                    r#type: __charm::Some(__charm::LogTargetType::Loki),
                    location: __charm::String::from("http://loki:3100/loki/api/v1/push"),
                    services: __charm::Vec::from([
                        __charm::String::from("all"),
                        __charm::String::from("-base"),
                    ]),
                    labels: __charm::BTreeMap::from([
                        (__charm::String::from("app"), __charm::String::from("web")),
                    ]),
                },
            ),
        ]),
        services: __charm::BTreeMap::from([
            (
                __charm::String::from("web"),
                __charm::Service {
                    r#override: __charm::Override::Replace,
                    command: __charm::String::from("/bin/web"),
                    after: __charm::Vec::from([__charm::String::from("base")]),
                    on_check_failure: __charm::BTreeMap::from([
                        (__charm::String::from("up"), __charm::ServiceAction::Restart),
                    ]),
                    backoff_factor: __charm::Some(1.5),
                    backoff_delay: __charm::Some(
                        __charm::GoDuration(__charm::Duration::from_millis(250)),
                    ),
                    user_id: __charm::Some(1000),
                    ..__charm::Default::default()
                },
            ),
        ]),
        ..__charm::Default::default()
    }
}
