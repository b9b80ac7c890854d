pub fn typed_layer(
    port: NonZeroU16,
    uid: u32,
    factor: NonZeroU8,
    period: Duration,
    kill: GoDuration,
    startup: Startup,
    level: CheckLevel,
) -> Layer {
    use ::charm_runtime::__private as __charm;
    let __charm_port: __charm::String = __charm::LayerValue::fill(&port);
    __charm::Layer {
        services: __charm::BTreeMap::from([
            (
                __charm::String::from("web"),
                __charm::Service {
                    r#override: __charm::Override::Replace,
                    command: ["/bin/web --port ", __charm_port.as_str()].concat(),
                    startup: __charm::Some(__charm::LayerStartup::fill(&startup)),
                    user_id: __charm::Some(__charm::LayerInt::fill(&uid)),
                    backoff_factor: __charm::Some(__charm::LayerFactor::fill(&factor)),
                    kill_delay: __charm::Some(__charm::LayerDuration::fill(&kill)),
                    ..__charm::Default::default()
                },
            ),
        ]),
        checks: __charm::BTreeMap::from([
            (
                __charm::String::from("up"),
                __charm::Check {
                    r#override: __charm::Override::Replace,
                    level: __charm::Some(__charm::LayerLevel::fill(&level)),
                    period: __charm::Some(__charm::LayerDuration::fill(&period)),
                    timeout: __charm::Some(__charm::LayerDuration::fill(&period)),
                    threshold: __charm::Some(__charm::LayerInt::fill(&uid)),
                    tcp: __charm::Some(__charm::TcpCheck {
                        port: __charm::Some(__charm::LayerPort::fill(&port)),
                        ..__charm::Default::default()
                    }),
                    ..__charm::Default::default()
                },
            ),
        ]),
        ..__charm::Default::default()
    }
}
