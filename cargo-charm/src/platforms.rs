//! Which archives to write: one per platform of `charmcraft.yaml` that builds for this
//! machine's architecture, with the base its manifest names and its file name.
//!
//! As charmcraft's build plan: a platform's `build-for` defaults to its name; a name or
//! `build-for` entry of the form `ubuntu@22.04:amd64` carries its own base, otherwise the
//! top-level `base` applies; the archive is `<name>_<platform name, ':' → '-'>.charm`.

use std::fmt;

use crate::charmcraft::{Error, Project};

/// An Ubuntu (or other) base: `ubuntu@24.04`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// `ubuntu`.
    pub name: String,
    /// `24.04`.
    pub channel: String,
}

impl Base {
    /// Reads `name@channel`.
    pub fn parse(text: &str) -> Option<Self> {
        let (name, channel) = text.split_once('@')?;
        (!name.is_empty() && !channel.is_empty()).then(|| Self {
            name: name.to_owned(),
            channel: channel.to_owned(),
        })
    }
}

impl fmt::Display for Base {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.name, self.channel)
    }
}

/// One archive to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The platform's name in `charmcraft.yaml`.
    pub platform: String,
    /// The base the charm runs on.
    pub base: Base,
    /// The Debian architecture it runs on (`amd64`).
    pub arch: String,
}

impl Target {
    /// `<name>_<platform>.charm`, as charmcraft names it.
    pub fn file_name(&self, charm: &str) -> String {
        format!("{charm}_{}.charm", self.platform.replace(':', "-"))
    }
}

/// The Debian name of the architecture this program was built for, which is the one Cargo
/// builds for by default.
pub fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "arm" => "armhf",
        "powerpc64" => "ppc64el",
        "riscv64" => "riscv64",
        "s390x" => "s390x",
        other => other,
    }
}

/// The archives to write on a machine of architecture `host`.
pub fn targets(project: &Project, host: &str) -> Result<Vec<Target>, Error> {
    let spec = &project.spec;
    if let Some(kind) = &spec.kind
        && kind.value != "charm"
    {
        return Err(project.invalid(
            Some(kind.line),
            format!(
                "type is {:?}; cargo charm packs charms (`type: charm`)",
                kind.value
            ),
        ));
    }
    if spec.kind.is_none() {
        return Err(project.invalid(None, "no `type: charm`"));
    }
    if let Some(bases) = &spec.bases {
        return Err(project.invalid(
            Some(bases.line),
            "the legacy `bases:` form is not supported; write `base: ubuntu@24.04` and `platforms: {amd64: }`",
        ));
    }
    let platforms = &spec.platforms;
    if platforms.line == 0 {
        return Err(project.invalid(None, "no `platforms:` (for example `platforms: {amd64: }`)"));
    }
    let default_base = match &spec.base {
        Some(base) => Some(Base::parse(&base.value).ok_or_else(|| {
            project.invalid(
                Some(base.line),
                format!("base {:?} is not of the form `ubuntu@24.04`", base.value),
            )
        })?),
        None => None,
    };
    let mut targets = Vec::new();
    let mut seen = Vec::new();
    for entry in &platforms.entries {
        let name = &entry.name;
        let line = Some(entry.line);
        // `build-for` names the one base and architecture it runs on; without it, the
        // platform's name does.
        let build_for = entry
            .value
            .build_for
            .first()
            .cloned()
            .unwrap_or_else(|| name.clone());
        let (base, arch) = match build_for.split_once(':') {
            Some((base, arch)) => (
                Some(Base::parse(base).ok_or_else(|| {
                    project.invalid(
                        line,
                        format!("platform {name:?}: {base:?} is not a base like `ubuntu@22.04`"),
                    )
                })?),
                arch.to_owned(),
            ),
            None => (default_base.clone(), build_for),
        };
        let base = base.ok_or_else(|| {
            project.invalid(line, format!("platform {name:?} has no base: add `base: ubuntu@24.04` or name it `ubuntu@24.04:{arch}`"))
        })?;
        seen.push(arch.clone());
        if arch == host || arch == "all" {
            targets.push(Target {
                platform: name.clone(),
                base,
                arch,
            });
        }
    }
    if targets.is_empty() {
        let first = platforms.entries.first().map_or(platforms.line, |e| e.line);
        return Err(project.invalid(
            Some(first),
            format!("no platform builds for this machine's architecture {host} (platforms build for: {})", seen.join(", ")),
        ));
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn targets_of(yaml: &str, arch: &str) -> Result<Vec<Target>, Error> {
        let project = Project::parse(PathBuf::from("charmcraft.yaml"), yaml).unwrap();
        targets(&project, arch)
    }

    const HEAD: &str = "name: web\ntype: charm\n";

    #[test]
    fn base_and_arch_platform() {
        let yaml = format!("{HEAD}base: ubuntu@24.04\nplatforms:\n  amd64:\n");
        let targets = targets_of(&yaml, "amd64").unwrap();
        assert_eq!(
            targets,
            [Target {
                platform: "amd64".into(),
                base: Base::parse("ubuntu@24.04").unwrap(),
                arch: "amd64".into()
            }]
        );
        assert_eq!(targets[0].file_name("web"), "web_amd64.charm");
    }

    #[test]
    fn multi_base_platforms_name_their_base_and_keep_it_in_the_file_name() {
        let yaml = format!(
            "{HEAD}platforms:\n  ubuntu@22.04:amd64:\n  ubuntu@24.04:amd64:\n  ubuntu@24.04:arm64:\n"
        );
        let targets = targets_of(&yaml, "amd64").unwrap();
        let names: Vec<_> = targets.iter().map(|t| t.file_name("web")).collect();
        assert_eq!(
            names,
            [
                "web_ubuntu@22.04-amd64.charm",
                "web_ubuntu@24.04-amd64.charm"
            ]
        );
        assert_eq!(targets[0].base.channel, "22.04");
    }

    #[test]
    fn build_for_decides_the_arch_and_the_key_the_name() {
        let yaml = format!(
            "{HEAD}base: ubuntu@22.04\nplatforms:\n  mine:\n    build-on: [amd64]\n    build-for: [amd64]\n"
        );
        let targets = targets_of(&yaml, "amd64").unwrap();
        assert_eq!(targets[0].file_name("web"), "web_mine.charm");
        assert_eq!(targets[0].base.to_string(), "ubuntu@22.04");
    }

    #[test]
    fn no_platform_for_this_arch_is_an_error_listing_them() {
        let yaml = format!("{HEAD}base: ubuntu@24.04\nplatforms:\n  arm64:\n");
        let error = targets_of(&yaml, "amd64").unwrap_err().to_string();
        assert!(
            error.starts_with("charmcraft.yaml:5: no platform"),
            "{error}"
        );
        assert!(error.contains("arm64"), "{error}");
    }

    #[test]
    fn legacy_bases_and_other_types_are_refused_with_their_line() {
        let yaml = format!("{HEAD}bases:\n  - name: ubuntu\n");
        let error = targets_of(&yaml, "amd64").unwrap_err().to_string();
        assert!(
            error.starts_with("charmcraft.yaml:4: the legacy"),
            "{error}"
        );
        let error = targets_of("name: web\ntype: bundle\n", "amd64")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("charmcraft.yaml:2: type is"), "{error}");
    }

    #[test]
    fn a_platform_without_any_base_is_an_error() {
        let yaml = format!("{HEAD}platforms:\n  amd64:\n");
        assert!(
            targets_of(&yaml, "amd64")
                .unwrap_err()
                .to_string()
                .contains("no base")
        );
    }
}
