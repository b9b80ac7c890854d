//! Go's `time.ParseDuration` and `time.Duration.String`, to the nanosecond.
//!
//! A duration is an optional sign, then one or more groups of a decimal number (digits, a
//! fraction, or both) and a unit (`ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`); the bare `0`
//! needs no unit. The value is a signed 64-bit count of nanoseconds. Go computes each group in
//! unsigned 64-bit integers, a fraction through one `float64` product, and the total with
//! unsigned (wrapping) addition; this module does the same operations in the same order, so it
//! agrees with Go on every input, including the ones where Go rounds or wraps.

use std::fmt;

/// `1 << 63`: the magnitude of the most negative duration, and the bound Go checks against.
const LIMIT: u64 = 1 << 63;

/// The units and their length in nanoseconds.
pub(crate) const UNITS: [(&str, u64); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Why text is not a Go duration. Go reports all but the unit problems as "invalid duration";
/// this says which rule the text breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SyntaxError {
    /// Nothing after the optional sign.
    #[error("empty")]
    Empty,
    /// A group does not start with a digit or `.`, or has neither digits nor a fraction.
    #[error("expected a number")]
    ExpectedNumber,
    /// A number without a unit (only a lone `0` may omit it).
    #[error("missing unit")]
    MissingUnit,
    /// A unit Go does not know.
    #[error("unknown unit {0:?} (units: ns, us, ms, s, m, h)")]
    UnknownUnit(String),
    /// The value does not fit in a signed 64-bit count of nanoseconds (about 292 years).
    #[error("out of range (at most 2562047h47m16.854775807s)")]
    OutOfRange,
}

/// Parses `text` as Go's `time.ParseDuration` does, into nanoseconds.
///
/// # Errors
///
/// [`SyntaxError`] exactly when Go returns an error.
///
/// # Examples
///
/// ```
/// use charm_spec::duration::{SyntaxError, parse};
///
/// assert_eq!(parse("1m30s"), Ok(90_000_000_000));
/// assert_eq!(parse("-1.5µs"), Ok(-1_500));
/// assert_eq!(parse("-0"), Ok(0));
/// assert_eq!(parse("10"), Err(SyntaxError::MissingUnit));
/// assert_eq!(parse("3000000h"), Err(SyntaxError::OutOfRange));
/// ```
pub fn parse(text: &str) -> Result<i64, SyntaxError> {
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(SyntaxError::Empty);
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let group;
        (group, rest) = parse_group(rest)?;
        // Go adds in uint64, which wraps when both sides are exactly 1 << 63.
        total = total.wrapping_add(group);
        if total > LIMIT {
            return Err(SyntaxError::OutOfRange);
        }
    }
    if negative {
        // `-Duration(d)`: 1 << 63 becomes i64::MIN, which negates to itself.
        return Ok((total as i64).wrapping_neg());
    }
    i64::try_from(total).map_err(|_| SyntaxError::OutOfRange)
}

/// One `<number><unit>` group at the start of `text`: its nanoseconds and the rest.
fn parse_group(text: &str) -> Result<(u64, &str), SyntaxError> {
    if !text.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
        return Err(SyntaxError::ExpectedNumber);
    }
    let (whole, rest) = leading_int(text)?;
    let has_whole = rest.len() != text.len();
    let (fraction, scale, rest) = match rest.strip_prefix('.') {
        Some(after_dot) => leading_fraction(after_dot),
        None => (None, 1.0, rest),
    };
    if !has_whole && fraction.is_none() {
        return Err(SyntaxError::ExpectedNumber);
    }
    let unit_len = rest
        .find(|c: char| c == '.' || c.is_ascii_digit())
        .unwrap_or(rest.len());
    if unit_len == 0 {
        return Err(SyntaxError::MissingUnit);
    }
    let (unit, rest) = rest.split_at(unit_len);
    let Some(&(_, unit_nanos)) = UNITS.iter().find(|(name, _)| *name == unit) else {
        return Err(SyntaxError::UnknownUnit(unit.to_owned()));
    };
    if whole > LIMIT / unit_nanos {
        return Err(SyntaxError::OutOfRange);
    }
    let mut nanos = whole * unit_nanos;
    if let Some(fraction) = fraction.filter(|f| *f > 0) {
        // The same float64 operations as Go, so the same rounding.
        nanos += (fraction as f64 * (unit_nanos as f64 / scale)) as u64;
        if nanos > LIMIT {
            return Err(SyntaxError::OutOfRange);
        }
    }
    Ok((nanos, rest))
}

/// The leading digits of `text` as an integer, and the rest.
fn leading_int(text: &str) -> Result<(u64, &str), SyntaxError> {
    let len = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(len);
    let mut value: u64 = 0;
    for digit in digits.bytes() {
        if value > LIMIT / 10 {
            return Err(SyntaxError::OutOfRange);
        }
        value = value * 10 + u64::from(digit - b'0');
        if value > LIMIT {
            return Err(SyntaxError::OutOfRange);
        }
    }
    Ok((value, rest))
}

/// The leading digits of a fraction (after the `.`): the digits as an integer (`None` when
/// there are none), the power of ten they are scaled by, and the rest. Digits past what fits
/// are skipped, as Go does.
fn leading_fraction(text: &str) -> (Option<u64>, f64, &str) {
    let len = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(len);
    let mut value: u64 = 0;
    let mut scale = 1.0;
    let mut overflow = false;
    for digit in digits.bytes() {
        if overflow {
            continue;
        }
        if value > (LIMIT - 1) / 10 {
            overflow = true;
            continue;
        }
        let next = value * 10 + u64::from(digit - b'0');
        if next > LIMIT {
            overflow = true;
            continue;
        }
        value = next;
        scale *= 10.0;
    }
    ((!digits.is_empty()).then_some(value), scale, rest)
}

/// Writes `nanos` nanoseconds as Go's `Duration.String` does for a non-negative duration:
/// `0s`, `1.5µs`, `500ms`, `2m30s`, `1h0m0s`.
pub(crate) fn write(f: &mut fmt::Formatter<'_>, nanos: u128) -> fmt::Result {
    if nanos == 0 {
        return f.write_str("0s");
    }
    if nanos < 1_000_000_000 {
        let (scale, unit) = match nanos {
            n if n < 1_000 => (1, "ns"),
            n if n < 1_000_000 => (1_000, "µs"),
            _ => (1_000_000, "ms"),
        };
        return write_fraction(f, nanos, scale, unit);
    }
    let hours = nanos / 3_600_000_000_000;
    let minutes = (nanos / 60_000_000_000) % 60;
    let rest = nanos % 60_000_000_000;
    if hours > 0 {
        write!(f, "{hours}h{minutes}m")?;
    } else if minutes > 0 {
        write!(f, "{minutes}m")?;
    }
    write_fraction(f, rest, 1_000_000_000, "s")
}

/// `value / scale` with the fraction's trailing zeros dropped, then `unit`.
fn write_fraction(f: &mut fmt::Formatter<'_>, value: u128, scale: u128, unit: &str) -> fmt::Result {
    let whole = value / scale;
    let fraction = value % scale;
    if fraction == 0 {
        return write!(f, "{whole}{unit}");
    }
    let width = scale.ilog10() as usize;
    let digits = format!("{fraction:0width$}");
    write!(f, "{whole}.{}{unit}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_form_go_reads() {
        let cases = [
            ("0", 0),
            ("+0", 0),
            ("-0", 0),
            ("-0s", 0),
            ("500ms", 500_000_000),
            ("1.5h", 5_400_000_000_000),
            ("1h30m", 5_400_000_000_000),
            (".5s", 500_000_000),
            ("1.s", 1_000_000_000),
            ("3us", 3_000),
            ("3µs", 3_000),
            ("3μs", 3_000),
            ("007s", 7_000_000_000),
            ("-1.5s", -1_500_000_000),
            ("9223372036854775807ns", i64::MAX),
            ("-9223372036854775808ns", i64::MIN),
            ("2562047h47m16.854775807s", i64::MAX),
        ];
        for (text, nanos) in cases {
            assert_eq!(parse(text), Ok(nanos), "{text}");
        }
    }

    #[test]
    fn rejects_what_go_rejects() {
        use SyntaxError::*;
        let cases = [
            ("", Empty),
            ("-", Empty),
            ("00", MissingUnit),
            ("-00", MissingUnit),
            ("10", MissingUnit),
            ("1s5", MissingUnit),
            ("s", ExpectedNumber),
            (".s", ExpectedNumber),
            ("1s ", UnknownUnit("s ".to_owned())),
            ("1d", UnknownUnit("d".to_owned())),
            ("1 s", UnknownUnit(" s".to_owned())),
            ("3000000h", OutOfRange),
            ("9223372036854775808ns", OutOfRange),
            ("99999999999999999999s", OutOfRange),
        ];
        for (text, error) in cases {
            assert_eq!(parse(text), Err(error), "{text}");
        }
    }

    #[test]
    fn wraps_where_go_wraps() {
        // Two groups of exactly 1 << 63 add up to 0 in Go's uint64 arithmetic.
        assert_eq!(parse("9223372036854775808ns9223372036854775808ns"), Ok(0));
        assert_eq!(parse("-9223372036854775808ns"), Ok(i64::MIN));
    }

    struct Go(u128);

    impl fmt::Display for Go {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write(f, self.0)
        }
    }

    #[test]
    fn writes_like_go() {
        let cases = [
            (0, "0s"),
            (1, "1ns"),
            (1_500, "1.5µs"),
            (500_000_000, "500ms"),
            (1_500_000_000, "1.5s"),
            (150_000_000_000, "2m30s"),
            (3_600_000_000_000, "1h0m0s"),
            (3_601_000_000_000, "1h0m1s"),
            (168 * 3_600_000_000_000, "168h0m0s"),
            (i64::MAX as u128, "2562047h47m16.854775807s"),
        ];
        for (nanos, text) in cases {
            assert_eq!(Go(nanos).to_string(), text);
        }
    }
}
