//! The charm, one event at a time, with the harness: a fake Pebble per container and
//! in-memory hook tools (state in, event, state out).

use charm_runtime::hook_tools::{Status, StatusKind};
use charm_runtime::testing::harness::{ContainerState, Context, Output, State, TestEvent};
use {{crate}}::{{type}};

/// Runs `event` with the config defaults of charmcraft.yaml.
fn run(event: TestEvent, state: State) -> Output {
    let context = Context::new().charmcraft(include_str!("../charmcraft.yaml")).unwrap();
    context.run::<{{type}}>(event, state).unwrap()
}

fn containers() -> State {
    State::new()
{{test_containers}}}

#[test]
fn pebble_ready_starts_the_workload_with_the_configured_command() {
    let out = run(TestEvent::pebble_ready("{{first_container}}"), containers());

    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert_eq!(out.juju.unit_status, Status::active(""));
    for (name, pebble) in &out.containers {
        let service = &pebble.plan().services["workload"];
        assert_eq!(service.command, "sleep infinity", "{name}");
        assert_eq!(service.environment["LOG_LEVEL"], "info", "{name}");
        assert!(pebble.services()[0].is_running(), "{name}");
    }
}

#[test]
fn config_changed_applies_the_new_log_level() {
    let state = containers().config("log-level", "debug");

    let out = run(TestEvent::config_changed(), state);

    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    let plan = out.containers["{{first_container}}"].plan();
    assert_eq!(plan.services["workload"].environment["LOG_LEVEL"], "debug");
}

#[test]
fn without_pebble_the_charm_waits() {
    let state = State::new().container(ContainerState::new("{{first_container}}").can_connect(false));

    let out = run(TestEvent::config_changed(), state);

    assert_eq!(out.exit_code, 0, "{:?}", out.juju.logs);
    assert_eq!(out.juju.unit_status.kind, StatusKind::Waiting);
}
