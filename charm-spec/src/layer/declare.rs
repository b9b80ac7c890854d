//! The two declarations every part of the layer format is written with.
//!
//! `enumeration!` declares an enum of YAML values: the serde enum and its [`EnumSpec`] table.
//! `object!` declares a layer object once: the serde struct (each field under its YAML key,
//! left out when empty), its [`ObjectSpec`] table and its merge. A section entry (`entry`)
//! also gets the `override` field every layer must set, and [`Entry`].
//!
//! [`EnumSpec`]: super::EnumSpec
//! [`ObjectSpec`]: super::ObjectSpec
//! [`Entry`]: super::Entry

/// Declares an enum whose variants are YAML values (each `Variant = "yaml";`, or
/// `Variant = "yaml", since = added_in("feature-row");` for a value a newer Pebble added),
/// with
/// an optional catch-all variant (in `else { .. }`) that keeps values this crate does not know.
macro_rules! enumeration {
    (
        $(#[$meta:meta])*
        pub enum $name:ident: $what:literal {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $yaml:literal $(, since = $since:expr)?;
            )*
        }
        $(else {
            $(#[doc = $other_doc:literal])*
            $other:ident(String),
        })?
    ) => {
        $(#[$meta])*
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[serde(rename = $yaml)]
                $variant,
            )*
            $(
                $(#[doc = $other_doc])*
                #[serde(untagged)]
                $other(String),
            )?
        }

        impl $name {
            /// The values of this enumeration, as YAML writes them.
            pub const SPEC: $crate::layer::EnumSpec = $crate::layer::EnumSpec {
                what: $what,
                rust_type: stringify!($name),
                values: &[$(
                    $crate::layer::EnumValue {
                        yaml: $yaml,
                        variant: stringify!($variant),
                        since: $crate::layer::declare::since!($($since)?),
                    },
                )*],
                excluded: &[],
            };

            /// The value as YAML writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $yaml,)*
                    $(Self::$other(text) => text,)?
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// `Some(version)` for a declared `since = version`, `None` without one.
macro_rules! since {
    () => {
        None
    };
    ($since:expr) => {
        Some($since)
    };
}
pub(crate) use since;

/// Declares a layer object: the struct, its table and its merge.
///
/// Each field is `name: Type = "yaml-key", kind, required, merge` followed by optional
/// columns (`since = ..`, `example = ..`), after its docs and any extra `#[serde(..)]`; the
/// merge rule must fit the type. A `since` names the row of `crate::pebble::FEATURES` that
/// holds the release (`Some(added_in("check-startup"))`), so the release is written once.
macro_rules! object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident: $what:literal, $pebble:literal, entry { $($fields:tt)* }
    ) => {
        object! {
            @build [$(#[$meta])*] $name $what $pebble
            [
                /// How it combines with the same-named object of lower layers (required by
                /// Pebble in every layer).
                #[serde(rename = "override")]
                pub r#override: $crate::layer::Override,
            ]
            [
                $crate::layer::FieldSpec {
                    key: "override",
                    rust_name: "r#override",
                    kind: $crate::layer::Kind::Enum(&$crate::layer::Override::SPEC),
                    required: $crate::layer::Required::InEveryLayer,
                    merge: $crate::layer::Merge::Keep,
                    ..$crate::layer::FieldSpec::BASE
                },
            ]
            { $($fields)* }
        }

        impl $crate::layer::Entry for $name {
            fn override_mode(&self) -> $crate::layer::Override {
                self.r#override
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident: $what:literal, $pebble:literal { $($fields:tt)* }
    ) => {
        object! { @build [$(#[$meta])*] $name $what $pebble [] [] { $($fields)* } }
    };
    (
        @build [$(#[$meta:meta])*] $name:ident $what:literal $pebble:literal
        [$($first_field:tt)*]
        [$($first_spec:expr,)*]
        {
            $(
                $(#[doc = $doc:literal])*
                $(#[serde($($serde:tt)*)])*
                $field:ident: $ty:ty = $key:literal, $kind:expr, $required:ident, $merge:ident
                $(, $column:ident = $value:expr)*;
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($first_field)*
            $(
                $(#[doc = $doc])*
                #[serde(
                    rename = $key,
                    default,
                    skip_serializing_if = "crate::layer::merge::is_empty"
                )]
                $(#[serde($($serde)*)])*
                pub $field: $ty,
            )*
        }

        impl $name {
            /// The fields of this object in Pebble's layer format.
            pub const SPEC: $crate::layer::ObjectSpec = $crate::layer::ObjectSpec {
                what: $what,
                rust_type: stringify!($name),
                pebble_type: $pebble,
                fields: &[
                    $($first_spec,)*
                    $(
                        $crate::layer::FieldSpec {
                            key: $key,
                            rust_name: stringify!($field),
                            kind: $kind,
                            required: $crate::layer::Required::$required,
                            merge: $crate::layer::Merge::$merge,
                            $($column: $value,)*
                            ..$crate::layer::FieldSpec::BASE
                        },
                    )*
                ],
            };
        }

        impl $crate::layer::Object for $name {
            fn spec() -> &'static $crate::layer::ObjectSpec {
                &Self::SPEC
            }

            fn merge(&mut self, upper: &Self) {
                $(
                    <$crate::layer::merge::$merge as $crate::layer::merge::Rule<$ty>>::apply(
                        &mut self.$field,
                        &upper.$field,
                    );
                )*
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use crate::layer::{Kind, Object, Required};
    use crate::version::PebbleVersion;

    object! {
        /// An object declared only for this test.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Sample: "sample", "test.Sample" {
            /// A field a newer Pebble added.
            fresh: Option<String> = "fresh-field", Kind::Text, No, IfSet,
                since = Some(PebbleVersion::new(1, 19, 0));
            /// A field every Pebble has.
            old: String = "old", Kind::Text, InPlan, IfNotEmpty, example = "x";
        }
    }

    #[test]
    fn columns_reach_the_table() {
        let fresh = Sample::spec().field("fresh-field").unwrap();
        assert_eq!(fresh.since, Some(PebbleVersion::new(1, 19, 0)));
        assert_eq!(fresh.rust_name, "fresh");
        let old = Sample::spec().field("old").unwrap();
        assert_eq!(
            (old.since, old.example, old.required),
            (None, "x", Required::InPlan)
        );
    }

    #[test]
    fn the_struct_uses_the_table_keys() {
        let sample: Sample = crate::yaml::from_str("fresh-field: a\nold: b\n").unwrap();
        assert_eq!(sample.fresh.as_deref(), Some("a"));
        assert!(crate::yaml::from_str::<Sample>("fresh: a\n").is_err());
        let mut lower = sample.clone();
        lower.merge(&Sample::default());
        assert_eq!(lower, sample);
    }
}
