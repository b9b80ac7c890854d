/// The layer that runs google/pause.
fn pause_layer() -> Layer {
    use ::charm_runtime::__private as __charm;
    __charm::Layer {
        summary: __charm::String::from("pause layer"),
        description: __charm::String::from("pebble config layer for google/pause"),
        services: __charm::BTreeMap::from([
            (
                __charm::String::from("pause"),
                __charm::Service {
                    r#override: __charm::Override::Replace,
                    summary: __charm::String::from("pause service"),
                    command: __charm::String::from("/pause"),
                    startup: __charm::Some(__charm::Startup::Enabled),
                    ..__charm::Default::default()
                },
            ),
        ]),
        ..__charm::Default::default()
    }
}
