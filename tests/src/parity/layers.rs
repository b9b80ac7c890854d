//! Layers and the plan: combining, Pebble's refusals, and the fields each release knows.

use charm_runtime::layer::{LogTargetType, Plan, Startup};
use charm_runtime::testing::PebbleFeature;

use super::{Backend, SERVICES, api_error, layer};

/// A layer goes in and the plan comes back with its fields.
pub async fn add_layer_and_plan_round_trip(b: &impl Backend) {
    let client = b.client();
    assert!(client.plan().await.unwrap().services.is_empty());
    let base = layer(SERVICES);
    client.add_layer("base", &base).await.unwrap();
    let plan = client.plan().await.unwrap();
    assert_eq!(plan.services, base.services);
    let yaml = client.plan_yaml().await.unwrap();
    assert_eq!(Plan::from_yaml(&yaml).unwrap(), plan, "{yaml}");
    assert_eq!(Plan::from_yaml(&plan.to_yaml().unwrap()).unwrap(), plan);
}

/// Merge appends lists, merges maps and replaces scalars; combine updates a label in place.
pub async fn layers_combine_and_merge(b: &impl Backend) {
    let client = b.client();
    client.add_layer("base", &layer(SERVICES)).await.unwrap();
    let top = layer(
        "services:\n  sleeper:\n    override: merge\n    command: sleep 2000\n    after: [idle]\n    environment:\n      B: '2'\n",
    );
    client.add_layer("top", &top).await.unwrap();
    let plan = client.plan().await.unwrap();
    let sleeper = &plan.services["sleeper"];
    assert_eq!(sleeper.command, "sleep 2000");
    assert_eq!(sleeper.after, ["idle"]);
    assert_eq!(sleeper.environment["A"], "1");
    assert_eq!(sleeper.environment["B"], "2");
    assert_eq!(
        sleeper.startup,
        Some(charm_runtime::layer::Startup::Enabled)
    );

    // Combining into "base" in place: "top" still wins for the command.
    let base_again = layer(
        "services:\n  idle:\n    override: merge\n    command: sleep 3000\n  sleeper:\n    override: merge\n    command: sleep 9\n",
    );
    client
        .add_layer("base", &base_again)
        .combine(true)
        .await
        .unwrap();
    let plan = client.plan().await.unwrap();
    assert_eq!(plan.services["idle"].command, "sleep 3000");
    assert_eq!(plan.services["sleeper"].command, "sleep 2000");

    // Replace discards the lower definition's fields.
    let replace = layer("services:\n  sleeper:\n    override: replace\n    command: sleep 5\n");
    client.add_layer("replace", &replace).await.unwrap();
    let plan = client.plan().await.unwrap();
    assert!(plan.services["sleeper"].environment.is_empty());
    assert_eq!(plan.services["sleeper"].startup, None);
}

/// Adding an existing label without combine is a 400 with Pebble's message.
pub async fn existing_label_without_combine_is_refused(b: &impl Backend) {
    let client = b.client();
    let base = layer(SERVICES);
    client.add_layer("base", &base).await.unwrap();
    let err = client.add_layer("base", &base).await.unwrap_err();
    assert_eq!(
        api_error(&err),
        (400, None, "layer \"base\" already exists")
    );
}

/// Missing `override`, unknown fields and a service without a command are 400s, in the
/// words of the release.
pub async fn layer_mistakes_are_refused(b: &impl Backend) {
    let client = b.client();
    let err = client
        .add_layer_yaml("l", "services:\n  web:\n    command: /bin/web\n")
        .await
        .unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            "layer \"l\" must define \"override\" for service \"web\""
        )
    );

    let err = client
        .add_layer_yaml(
            "l",
            "services:\n  web:\n    override: replace\n    command: /bin/web\n    colour: red\n",
        )
        .await
        .unwrap_err();
    let expected = if b.version().has(PebbleFeature::LayerSections) {
        "cannot parse layer YAML: cannot parse layer \"l\" section \"services\": yaml: unmarshal \
         errors:\n  line 4: field colour not found in type plan.Service"
    } else {
        "cannot parse layer YAML: cannot parse layer \"l\": yaml: unmarshal errors:\n  line 5: \
         field colour not found in type plan.Service"
    };
    assert_eq!(api_error(&err), (400, None, expected));

    let err = client
        .add_layer_yaml("l", "servics:\n  web: {}\n")
        .await
        .unwrap_err();
    let expected = if b.version().has(PebbleFeature::LayerSections) {
        "cannot parse layer YAML: cannot parse layer \"l\": unknown section \"servics\""
    } else {
        "cannot parse layer YAML: cannot parse layer \"l\": yaml: unmarshal errors:\n  line 1: \
         field servics not found in type plan.Layer"
    };
    assert_eq!(api_error(&err), (400, None, expected));

    let err = client
        .add_layer_yaml(
            "l",
            "services:\n  web:\n    override: replace\n    startup: enabled\n",
        )
        .await
        .unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            "plan must define \"command\" for service \"web\""
        )
    );
    let err = client
        .add_layer_yaml("pebble-x", "summary: reserved\n")
        .await
        .unwrap_err();
    assert_eq!(
        api_error(&err),
        (
            400,
            None,
            "cannot parse layer YAML: cannot use reserved label prefix \"pebble-\""
        )
    );
    // None of them changed the plan.
    assert_eq!(client.plan().await.unwrap(), Plan::default());
}

/// Layer fields and sections added after v1.16.0: a check's `startup` (v1.19.0), a service's
/// `workload` and the `workloads` section (v1.20.0), the `pairing` section (v1.26.0) are
/// unknown to older releases, which refuse the layer.
pub async fn layer_fields_by_release(b: &impl Backend) {
    let client = b.client();
    let version = b.version();
    let sections = version.has(PebbleFeature::LayerSections);

    let startup =
        "checks:\n  c:\n    override: replace\n    startup: disabled\n    tcp: {port: 1}\n";
    let added = client.add_layer_yaml("startup", startup).await;
    if version.has(PebbleFeature::CheckStartup) {
        added.unwrap();
        let plan = client.plan().await.unwrap();
        assert_eq!(plan.checks["c"].startup, Some(Startup::Disabled));
    } else {
        assert_eq!(
            api_error(&added.unwrap_err()),
            (
                400,
                None,
                "cannot parse layer YAML: cannot parse layer \"startup\": yaml: unmarshal \
                 errors:\n  line 4: field startup not found in type plan.Check"
            )
        );
    }

    let workload =
        "services:\n  web:\n    override: replace\n    command: sleep 1\n    workload: w\n";
    let err = client
        .add_layer_yaml("workload", workload)
        .await
        .unwrap_err();
    let expected = if version.has(PebbleFeature::ServiceWorkload) {
        // Known, but this layer defines no workload "w".
        "workload \"w\": not defined for service \"web\"".to_owned()
    } else if sections {
        "cannot parse layer YAML: cannot parse layer \"workload\" section \"services\": yaml: \
         unmarshal errors:\n  line 4: field workload not found in type plan.Service"
            .to_owned()
    } else {
        "cannot parse layer YAML: cannot parse layer \"workload\": yaml: unmarshal errors:\n  \
         line 5: field workload not found in type plan.Service"
            .to_owned()
    };
    assert_eq!(api_error(&err), (400, None, expected.as_str()));

    for (section, feature) in [
        ("workloads", PebbleFeature::ServiceWorkload),
        ("pairing", PebbleFeature::LayerPairing),
    ] {
        let added = client
            .add_layer_yaml(section, &format!("{section}: {{}}\n"))
            .await;
        if version.has(feature) {
            added.unwrap();
            continue;
        }
        let expected = if sections {
            format!(
                "cannot parse layer YAML: cannot parse layer {section:?}: unknown section {section:?}"
            )
        } else {
            format!(
                "cannot parse layer YAML: cannot parse layer {section:?}: yaml: unmarshal \
                 errors:\n  line 1: field {section} not found in type plan.Layer"
            )
        };
        assert_eq!(
            api_error(&added.unwrap_err()),
            (400, None, expected.as_str())
        );
    }
    assert!(client.plan().await.unwrap().services.is_empty());
}

/// Log target types: `opentelemetry` from v1.24.0; `syslog` accepted (forwarding nothing)
/// up to v1.22, refused from v1.23.0 to v1.26, accepted again from v1.27.0. A target without
/// a type names the types of the release.
pub async fn log_targets_by_release(b: &impl Backend) {
    let client = b.client();
    let version = b.version();
    let mut types = vec!["loki"];
    if version.has(PebbleFeature::LogTargetOpentelemetry) {
        types.push("opentelemetry");
    }
    if !version.has(PebbleFeature::LogTargetSyslogRemoved)
        || version.has(PebbleFeature::LogTargetSyslog)
    {
        types.push("syslog");
    }
    let allowed = match types.as_slice() {
        [a, b] => format!("{a:?} or {b:?}"),
        [a, b, c] => format!("{a:?}, {b:?} or {c:?}"),
        other => panic!("unexpected types {other:?}"),
    };
    for kind in ["loki", "opentelemetry", "syslog", "fluentd"] {
        let label = format!("t-{kind}");
        let yaml = format!(
            "log-targets:\n  {label}:\n    override: replace\n    type: {kind}\n    location: http://localhost:3100/\n"
        );
        let added = client.add_layer_yaml(&label, &yaml).await;
        if types.contains(&kind) {
            added.unwrap();
        } else {
            let expected = format!(
                "cannot parse layer YAML: log target {label:?} has unsupported type {kind:?}, must be {allowed}"
            );
            assert_eq!(
                api_error(&added.unwrap_err()),
                (400, None, expected.as_str())
            );
        }
    }
    let err = client
        .add_layer_yaml(
            "untyped",
            "log-targets:\n  t:\n    override: replace\n    location: http://localhost:3100/\n",
        )
        .await
        .unwrap_err();
    let expected = format!("plan must define \"type\" ({allowed}) for log target \"t\"");
    assert_eq!(api_error(&err), (400, None, expected.as_str()));
    let plan = client.plan().await.unwrap();
    let mut names: Vec<&str> = plan.log_targets.keys().map(String::as_str).collect();
    names.sort_unstable();
    let mut wanted: Vec<String> = types.iter().map(|t| format!("t-{t}")).collect();
    wanted.sort_unstable();
    assert_eq!(names, wanted);
}

/// ops: `test_log_forwarding`. A loki target for all services, with labels, comes back in
/// the plan as written.
pub async fn log_forwarding_targets_in_the_plan(b: &impl Backend) {
    let client = b.client();
    let forwarder = layer(
        "services:\n  tired:\n    override: replace\n    command: sleep 1\nlog-targets:\n  \
         pretend-loki:\n    type: loki\n    override: replace\n    location: https://example.com\n    \
         services: [all]\n    labels:\n      foo: bar\n",
    );
    client
        .add_layer("log-forwarder", &forwarder)
        .combine(true)
        .await
        .unwrap();
    let plan = client.plan().await.unwrap();
    assert_eq!(plan.log_targets, forwarder.log_targets);
    let target = &plan.log_targets["pretend-loki"];
    assert_eq!(target.r#type, Some(LogTargetType::Loki));
    assert_eq!(target.location, "https://example.com");
    assert_eq!(target.services, ["all"]);
    assert_eq!(target.labels["foo"], "bar");
    assert_eq!(plan.services, forwarder.services);
}

/// Labels `dir/name` put layers in sub-directories (v1.17.0): a layer added to a
/// sub-directory with higher layers after it needs `inner`, and goes below them. v1.16.0
/// knows no sub-directories: every new layer goes on top, and the client refuses `inner`,
/// which that release would ignore.
pub async fn layers_in_sub_directories(b: &impl Backend) {
    let client = b.client();
    let web = |command: &str| {
        layer(&format!(
            "services:\n  web:\n    override: replace\n    command: {command}\n"
        ))
    };
    client.add_layer("d/a", &web("sleep 1")).await.unwrap();
    client.add_layer("top", &web("sleep 2")).await.unwrap();
    let command = async || client.plan().await.unwrap().services["web"].command.clone();
    if b.version().has(PebbleFeature::LayersInner) {
        let err = client.add_layer("d/b", &web("sleep 3")).await.unwrap_err();
        assert_eq!(
            api_error(&err),
            (
                500,
                None,
                "cannot insert sub-directory layer without 'inner' attribute set"
            )
        );
        client
            .add_layer("d/b", &web("sleep 3"))
            .inner(true)
            .await
            .unwrap();
        assert_eq!(command().await, "sleep 2", "\"top\" is still on top");
    } else {
        // An option this release would ignore is refused, not sent.
        crate::versions::assert_lacks(
            client.add_layer("d/b", &web("sleep 3")).inner(true).await,
            PebbleFeature::LayersInner,
            b.version(),
        );
        client.add_layer("d/b", &web("sleep 3")).await.unwrap();
        assert_eq!(command().await, "sleep 3", "a plain label, on top");
    }
    // A new sub-directory goes on top either way.
    client
        .add_layer("e/a", &web("sleep 4"))
        .inner(b.version().has(PebbleFeature::LayersInner))
        .await
        .unwrap();
    assert_eq!(command().await, "sleep 4");
}
