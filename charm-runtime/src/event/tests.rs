//! Every event kind decoded from a realistic environment, and bad or missing variables.

use std::path::PathBuf;

use super::*;

/// The variables Juju sets for every hook, plus `extra`.
fn env(dispatch: &str, extra: &[(&str, &str)]) -> Result<Event, Error> {
    let mut vars = vec![
        ("JUJU_DISPATCH_PATH", dispatch),
        ("JUJU_UNIT_NAME", "web/0"),
        ("JUJU_MODEL_NAME", "prod"),
        ("JUJU_MODEL_UUID", "0b7a6c2e-8f1d-4c4e-9a3b-0e5f6a7b8c9d"),
        ("JUJU_VERSION", "3.6.8"),
        ("JUJU_CHARM_DIR", "/var/lib/juju/agents/unit-web-0/charm"),
        ("JUJU_CONTEXT_ID", "web/0-install-123"),
        ("JUJU_AGENT_SOCKET_NETWORK", "unix"),
    ];
    let hook = dispatch.strip_prefix("hooks/").unwrap_or("");
    vars.push(("JUJU_HOOK_NAME", hook));
    vars.extend_from_slice(extra);
    Event::from_pairs(vars)
}

fn relation_vars<'a>(endpoint: &'a str, id: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("JUJU_RELATION", endpoint),
        ("JUJU_RELATION_ID", id),
        ("JUJU_REMOTE_APP", "postgresql"),
        ("JUJU_REMOTE_UNIT", "postgresql/1"),
    ]
}

#[test]
fn fixed_hooks() {
    let cases = [
        ("install", Event::Install),
        ("start", Event::Start),
        ("stop", Event::Stop),
        ("remove", Event::Remove),
        ("upgrade-charm", Event::UpgradeCharm),
        ("config-changed", Event::ConfigChanged),
        ("update-status", Event::UpdateStatus),
        ("leader-elected", Event::LeaderElected),
        ("leader-settings-changed", Event::LeaderSettingsChanged),
        ("leader-deposed", Event::LeaderDeposed),
        ("collect-metrics", Event::CollectMetrics),
    ];
    for (hook, expected) in cases {
        let event = env(&format!("hooks/{hook}"), &[]).unwrap();
        assert_eq!(event, expected, "{hook}");
        assert_eq!(event.name(), hook);
        assert!(!event.is_action());
    }
}

#[test]
fn series_upgrades_carry_the_target() {
    let extra = [
        ("JUJU_TARGET_BASE", "ubuntu@24.04"),
        ("JUJU_TARGET_SERIES", "noble"),
    ];
    let target = SeriesUpgrade {
        target_base: Some("ubuntu@24.04".to_owned()),
        target_series: Some("noble".to_owned()),
    };
    assert_eq!(
        env("hooks/pre-series-upgrade", &extra).unwrap(),
        Event::PreSeriesUpgrade(target.clone())
    );
    let post = env("hooks/post-series-upgrade", &[]).unwrap();
    assert_eq!(post, Event::PostSeriesUpgrade(SeriesUpgrade::default()));
    assert_eq!(post.name(), "post-series-upgrade");
}

#[test]
fn relation_events_with_hyphenated_endpoints() {
    let mut vars = relation_vars("db-admin", "db-admin:12");
    let changed = env("hooks/db-admin-relation-changed", &vars).unwrap();
    let expected = RelationEvent {
        endpoint: "db-admin".to_owned(),
        id: RelationId::new("db-admin", 12),
        remote_app: "postgresql".to_owned(),
        remote_unit: Some("postgresql/1".to_owned()),
        departing_unit: None,
    };
    assert_eq!(changed, Event::RelationChanged(expected.clone()));
    assert_eq!(changed.name(), "db-admin-relation-changed");
    assert_eq!(
        env("hooks/db-admin-relation-joined", &vars).unwrap(),
        Event::RelationJoined(expected.clone())
    );

    vars.push(("JUJU_DEPARTING_UNIT", "postgresql/1"));
    assert_eq!(
        env("hooks/db-admin-relation-departed", &vars).unwrap(),
        Event::RelationDeparted(RelationEvent {
            departing_unit: Some("postgresql/1".to_owned()),
            ..expected.clone()
        })
    );

    let created = [
        ("JUJU_RELATION", "db-admin"),
        ("JUJU_RELATION_ID", "db-admin:12"),
        ("JUJU_REMOTE_APP", "postgresql"),
        ("JUJU_REMOTE_UNIT", ""),
    ];
    assert_eq!(
        env("hooks/db-admin-relation-created", &created).unwrap(),
        Event::RelationCreated(RelationEvent {
            remote_unit: None,
            ..expected.clone()
        })
    );
    let broken = [
        ("JUJU_RELATION", "db-admin"),
        ("JUJU_RELATION_ID", "db-admin:12"),
        ("JUJU_REMOTE_APP", ""),
    ];
    assert_eq!(
        env("hooks/db-admin-relation-broken", &broken).unwrap(),
        Event::RelationBroken(RelationEvent {
            remote_app: String::new(),
            remote_unit: None,
            ..expected
        })
    );
}

#[test]
fn relation_events_need_their_variables() {
    let hook = "hooks/db-relation-changed";
    assert_eq!(
        env(hook, &[]),
        Err(Error::Missing {
            name: "JUJU_RELATION"
        })
    );
    assert_eq!(
        env(hook, &[("JUJU_RELATION", "db")]),
        Err(Error::Missing {
            name: "JUJU_RELATION_ID"
        })
    );
    assert_eq!(
        env(
            hook,
            &[("JUJU_RELATION", "db"), ("JUJU_RELATION_ID", "db:1")]
        ),
        Err(Error::Missing {
            name: "JUJU_REMOTE_APP"
        })
    );
    let no_unit = [
        ("JUJU_RELATION", "db"),
        ("JUJU_RELATION_ID", "db:1"),
        ("JUJU_REMOTE_APP", "pg"),
    ];
    assert_eq!(
        env(hook, &no_unit),
        Err(Error::Missing {
            name: "JUJU_REMOTE_UNIT"
        })
    );
    assert_eq!(
        env("hooks/db-relation-departed", &relation_vars("db", "db:1")),
        Err(Error::Missing {
            name: "JUJU_DEPARTING_UNIT"
        })
    );
}

#[test]
fn relation_variables_must_agree_with_the_hook() {
    let err = env(
        "hooks/db-relation-changed",
        &relation_vars("cache", "cache:1"),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "environment variable JUJU_RELATION has an invalid value \"cache\": does not match the hook name \"db-relation-changed\""
    );
    let err = env("hooks/db-relation-changed", &relation_vars("db", "db:one")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                name: "JUJU_RELATION_ID",
                ..
            }
        ),
        "{err}"
    );
    let err = env("hooks/db-relation-changed", &relation_vars("db", "7")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                name: "JUJU_RELATION_ID",
                ..
            }
        ),
        "{err}"
    );
    let err = env("hooks/db-relation-changed", &relation_vars("db", "cache:7")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                name: "JUJU_RELATION_ID",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn storage_events() {
    let vars = [
        ("JUJU_STORAGE_ID", "pg-data/3"),
        ("JUJU_STORAGE_LOCATION", "/srv/pg-data"),
        ("JUJU_STORAGE_KIND", "filesystem"),
    ];
    let expected = StorageEvent {
        name: "pg-data".to_owned(),
        index: 3,
        location: PathBuf::from("/srv/pg-data"),
        kind: StorageKind::Filesystem,
    };
    let attached = env("hooks/pg-data-storage-attached", &vars).unwrap();
    assert_eq!(attached, Event::StorageAttached(expected.clone()));
    assert_eq!(attached.name(), "pg-data-storage-attached");
    let block = [
        ("JUJU_STORAGE_ID", "pg-data/3"),
        ("JUJU_STORAGE_LOCATION", "/dev/sdb"),
        ("JUJU_STORAGE_KIND", "block"),
    ];
    assert_eq!(
        env("hooks/pg-data-storage-detaching", &block).unwrap(),
        Event::StorageDetaching(StorageEvent {
            location: PathBuf::from("/dev/sdb"),
            kind: StorageKind::Block,
            ..expected
        })
    );
}

#[test]
fn storage_variables_are_checked() {
    let hook = "hooks/data-storage-attached";
    assert_eq!(
        env(hook, &[]),
        Err(Error::Missing {
            name: "JUJU_STORAGE_ID"
        })
    );
    let bad = |id: &str, kind: &str| {
        env(
            hook,
            &[
                ("JUJU_STORAGE_ID", id),
                ("JUJU_STORAGE_LOCATION", "/srv"),
                ("JUJU_STORAGE_KIND", kind),
            ],
        )
        .unwrap_err()
    };
    assert!(matches!(
        bad("data", "block"),
        Error::Malformed {
            name: "JUJU_STORAGE_ID",
            ..
        }
    ));
    assert!(matches!(
        bad("data/x", "block"),
        Error::Malformed {
            name: "JUJU_STORAGE_ID",
            ..
        }
    ));
    assert!(matches!(
        bad("logs/0", "block"),
        Error::Malformed {
            name: "JUJU_STORAGE_ID",
            ..
        }
    ));
    assert!(matches!(
        bad("data/0", "tape"),
        Error::Malformed {
            name: "JUJU_STORAGE_KIND",
            ..
        }
    ));
    assert_eq!(
        env(
            hook,
            &[
                ("JUJU_STORAGE_ID", "data/0"),
                ("JUJU_STORAGE_KIND", "block")
            ]
        ),
        Err(Error::Missing {
            name: "JUJU_STORAGE_LOCATION"
        })
    );
}

#[test]
fn secret_events() {
    let vars = [
        ("JUJU_SECRET_ID", "secret://0b7a6c2e/cs8r7t0nbp1s7fh0uomg"),
        ("JUJU_SECRET_LABEL", "db-password"),
        ("JUJU_SECRET_REVISION", "4"),
    ];
    let expected = SecretEvent {
        id: SecretId::new("secret://0b7a6c2e/cs8r7t0nbp1s7fh0uomg"),
        label: Some("db-password".to_owned()),
        revision: Some(4),
    };
    assert_eq!(
        env("hooks/secret-changed", &vars).unwrap(),
        Event::SecretChanged(expected.clone())
    );
    assert_eq!(
        env("hooks/secret-rotate", &vars).unwrap(),
        Event::SecretRotate(expected.clone())
    );
    assert_eq!(
        env("hooks/secret-remove", &vars).unwrap(),
        Event::SecretRemove(expected.clone())
    );
    let expired = env("hooks/secret-expired", &vars).unwrap();
    assert_eq!(expired, Event::SecretExpired(expected));
    assert_eq!(expired.name(), "secret-expired");

    let bare = [("JUJU_SECRET_ID", "secret:abc"), ("JUJU_SECRET_LABEL", "")];
    assert_eq!(
        env("hooks/secret-changed", &bare).unwrap(),
        Event::SecretChanged(SecretEvent {
            id: SecretId::new("secret:abc"),
            label: None,
            revision: None,
        })
    );
}

#[test]
fn secret_variables_are_checked() {
    assert_eq!(
        env("hooks/secret-rotate", &[]),
        Err(Error::Missing {
            name: "JUJU_SECRET_ID"
        })
    );
    assert_eq!(
        env("hooks/secret-remove", &[("JUJU_SECRET_ID", "secret:abc")]),
        Err(Error::Missing {
            name: "JUJU_SECRET_REVISION"
        })
    );
    let err = env(
        "hooks/secret-expired",
        &[
            ("JUJU_SECRET_ID", "secret:abc"),
            ("JUJU_SECRET_REVISION", "-1"),
        ],
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                name: "JUJU_SECRET_REVISION",
                ..
            }
        ),
        "{err}"
    );
    let err = env("hooks/secret-changed", &[("JUJU_SECRET_ID", "abc")]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                name: "JUJU_SECRET_ID",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn pebble_events_with_hyphenated_containers() {
    let ready = env(
        "hooks/my-app-pebble-ready",
        &[("JUJU_WORKLOAD_NAME", "my-app")],
    )
    .unwrap();
    assert_eq!(
        ready,
        Event::PebbleReady(WorkloadEvent {
            container: "my-app".to_owned()
        })
    );
    assert_eq!(ready.name(), "my-app-pebble-ready");

    let notice = env(
        "hooks/my-app-pebble-custom-notice",
        &[
            ("JUJU_WORKLOAD_NAME", "my-app"),
            ("JUJU_NOTICE_ID", "42"),
            ("JUJU_NOTICE_TYPE", "custom"),
            ("JUJU_NOTICE_KEY", "example.com/backup-done"),
        ],
    )
    .unwrap();
    assert_eq!(
        notice,
        Event::PebbleCustomNotice(NoticeEvent {
            container: "my-app".to_owned(),
            id: "42".into(),
            notice_type: "custom".to_owned(),
            key: "example.com/backup-done".to_owned(),
        })
    );
    assert_eq!(notice.name(), "my-app-pebble-custom-notice");

    let check_vars = [
        ("JUJU_WORKLOAD_NAME", "my-app"),
        ("JUJU_PEBBLE_CHECK_NAME", "http-ready"),
    ];
    let check = CheckEvent {
        container: "my-app".to_owned(),
        check: "http-ready".to_owned(),
    };
    let failed = env("hooks/my-app-pebble-check-failed", &check_vars).unwrap();
    assert_eq!(failed, Event::PebbleCheckFailed(check.clone()));
    assert_eq!(failed.name(), "my-app-pebble-check-failed");
    let recovered = env("hooks/my-app-pebble-check-recovered", &check_vars).unwrap();
    assert_eq!(recovered, Event::PebbleCheckRecovered(check));
    assert_eq!(recovered.name(), "my-app-pebble-check-recovered");
}

#[test]
fn pebble_variables_are_checked() {
    assert_eq!(
        env("hooks/web-pebble-ready", &[]),
        Err(Error::Missing {
            name: "JUJU_WORKLOAD_NAME"
        })
    );
    let err = env("hooks/web-pebble-ready", &[("JUJU_WORKLOAD_NAME", "db")]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                name: "JUJU_WORKLOAD_NAME",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        env(
            "hooks/web-pebble-custom-notice",
            &[("JUJU_WORKLOAD_NAME", "web"), ("JUJU_NOTICE_ID", "1")]
        ),
        Err(Error::Missing {
            name: "JUJU_NOTICE_TYPE"
        })
    );
    assert_eq!(
        env(
            "hooks/web-pebble-check-failed",
            &[("JUJU_WORKLOAD_NAME", "web")]
        ),
        Err(Error::Missing {
            name: "JUJU_PEBBLE_CHECK_NAME"
        })
    );
}

#[test]
fn actions() {
    let vars = [
        ("JUJU_ACTION_NAME", "create-backup"),
        ("JUJU_ACTION_UUID", "17"),
        ("JUJU_ACTION_TAG", "action-17"),
    ];
    let action = env("actions/create-backup", &vars).unwrap();
    assert_eq!(
        action,
        Event::Action(ActionEvent {
            name: "create-backup".to_owned(),
            id: "17".into(),
        })
    );
    assert!(action.is_action());
    assert_eq!(action.name(), "create-backup");
    assert_eq!(action.to_string(), "action create-backup");

    assert_eq!(
        env("actions/create-backup", &[]),
        Err(Error::Missing {
            name: "JUJU_ACTION_UUID"
        })
    );
    let err = env(
        "actions/create-backup",
        &[("JUJU_ACTION_NAME", "restore"), ("JUJU_ACTION_UUID", "1")],
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Malformed {
                name: "JUJU_ACTION_NAME",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn unknown_hooks_decode_to_unknown() {
    let event = env("hooks/meter-status-changed", &[]).unwrap();
    assert_eq!(
        event,
        Event::Unknown {
            hook: "meter-status-changed".to_owned()
        }
    );
    assert_eq!(event.name(), "meter-status-changed");
}

#[test]
fn the_dispatch_path_is_required_and_checked() {
    assert_eq!(
        Event::from_pairs([("JUJU_HOOK_NAME", "install")]),
        Err(Error::Missing {
            name: "JUJU_DISPATCH_PATH"
        })
    );
    for bad in ["install", "hooks/", "actions/", "hooks/a/b", "bin/install"] {
        let err = Event::from_pairs([("JUJU_DISPATCH_PATH", bad)]).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Malformed {
                    name: "JUJU_DISPATCH_PATH",
                    ..
                }
            ),
            "{bad}: {err}"
        );
    }
}

#[test]
fn relation_ids_parse_after_the_last_colon() {
    let id: RelationId = "a:b:5".parse().unwrap();
    assert_eq!((id.endpoint(), id.as_u64()), ("a:b", 5));
    assert!(":5".parse::<RelationId>().is_err());
    assert!("db:".parse::<RelationId>().is_err());
}
