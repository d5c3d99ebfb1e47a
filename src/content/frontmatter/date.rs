//! Dates in front matter: `YYYY-MM-DD`, written as a YAML string or a TOML date, checked
//! for being a real day, and counted in days for comparing with today.

use serde::{Deserialize, Deserializer};

/// A `YYYY-MM-DD` date, checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Date(pub String);

impl Date {
    /// Days since 1970-01-01, for comparing with today.
    pub(crate) fn days(&self) -> i64 {
        let mut parts = self.0.split('-').map(|p| p.parse::<i64>().unwrap_or(0));
        let (y, m, d) = (
            parts.next().unwrap_or(1970),
            parts.next().unwrap_or(1),
            parts.next().unwrap_or(1),
        );
        days_from_civil(y, m, d)
    }

    /// Today, in UTC.
    pub(crate) fn today() -> Date {
        let days = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| (d.as_secs() / 86_400) as i64);
        Date::from_days(days)
    }

    /// The date `days` days after 1970-01-01.
    pub(crate) fn from_days(days: i64) -> Date {
        let (y, m, d) = civil_from_days(days);
        Date(format!("{y:04}-{m:02}-{d:02}"))
    }

    /// The date in `text`, if it is a real `YYYY-MM-DD` day, alone or with a time and an
    /// offset as YAML and TOML write them: `2025-07-30T22:58:44+02:00`, `2025-07-30 09:30`.
    /// The day is the one written, in the writer's own time zone.
    pub(crate) fn parse(text: &str) -> Option<Date> {
        let (day, time) = text.split_at_checked(10).unwrap_or((text, ""));
        if !time.is_empty() && !is_time(time) {
            return None;
        }
        let text = day;
        let b = text.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return None;
        }
        let (y, m, d) = (&text[0..4], &text[5..7], &text[8..10]);
        let (y, m, d): (i64, i64, i64) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        ((1..=12).contains(&m) && d >= 1 && d <= month_days[(m - 1) as usize])
            .then(|| Date(text.to_string()))
    }
}

/// True for what may follow a date: `T` or a space, `HH:MM`, optional `:SS` and fraction,
/// then an optional `Z` or `±HH:MM` (`±HHMM`, `±HH`), with or without a space before it.
fn is_time(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['T', 't', ' ']) else {
        return false;
    };
    let two = |s: &str, max: u32| {
        s.get(..2)
            .and_then(|d| d.parse::<u32>().ok())
            .is_some_and(|n| n <= max)
            && s.as_bytes()[..2].iter().all(u8::is_ascii_digit)
    };
    if !two(rest, 23) || rest.as_bytes().get(2) != Some(&b':') || !two(&rest[3..], 59) {
        return false;
    }
    let mut rest = &rest[5..];
    if let Some(secs) = rest.strip_prefix(':') {
        if !two(secs, 60) {
            return false;
        }
        rest = &secs[2..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return false;
            }
            rest = &frac[digits..];
        }
    }
    let zone = rest.trim_start();
    if zone.is_empty() || zone.eq_ignore_ascii_case("z") {
        return true;
    }
    let Some(offset) = zone.strip_prefix(['+', '-']) else {
        return false;
    };
    let (hours, minutes) = match offset.len() {
        2 => (offset, "00"),
        4 => offset.split_at(2),
        5 if offset.as_bytes()[2] == b':' => (&offset[..2], &offset[3..]),
        _ => return false,
    };
    two(hours, 23) && two(minutes, 59)
}

/// Days since the Unix epoch of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since the Unix epoch (the inverse of
/// [`days_from_civil`], also Howard Hinnant's).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "2026-11-23",
            "1969-07-20",
        ] {
            let date = Date::parse(text).unwrap();
            assert_eq!(Date::from_days(date.days()), date);
        }
    }

    #[test]
    fn a_date_may_carry_a_time_and_an_offset() {
        for text in [
            "2025-07-30T22:58:44+02:00",
            "2025-07-30T22:58:44Z",
            "2025-07-30T22:58:44.123-05:00",
            "2025-07-30 09:30",
            "2025-07-30T09:30:00 +0200",
            "2025-07-30t09:30z",
        ] {
            assert_eq!(Date::parse(text), Some(Date("2025-07-30".into())), "{text}");
        }
        for text in [
            "2025-07-30T25:00",
            "2025-07-30 soon",
            "2025-07-30T09:30+2:00",
            "2025-02-30T09:30",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }
}

/// A date as YAML or TOML gives it: a string, or TOML's native date.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawDate {
    Text(String),
    Toml(toml::value::Datetime),
}

pub(crate) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<RawDateText>, D::Error> {
    Ok(Option::<RawDate>::deserialize(d)?.map(|raw| match raw {
        RawDate::Text(s) => RawDateText(s),
        RawDate::Toml(t) => RawDateText(t.to_string()),
    }))
}

/// A date field before validation.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawDateText(pub String);
