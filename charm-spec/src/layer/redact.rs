//! `Debug` for the objects that carry environment variables: the names show, the values do
//! not (they often hold passwords, and `Debug` output ends up in logs).

use std::collections::BTreeMap;
use std::fmt;

use super::{ExecCheck, Service};

/// Shows a map's keys with every value hidden: `{"PASSWORD": "<redacted>"}`.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use charm_spec::layer::Redacted;
///
/// let env = BTreeMap::from([("PASSWORD".to_owned(), "hunter2".to_owned())]);
/// assert_eq!(format!("{:?}", Redacted(&env)), r#"{"PASSWORD": "<redacted>"}"#);
/// ```
pub struct Redacted<'a>(pub &'a BTreeMap<String, String>);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.keys().map(|k| (k, "<redacted>")))
            .finish()
    }
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Service")
            .field("r#override", &self.r#override)
            .field("summary", &self.summary)
            .field("description", &self.description)
            .field("command", &self.command)
            .field("startup", &self.startup)
            .field("after", &self.after)
            .field("before", &self.before)
            .field("requires", &self.requires)
            .field("workload", &self.workload)
            .field("environment", &Redacted(&self.environment))
            .field("user", &self.user)
            .field("user_id", &self.user_id)
            .field("group", &self.group)
            .field("group_id", &self.group_id)
            .field("working_dir", &self.working_dir)
            .field("on_success", &self.on_success)
            .field("on_failure", &self.on_failure)
            .field("on_check_failure", &self.on_check_failure)
            .field("backoff_delay", &self.backoff_delay)
            .field("backoff_factor", &self.backoff_factor)
            .field("backoff_limit", &self.backoff_limit)
            .field("kill_delay", &self.kill_delay)
            .finish()
    }
}

impl fmt::Debug for ExecCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecCheck")
            .field("command", &self.command)
            .field("service_context", &self.service_context)
            .field("environment", &Redacted(&self.environment))
            .field("user", &self.user)
            .field("user_id", &self.user_id)
            .field("group", &self.group)
            .field("group_id", &self.group_id)
            .field("working_dir", &self.working_dir)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{Check, Layer, Object};

    fn secret_env() -> BTreeMap<String, String> {
        BTreeMap::from([("DB_PASSWORD".to_owned(), "hunter2".to_owned())])
    }

    #[test]
    fn a_layer_debug_shows_names_not_values() {
        let layer = Layer {
            services: [(
                "web".to_owned(),
                Service {
                    environment: secret_env(),
                    ..Service::default()
                },
            )]
            .into(),
            checks: [(
                "up".to_owned(),
                Check {
                    exec: Some(ExecCheck {
                        environment: secret_env(),
                        ..ExecCheck::default()
                    }),
                    ..Check::default()
                },
            )]
            .into(),
            ..Layer::default()
        };
        let debug = format!("{layer:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert_eq!(
            debug.matches(r#""DB_PASSWORD": "<redacted>""#).count(),
            2,
            "{debug}"
        );
    }

    #[test]
    fn debug_names_every_field() {
        // A field added to the declaration must be added here too.
        let service = format!("{:?}", Service::default());
        for field in Service::spec().fields {
            assert!(
                service.contains(&format!("{}:", field.rust_name)),
                "{}",
                field.rust_name
            );
        }
        let check = format!("{:?}", ExecCheck::default());
        for field in ExecCheck::spec().fields {
            assert!(
                check.contains(&format!("{}:", field.rust_name)),
                "{}",
                field.rust_name
            );
        }
    }
}
