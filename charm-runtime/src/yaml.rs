//! YAML, read and written through `charm_spec::yaml` (the one module that names the YAML
//! library).

pub use charm_spec::yaml::Error;
pub(crate) use charm_spec::yaml::from_str;
