//! Go's duration syntax (`500ms`, `1h30m`, `1.5s`), which Pebble uses for every duration.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A non-negative duration written the way Go writes it (`1h0m0s`, `500ms`).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use charm_runtime::layer::GoDuration;
///
/// let d: GoDuration = "1m30s".parse().unwrap();
/// assert_eq!(d.0, Duration::from_secs(90));
/// assert_eq!(d.to_string(), "1m30s");
/// assert_eq!(GoDuration(Duration::from_millis(1500)).to_string(), "1.5s");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct GoDuration(pub Duration);

/// Text that is not a valid Go duration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid duration {text:?}: {reason}")]
pub struct ParseDurationError {
    text: String,
    reason: &'static str,
}

const UNITS: [(&str, u128); 9] = [
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
    ("d", 0),
];

impl FromStr for GoDuration {
    type Err = ParseDurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = |reason| ParseDurationError {
            text: text.to_owned(),
            reason,
        };
        let body = text.strip_prefix('+').unwrap_or(text);
        if let Some(negative) = body.strip_prefix('-') {
            return if !negative.is_empty() && negative.chars().all(|c| c == '0') {
                Ok(Self(Duration::ZERO))
            } else {
                Err(err("negative durations are not allowed"))
            };
        }
        if body == "0" {
            return Ok(Self(Duration::ZERO));
        }
        if body.is_empty() {
            return Err(err("empty"));
        }
        let mut rest = body;
        let mut total: u128 = 0;
        while !rest.is_empty() {
            let int_len = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let (int_part, after_int) = rest.split_at(int_len);
            let (frac_part, after_num) = match after_int.strip_prefix('.') {
                Some(after_dot) => {
                    let len = after_dot
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(after_dot.len());
                    after_dot.split_at(len)
                }
                None => ("", after_int),
            };
            if int_part.is_empty() && frac_part.is_empty() {
                return Err(err("expected a number"));
            }
            let unit_len = after_num
                .find(|c: char| c.is_ascii_digit() || c == '.')
                .unwrap_or(after_num.len());
            let (unit, next) = after_num.split_at(unit_len);
            let scale = match UNITS.iter().find(|(name, _)| *name == unit) {
                Some((_, scale)) if *scale > 0 => *scale,
                _ if unit.is_empty() => return Err(err("missing unit")),
                _ => return Err(err("unknown unit")),
            };
            let whole: u128 = if int_part.is_empty() {
                0
            } else {
                int_part.parse().map_err(|_| err("number too large"))?
            };
            let mut nanos = whole.checked_mul(scale).ok_or_else(|| err("overflow"))?;
            let mut place = scale;
            for digit in frac_part.bytes() {
                place /= 10;
                nanos += u128::from(digit - b'0') * place;
            }
            total = total.checked_add(nanos).ok_or_else(|| err("overflow"))?;
            rest = next;
        }
        let secs = u64::try_from(total / 1_000_000_000).map_err(|_| err("overflow"))?;
        let sub = u32::try_from(total % 1_000_000_000).map_err(|_| err("overflow"))?;
        Ok(Self(Duration::new(secs, sub)))
    }
}

impl fmt::Display for GoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.0.as_nanos();
        if total == 0 {
            return f.write_str("0s");
        }
        if total < 1_000_000_000 {
            let (scale, unit) = match total {
                n if n < 1_000 => (1, "ns"),
                n if n < 1_000_000 => (1_000, "µs"),
                _ => (1_000_000, "ms"),
            };
            return write_fraction(f, total, scale, unit);
        }
        let hours = total / 3_600_000_000_000;
        let minutes = (total / 60_000_000_000) % 60;
        let nanos = total % 60_000_000_000;
        if hours > 0 {
            write!(f, "{hours}h{minutes}m")?;
        } else if minutes > 0 {
            write!(f, "{minutes}m")?;
        }
        write_fraction(f, nanos, 1_000_000_000, "s")
    }
}

fn write_fraction(f: &mut fmt::Formatter<'_>, value: u128, scale: u128, unit: &str) -> fmt::Result {
    let whole = value / scale;
    let frac = value % scale;
    if frac == 0 {
        return write!(f, "{whole}{unit}");
    }
    let width = scale.ilog10() as usize;
    let digits = format!("{frac:0width$}");
    write!(f, "{whole}.{}{unit}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Duration {
        text.parse::<GoDuration>().unwrap().0
    }

    #[test]
    fn parses_go_forms() {
        assert_eq!(parse("0"), Duration::ZERO);
        assert_eq!(parse("500ms"), Duration::from_millis(500));
        assert_eq!(parse("1.5h"), Duration::from_secs(5400));
        assert_eq!(parse("2m30s"), Duration::from_secs(150));
        assert_eq!(parse("1h0m0s"), Duration::from_secs(3600));
        assert_eq!(parse("1.5µs"), Duration::from_nanos(1500));
        assert_eq!(parse("1.5μs"), Duration::from_nanos(1500));
        assert_eq!(parse("3us"), Duration::from_nanos(3000));
        assert_eq!(parse("4.000s"), Duration::from_secs(4));
        assert_eq!(parse(".5s"), Duration::from_millis(500));
    }

    #[test]
    fn rejects_bad_forms() {
        for bad in ["", "10", "1x", "s", "-1s", "1.s5", "ms"] {
            assert!(bad.parse::<GoDuration>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn formats_like_go() {
        let cases = [
            (Duration::ZERO, "0s"),
            (Duration::from_millis(500), "500ms"),
            (Duration::from_nanos(1500), "1.5µs"),
            (Duration::from_secs(150), "2m30s"),
            (Duration::from_secs(3600), "1h0m0s"),
            (Duration::from_secs(168 * 3600), "168h0m0s"),
            (Duration::from_millis(1500), "1.5s"),
            (Duration::from_secs(3601), "1h0m1s"),
        ];
        for (d, text) in cases {
            assert_eq!(GoDuration(d).to_string(), text);
            assert_eq!(parse(text), d);
        }
    }
}
