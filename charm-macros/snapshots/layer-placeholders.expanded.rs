pub fn app_layer(port: u16, log_level: &str) -> Layer {
    use ::charm_runtime::__private as __charm;
    let __charm_port: __charm::String = __charm::LayerValue::fill(&port);
    let __charm_log_level: __charm::String = __charm::LayerValue::fill(&log_level);
    __charm::Layer {
        services: __charm::BTreeMap::from([
            (
                __charm::String::from("app"),
                __charm::Service {
                    r#override: __charm::Override::Merge,
                    command: [
                        "/bin/app --port ",
                        __charm_port.as_str(),
                        " [ --log-level ",
                        __charm_log_level.as_str(),
                        " ]",
                    ]
                        .concat(),
                    environment: __charm::BTreeMap::from([
                        (__charm::String::from("PORT"), __charm_port.clone()),
                        (
                            __charm::String::from("NOT_A_PLACEHOLDER"),
                            __charm::String::from("${HOME}"),
                        ),
                    ]),
                    ..__charm::Default::default()
                },
            ),
        ]),
        ..__charm::Default::default()
    }
}
