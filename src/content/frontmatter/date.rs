//! Dates in front matter: `YYYY-MM-DD`, written as a YAML string or a TOML date, checked
//! for being a real day, and counted in days for comparing with today.

use serde::{Deserialize, Deserializer};

/// A `YYYY-MM-DD` date, checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub String);

impl Date {
    /// Days since 1970-01-01, for comparing with today.
    pub fn days(&self) -> i64 {
        let mut parts = self.0.split('-').map(|p| p.parse::<i64>().unwrap_or(0));
        let (y, m, d) = (
            parts.next().unwrap_or(1970),
            parts.next().unwrap_or(1),
            parts.next().unwrap_or(1),
        );
        days_from_civil(y, m, d)
    }

    /// The date in `text`, if it is a real `YYYY-MM-DD` day.
    pub fn parse(text: &str) -> Option<Date> {
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

/// Days since the Unix epoch of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A date as YAML or TOML gives it: a string, or TOML's native date.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawDate {
    Text(String),
    Toml(toml::value::Datetime),
}

pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<RawDateText>, D::Error> {
    Ok(Option::<RawDate>::deserialize(d)?.map(|raw| match raw {
        RawDate::Text(s) => RawDateText(s),
        RawDate::Toml(t) => RawDateText(t.to_string()),
    }))
}

/// A date field before validation.
#[derive(Debug, Clone, Default)]
pub struct RawDateText(pub String);
