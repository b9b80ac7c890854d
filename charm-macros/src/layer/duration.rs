//! Go's duration syntax (`500ms`, `1h30m`, `1.5s`), as Pebble parses durations.

use std::time::Duration;

const UNITS: [(&str, u128); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Parses a Go duration. Negative durations are rejected (Pebble never wants them).
///
/// # Errors
///
/// A short reason (`missing unit`, `unknown unit "x"`, ...).
pub(crate) fn parse(text: &str) -> Result<Duration, String> {
    let body = text.strip_prefix('+').unwrap_or(text);
    if let Some(negative) = body.strip_prefix('-') {
        if !negative.is_empty() && negative.chars().all(|c| c == '0') {
            return Ok(Duration::ZERO);
        }
        return Err("negative durations are not allowed".to_owned());
    }
    if body == "0" {
        return Ok(Duration::ZERO);
    }
    if body.is_empty() {
        return Err("empty".to_owned());
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
            return Err("expected a number".to_owned());
        }
        let unit_len = after_num
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after_num.len());
        let (unit, next) = after_num.split_at(unit_len);
        let scale = match UNITS.iter().find(|(name, _)| *name == unit) {
            Some((_, scale)) => *scale,
            None if unit.is_empty() => return Err("missing unit".to_owned()),
            None => {
                return Err(format!(
                    "unknown unit \"{unit}\" (units: ns, us, ms, s, m, h)"
                ));
            }
        };
        let whole: u128 = if int_part.is_empty() {
            0
        } else {
            int_part
                .parse()
                .map_err(|_| "number too large".to_owned())?
        };
        let mut nanos = whole.checked_mul(scale).ok_or("overflow")?;
        let mut place = scale;
        for digit in frac_part.bytes() {
            place /= 10;
            nanos += u128::from(digit - b'0') * place;
        }
        total = total.checked_add(nanos).ok_or("overflow")?;
        rest = next;
    }
    let secs = u64::try_from(total / 1_000_000_000).map_err(|_| "overflow".to_owned())?;
    let sub = u32::try_from(total % 1_000_000_000).map_err(|_| "overflow".to_owned())?;
    Ok(Duration::new(secs, sub))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_go_forms() {
        assert_eq!(parse("0"), Ok(Duration::ZERO));
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("1.5h"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse(".5s"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("3us"), Ok(Duration::from_micros(3)));
    }

    #[test]
    fn rejects_bad_forms() {
        assert_eq!(parse("10"), Err("missing unit".to_owned()));
        assert!(
            parse("10sec")
                .unwrap_err()
                .starts_with("unknown unit \"sec\"")
        );
        assert_eq!(
            parse("-1s"),
            Err("negative durations are not allowed".to_owned())
        );
        assert_eq!(parse(""), Err("empty".to_owned()));
        assert_eq!(parse("s"), Err("expected a number".to_owned()));
        assert!(parse("1d").is_err());
    }
}
