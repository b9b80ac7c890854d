//! Decoding an [`Event`] from `JUJU_*` variables.

use std::path::PathBuf;

use super::{
    ActionEvent, ActionId, CheckEvent, Error, Event, NoticeEvent, RelationEvent, RelationId,
    SecretEvent, SecretId, SeriesUpgrade, StorageEvent, StorageKind, WorkloadEvent,
};

/// Reads variables, treating an empty value as unset where the contract says so.
struct Vars<'a, F: Fn(&str) -> Option<String>>(&'a F);

impl<F: Fn(&str) -> Option<String>> Vars<'_, F> {
    /// The value of `name`, `None` when unset or empty.
    fn optional(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|v| !v.is_empty())
    }

    /// The value of `name`, which must be set and non-empty.
    fn required(&self, name: &'static str) -> Result<String, Error> {
        self.optional(name).ok_or(Error::Missing { name })
    }

    /// A non-negative integer, if set.
    fn optional_u64(&self, name: &'static str) -> Result<Option<u64>, Error> {
        self.optional(name)
            .map(|value| {
                value.parse().map_err(|_| Error::Malformed {
                    name,
                    reason: "expected a non-negative integer".to_owned(),
                    value,
                })
            })
            .transpose()
    }
}

/// Decodes the event named by `JUJU_DISPATCH_PATH`.
pub(super) fn decode(lookup: &impl Fn(&str) -> Option<String>) -> Result<Event, Error> {
    let vars = Vars(lookup);
    let path = vars.required("JUJU_DISPATCH_PATH")?;
    if let Some(action) = path.strip_prefix("actions/") {
        return action_event(&vars, &path, action);
    }
    let Some(hook) = path.strip_prefix("hooks/") else {
        return Err(Error::Malformed {
            name: "JUJU_DISPATCH_PATH",
            value: path,
            reason: "expected hooks/<hook-name> or actions/<action-name>".to_owned(),
        });
    };
    if hook.is_empty() || hook.contains('/') {
        return Err(Error::Malformed {
            name: "JUJU_DISPATCH_PATH",
            reason: "expected a hook name after hooks/".to_owned(),
            value: path,
        });
    }
    hook_event(&vars, hook)
}

fn action_event<F: Fn(&str) -> Option<String>>(
    vars: &Vars<'_, F>,
    path: &str,
    name: &str,
) -> Result<Event, Error> {
    if name.is_empty() || name.contains('/') {
        return Err(Error::Malformed {
            name: "JUJU_DISPATCH_PATH",
            value: path.to_owned(),
            reason: "expected an action name after actions/".to_owned(),
        });
    }
    if let Some(declared) = vars.optional("JUJU_ACTION_NAME")
        && declared != name
    {
        return Err(Error::Malformed {
            name: "JUJU_ACTION_NAME",
            reason: format!("does not match JUJU_DISPATCH_PATH {path:?}"),
            value: declared,
        });
    }
    Ok(Event::Action(ActionEvent {
        name: name.to_owned(),
        id: ActionId::new(vars.required("JUJU_ACTION_UUID")?),
    }))
}

fn hook_event<F: Fn(&str) -> Option<String>>(
    vars: &Vars<'_, F>,
    hook: &str,
) -> Result<Event, Error> {
    let fixed = match hook {
        "install" => Some(Event::Install),
        "start" => Some(Event::Start),
        "stop" => Some(Event::Stop),
        "remove" => Some(Event::Remove),
        "upgrade-charm" => Some(Event::UpgradeCharm),
        "config-changed" => Some(Event::ConfigChanged),
        "update-status" => Some(Event::UpdateStatus),
        "leader-elected" => Some(Event::LeaderElected),
        "leader-settings-changed" => Some(Event::LeaderSettingsChanged),
        "leader-deposed" => Some(Event::LeaderDeposed),
        "collect-metrics" => Some(Event::CollectMetrics),
        "pre-series-upgrade" => Some(Event::PreSeriesUpgrade(series_upgrade(vars))),
        "post-series-upgrade" => Some(Event::PostSeriesUpgrade(series_upgrade(vars))),
        "secret-changed" => Some(Event::SecretChanged(secret(vars, false)?)),
        "secret-rotate" => Some(Event::SecretRotate(secret(vars, false)?)),
        "secret-remove" => Some(Event::SecretRemove(secret(vars, true)?)),
        "secret-expired" => Some(Event::SecretExpired(secret(vars, true)?)),
        _ => None,
    };
    if let Some(event) = fixed {
        return Ok(event);
    }
    type Make<T> = fn(T) -> Event;
    const RELATION: [(&str, Make<RelationEvent>); 5] = [
        ("-relation-created", Event::RelationCreated),
        ("-relation-joined", Event::RelationJoined),
        ("-relation-changed", Event::RelationChanged),
        ("-relation-departed", Event::RelationDeparted),
        ("-relation-broken", Event::RelationBroken),
    ];
    for (suffix, make) in RELATION {
        if let Some(prefix) = hook.strip_suffix(suffix) {
            return relation(vars, hook, prefix, suffix).map(make);
        }
    }
    const STORAGE: [(&str, Make<StorageEvent>); 2] = [
        ("-storage-attached", Event::StorageAttached),
        ("-storage-detaching", Event::StorageDetaching),
    ];
    for (suffix, make) in STORAGE {
        if let Some(prefix) = hook.strip_suffix(suffix) {
            return storage(vars, hook, prefix).map(make);
        }
    }
    if let Some(prefix) = hook.strip_suffix("-pebble-ready") {
        let container = workload(vars, hook, prefix)?;
        return Ok(Event::PebbleReady(WorkloadEvent { container }));
    }
    if let Some(prefix) = hook.strip_suffix("-pebble-custom-notice") {
        let container = workload(vars, hook, prefix)?;
        return Ok(Event::PebbleCustomNotice(NoticeEvent {
            container,
            id: vars.required("JUJU_NOTICE_ID")?.into(),
            notice_type: vars.required("JUJU_NOTICE_TYPE")?,
            key: vars.required("JUJU_NOTICE_KEY")?,
        }));
    }
    const CHECK: [(&str, Make<CheckEvent>); 2] = [
        ("-pebble-check-failed", Event::PebbleCheckFailed),
        ("-pebble-check-recovered", Event::PebbleCheckRecovered),
    ];
    for (suffix, make) in CHECK {
        if let Some(prefix) = hook.strip_suffix(suffix) {
            let container = workload(vars, hook, prefix)?;
            let check = vars.required("JUJU_PEBBLE_CHECK_NAME")?;
            return Ok(make(CheckEvent { container, check }));
        }
    }
    Ok(Event::Unknown {
        hook: hook.to_owned(),
    })
}

/// Checks that the name a variable gives is the prefix of the hook name.
fn same_prefix(name: &'static str, value: &str, hook: &str, prefix: &str) -> Result<(), Error> {
    if value == prefix {
        Ok(())
    } else {
        Err(Error::Malformed {
            name,
            value: value.to_owned(),
            reason: format!("does not match the hook name {hook:?}"),
        })
    }
}

fn relation<F: Fn(&str) -> Option<String>>(
    vars: &Vars<'_, F>,
    hook: &str,
    prefix: &str,
    suffix: &str,
) -> Result<RelationEvent, Error> {
    let endpoint = vars.required("JUJU_RELATION")?;
    same_prefix("JUJU_RELATION", &endpoint, hook, prefix)?;
    let raw_id = vars.required("JUJU_RELATION_ID")?;
    let id: RelationId = raw_id.parse().map_err(|reason| Error::Malformed {
        name: "JUJU_RELATION_ID",
        value: raw_id.clone(),
        reason,
    })?;
    if id.endpoint() != endpoint {
        return Err(Error::Malformed {
            name: "JUJU_RELATION_ID",
            value: raw_id,
            reason: format!("its endpoint is not JUJU_RELATION {endpoint:?}"),
        });
    }
    let broken = suffix == "-relation-broken";
    let remote_app = if broken {
        vars.optional("JUJU_REMOTE_APP").unwrap_or_default()
    } else {
        vars.required("JUJU_REMOTE_APP")?
    };
    let needs_unit = matches!(
        suffix,
        "-relation-joined" | "-relation-changed" | "-relation-departed"
    );
    let remote_unit = if needs_unit {
        Some(vars.required("JUJU_REMOTE_UNIT")?)
    } else {
        vars.optional("JUJU_REMOTE_UNIT")
    };
    let departing_unit = if suffix == "-relation-departed" {
        Some(vars.required("JUJU_DEPARTING_UNIT")?)
    } else {
        None
    };
    Ok(RelationEvent {
        endpoint,
        id,
        remote_app,
        remote_unit,
        departing_unit,
    })
}

fn storage<F: Fn(&str) -> Option<String>>(
    vars: &Vars<'_, F>,
    hook: &str,
    prefix: &str,
) -> Result<StorageEvent, Error> {
    let raw_id = vars.required("JUJU_STORAGE_ID")?;
    let malformed = |reason: &str| Error::Malformed {
        name: "JUJU_STORAGE_ID",
        value: raw_id.clone(),
        reason: reason.to_owned(),
    };
    let (name, index) = raw_id
        .rsplit_once('/')
        .ok_or_else(|| malformed("expected <storage-name>/<index>"))?;
    let index: u64 = index
        .parse()
        .map_err(|_| malformed("the index after / is not a number"))?;
    same_prefix("JUJU_STORAGE_ID", name, hook, prefix)?;
    let raw_kind = vars.required("JUJU_STORAGE_KIND")?;
    let kind: StorageKind = raw_kind.parse().map_err(|reason| Error::Malformed {
        name: "JUJU_STORAGE_KIND",
        value: raw_kind.clone(),
        reason,
    })?;
    Ok(StorageEvent {
        name: name.to_owned(),
        index,
        location: PathBuf::from(vars.required("JUJU_STORAGE_LOCATION")?),
        kind,
    })
}

fn workload<F: Fn(&str) -> Option<String>>(
    vars: &Vars<'_, F>,
    hook: &str,
    prefix: &str,
) -> Result<String, Error> {
    let container = vars.required("JUJU_WORKLOAD_NAME")?;
    same_prefix("JUJU_WORKLOAD_NAME", &container, hook, prefix)?;
    Ok(container)
}

fn secret<F: Fn(&str) -> Option<String>>(
    vars: &Vars<'_, F>,
    revision_required: bool,
) -> Result<SecretEvent, Error> {
    let id = vars.required("JUJU_SECRET_ID")?;
    if !id.starts_with("secret:") {
        return Err(Error::Malformed {
            name: "JUJU_SECRET_ID",
            value: id,
            reason: "expected a secret URI starting with secret:".to_owned(),
        });
    }
    let revision = vars.optional_u64("JUJU_SECRET_REVISION")?;
    if revision_required && revision.is_none() {
        return Err(Error::Missing {
            name: "JUJU_SECRET_REVISION",
        });
    }
    Ok(SecretEvent {
        id: SecretId::new(id),
        label: vars.optional("JUJU_SECRET_LABEL"),
        revision,
    })
}

fn series_upgrade<F: Fn(&str) -> Option<String>>(vars: &Vars<'_, F>) -> SeriesUpgrade {
    SeriesUpgrade {
        target_base: vars.optional("JUJU_TARGET_BASE"),
        target_series: vars.optional("JUJU_TARGET_SERIES"),
    }
}
