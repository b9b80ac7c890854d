//! Which glibc the charm binary needs, read from the ELF's version needs
//! (`.gnu.version_r`), and whether the charm's base has it.
//!
//! A binary built here runs on a base only if every `GLIBC_x.y` symbol version it needs
//! exists in that base's glibc. A statically linked binary needs none.

use std::fmt;
use std::path::{Path, PathBuf};

use object::read::elf::{ElfFile64, FileHeader};
use object::{Endianness, FileKind};

use crate::platforms::Base;

/// The glibc of each Ubuntu release a charm can run on.
const UBUNTU_GLIBC: &[(&str, GlibcVersion)] = &[
    ("20.04", GlibcVersion(2, 31)),
    ("22.04", GlibcVersion(2, 35)),
    ("24.04", GlibcVersion(2, 39)),
    ("25.04", GlibcVersion(2, 41)),
    ("25.10", GlibcVersion(2, 42)),
];

/// A glibc version, `2.39`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GlibcVersion(pub u32, pub u32);

impl GlibcVersion {
    /// Reads a symbol version name such as `GLIBC_2.34` (not `GLIBC_PRIVATE`).
    fn from_symbol_version(name: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(name.strip_prefix(b"GLIBC_")?).ok()?;
        let mut parts = text.split('.').map(str::parse::<u32>);
        let major = parts.next()?.ok()?;
        let minor = parts.next().unwrap_or(Ok(0)).ok()?;
        Some(Self(major, minor))
    }

    /// The glibc of `base`, when it is a known Ubuntu release.
    pub fn of_base(base: &Base) -> Option<Self> {
        (base.name == "ubuntu")
            .then(|| {
                UBUNTU_GLIBC
                    .iter()
                    .find(|(channel, _)| *channel == base.channel)
            })
            .flatten()
            .map(|(_, version)| *version)
    }
}

impl fmt::Display for GlibcVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// Why the binary's glibc needs cannot be read or met.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The binary cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The binary.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The binary is not a 64-bit ELF file that can be parsed.
    #[error("{} is not a readable 64-bit ELF binary: {message}", path.display())]
    NotElf {
        /// The binary.
        path: PathBuf,
        /// What the ELF reader said.
        message: String,
    },
    /// The binary needs a newer glibc than the base has.
    #[error(
        "the charm binary needs glibc {needs} but {base} has {has}: pack for the default \
         target (statically linked with musl), build on an older system, or pack for a newer base"
    )]
    TooNew {
        /// The newest version the binary needs.
        needs: GlibcVersion,
        /// The base.
        base: Base,
        /// Its glibc.
        has: GlibcVersion,
    },
}

/// The newest glibc version the ELF binary at `path` needs; `None` when it needs no glibc
/// (statically linked).
pub fn required(path: &Path) -> Result<Option<GlibcVersion>, Error> {
    let data = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let not_elf = |message: String| Error::NotElf {
        path: path.to_path_buf(),
        message,
    };
    if FileKind::parse(&*data).map_err(|e| not_elf(e.to_string()))? != FileKind::Elf64 {
        return Err(not_elf("not a 64-bit ELF file".to_owned()));
    }
    newest_needed(&data).map_err(|e| not_elf(e.to_string()))
}

fn newest_needed(data: &[u8]) -> object::read::Result<Option<GlibcVersion>> {
    let elf = ElfFile64::<Endianness>::parse(data)?;
    let endian = elf.endian();
    let sections = elf.elf_header().sections(endian, data)?;
    let Some((mut needs, link)) = sections.gnu_verneed(endian, data)? else {
        return Ok(None);
    };
    let strings = sections.strings(endian, data, link)?;
    let mut newest = None;
    while let Some((_, mut versions)) = needs.next()? {
        while let Some(version) = versions.next()? {
            let found = GlibcVersion::from_symbol_version(version.name(endian, strings)?);
            newest = newest.max(found);
        }
    }
    Ok(newest)
}

/// Checks that `base` has the glibc the binary `needs`; `Ok(None)` when the base's glibc is
/// not known (the caller warns), `Ok(Some(has))` when it is new enough.
pub fn check(needs: Option<GlibcVersion>, base: &Base) -> Result<Option<GlibcVersion>, Error> {
    let Some(has) = GlibcVersion::of_base(base) else {
        return Ok(None);
    };
    match needs {
        Some(needs) if needs > has => Err(Error::TooNew {
            needs,
            base: base.clone(),
            has,
        }),
        _ => Ok(Some(has)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(text: &str) -> Base {
        Base::parse(text).unwrap()
    }

    #[test]
    fn symbol_versions_parse_and_order() {
        assert_eq!(
            GlibcVersion::from_symbol_version(b"GLIBC_2.34"),
            Some(GlibcVersion(2, 34))
        );
        assert_eq!(
            GlibcVersion::from_symbol_version(b"GLIBC_2.2.5"),
            Some(GlibcVersion(2, 2))
        );
        assert_eq!(GlibcVersion::from_symbol_version(b"GLIBC_PRIVATE"), None);
        assert_eq!(GlibcVersion::from_symbol_version(b"GCC_3.0"), None);
        assert!(GlibcVersion(2, 39) > GlibcVersion(2, 4));
    }

    #[test]
    fn this_test_binary_needs_a_glibc_and_it_is_read() {
        let exe = std::env::current_exe().unwrap();
        let needs = required(&exe).unwrap().unwrap();
        assert!(needs >= GlibcVersion(2, 2), "{needs}");
    }

    #[test]
    fn a_binary_needing_more_than_the_base_has_is_refused() {
        let error = check(Some(GlibcVersion(2, 38)), &base("ubuntu@22.04")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the charm binary needs glibc 2.38 but ubuntu@22.04 has 2.35: pack for the default \
             target (statically linked with musl), build on an older system, or pack for a newer \
             base"
        );
        assert_eq!(
            check(Some(GlibcVersion(2, 35)), &base("ubuntu@22.04")).unwrap(),
            Some(GlibcVersion(2, 35))
        );
        assert_eq!(
            check(None, &base("ubuntu@20.04")).unwrap(),
            Some(GlibcVersion(2, 31))
        );
        assert_eq!(
            check(Some(GlibcVersion(2, 99)), &base("centos@7")).unwrap(),
            None
        );
    }

    #[test]
    fn a_file_that_is_not_elf_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dispatch");
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        assert!(matches!(required(&path), Err(Error::NotElf { .. })));
    }
}
