//! Timestamps as articles carry them: RFC 3339 (`2024-04-19T10:00:00Z`,
//! `2024-04-19T10:00:00+01:00`) or a bare date (`2024-04-19`); and as RSS
//! carries them, RFC 822 (`Thu, 18 Apr 2024 09:30:00 +0000`), converted to
//! RFC 3339.
//!
//! The widget only checks the shape here; the browser's `Date` and `Intl`
//! turn the text into "19 avril 2024". Keeping a date library out of the
//! wasm keeps it small.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A timestamp as written, with the instant it names (UTC seconds and
/// nanoseconds), which is what it sorts by: `…T23:30:00-08:00` comes after
/// `…T01:00:00Z` of the next day, as it should.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timestamp {
    text: String,
    instant: (i64, u32),
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant.cmp(&other.instant).then_with(|| self.text.cmp(&other.text))
    }
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Timestamp {
    /// Accepts `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.frac]]` and
    /// `Z` or `±HH:MM`. A time without a zone is rejected: it would be read
    /// in each reader's own zone and show different days.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            b.get(range.clone())
                .filter(|s| s.iter().all(u8::is_ascii_digit))
                .map(|s| s.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
        };
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let midnight = days_from_civil(i64::from(year), i64::from(month), i64::from(day)) * 86_400;
        let make = |seconds: i64, nanos: u32| Timestamp { text: text.to_owned(), instant: (seconds, nanos) };
        if b[4] != b'-' || b[7] != b'-' || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        if b.len() == 10 {
            return Some(make(midnight, 0));
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let (hour, minute) = (digits(11..13)?, digits(14..16)?);
        if b.get(13) != Some(&b':') || hour > 23 || minute > 59 {
            return None;
        }
        let mut i = 16;
        let (mut second, mut nanos) = (0u32, 0u32);
        if b.get(i) == Some(&b':') {
            second = digits(i + 1..i + 3)?;
            if second > 60 {
                return None;
            }
            i += 3;
            if b.get(i) == Some(&b'.') {
                let frac = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if frac == 0 {
                    return None;
                }
                nanos = b[i + 1..i + 1 + frac.min(9)]
                    .iter()
                    .chain(std::iter::repeat(&b'0'))
                    .take(9)
                    .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
                i += 1 + frac;
            }
        }
        let local = midnight + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
        let offset = match b.get(i) {
            Some(b'Z' | b'z') if b.len() == i + 1 => 0,
            Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
                let (h, m) = (digits(i + 1..i + 3)?, digits(i + 4..i + 6)?);
                if h > 23 || m > 59 {
                    return None;
                }
                let seconds = i64::from(h) * 3600 + i64::from(m) * 60;
                if *sign == b'-' {
                    -seconds
                } else {
                    seconds
                }
            }
            _ => return None,
        };
        Some(make(local - offset, nanos))
    }

    /// RFC 3339 as is; RFC 822 (RSS `pubDate`) converted to RFC 3339; white
    /// space around either ignored.
    pub fn parse_lenient(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        Timestamp::parse(text).or_else(|| Timestamp::parse_rfc822(text))
    }

    /// `Thu, 18 Apr 2024 09:30:00 +0000` (weekday and seconds optional; zone as
    /// an offset, or GMT/UT/UTC/Z or a North American name), as RFC 3339.
    pub fn parse_rfc822(text: &str) -> Option<Timestamp> {
        let text = text.split_once(',').map_or(text, |(_, rest)| rest).trim();
        let mut parts = text.split_whitespace();
        let day: u32 = parts.next()?.parse().ok()?;
        let month = match parts.next()?.get(..3)?.to_ascii_lowercase().as_str() {
            "jan" => 1,
            "feb" => 2,
            "mar" => 3,
            "apr" => 4,
            "may" => 5,
            "jun" => 6,
            "jul" => 7,
            "aug" => 8,
            "sep" => 9,
            "oct" => 10,
            "nov" => 11,
            "dec" => 12,
            _ => return None,
        };
        let mut year: u32 = parts.next()?.parse().ok()?;
        if year < 100 {
            year += if year < 50 { 2000 } else { 1900 };
        }
        let mut clock = parts.next()?.split(':');
        let (hour, minute): (u32, u32) = (clock.next()?.parse().ok()?, clock.next()?.parse().ok()?);
        let second: u32 = clock.next().map_or(Some(0), |s| s.parse().ok())?;
        let zone = match parts.next().unwrap_or("GMT") {
            "GMT" | "UT" | "UTC" | "Z" => "+00:00".to_owned(),
            "EST" => "-05:00".into(),
            "EDT" => "-04:00".into(),
            "CST" => "-06:00".into(),
            "CDT" => "-05:00".into(),
            "MST" => "-07:00".into(),
            "MDT" => "-06:00".into(),
            "PST" => "-08:00".into(),
            "PDT" => "-07:00".into(),
            offset
                if offset.len() == 5 && offset.is_ascii() && (offset.starts_with('+') || offset.starts_with('-')) =>
            {
                format!("{}:{}", &offset[..3], &offset[3..])
            }
            _ => return None,
        };
        Timestamp::parse(&format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{zone}"))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The `YYYY-MM-DD` part, for a `<time datetime>` that names a day.
    pub fn date(&self) -> &str {
        &self.text[..10]
    }

    /// The instant, in milliseconds since 1970 (what `Date.now()` counts).
    pub fn unix_millis(&self) -> f64 {
        self.instant.0 as f64 * 1000.0 + f64::from(self.instant.1 / 1_000_000)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not an RFC 3339 date or timestamp")))
    }
}

#[cfg(test)]
mod tests {
    use super::{days_from_civil, Timestamp};

    #[test]
    fn accepts_rfc3339_and_dates() {
        for ok in [
            "2024-04-19",
            "2024-04-19T10:00Z",
            "2024-04-19T10:00:00Z",
            "2024-04-19T10:00:00.123Z",
            "2024-04-19T10:00:00+01:00",
            "2024-04-19t23:59:60-05:30",
        ] {
            assert!(Timestamp::parse(ok).is_some(), "{ok}");
        }
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "",
            "2024",
            "2024-4-19",
            "2024-13-01",
            "2024-04-32",
            "19/04/2024",
            "2024-04-19T10:00:00",
            "2024-04-19T25:00:00Z",
            "2024-04-19T10:00:00.Z",
            "2024-04-19T10:00:00+0100",
            "2024-04-19T10:00:00Zjunk",
            "2024-04-19Tévé",
        ] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn orders_by_the_instant_not_the_text() {
        let t = |s: &str| Timestamp::parse(s).unwrap();
        assert!(t("2024-04-18T23:30:00-08:00") > t("2024-04-19T01:00:00Z"));
        assert!(t("2024-04-19T10:00:00.5Z") > t("2024-04-19T10:00:00Z"));
        assert!(t("2024-04-19t10:00:01Z") > t("2024-04-19T10:00:00Z"));
        assert!(t("2024-04-19") < t("2024-04-19T00:00:01Z"));
        // The same instant written two ways sits between its neighbours.
        assert!(t("2024-04-19T12:00:00+02:00") > t("2024-04-19T09:59:59Z"));
        assert!(t("2024-04-19T12:00:00+02:00") < t("2024-04-19T10:00:00.000000001Z"));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn date_part() {
        assert_eq!(Timestamp::parse("2024-04-19T10:00:00Z").unwrap().date(), "2024-04-19");
    }

    #[test]
    fn rss_dates_become_rfc3339() {
        let d = |s: &str| Timestamp::parse_lenient(s).map(|t| t.as_str().to_owned());
        assert_eq!(d("Thu, 18 Apr 2024 09:30:00 +0000").as_deref(), Some("2024-04-18T09:30:00+00:00"));
        assert_eq!(d("18 Apr 2024 09:30 GMT").as_deref(), Some("2024-04-18T09:30:00+00:00"));
        assert_eq!(d("Fri, 19 Apr 24 10:00:00 +0200").as_deref(), Some("2024-04-19T10:00:00+02:00"));
        assert_eq!(d("Fri, 19 Apr 2024 10:00:00 PST").as_deref(), Some("2024-04-19T10:00:00-08:00"));
        assert_eq!(d("2024-04-19T10:00:00Z").as_deref(), Some("2024-04-19T10:00:00Z"));
        assert_eq!(d("la semaine dernière"), None);
        // Not ASCII where an offset's digits should be: refused, not a panic.
        assert_eq!(d("Thu, 18 Apr 2024 09:30:00 +0€"), None);
        assert_eq!(d("Thu, 18 Apr 2024 09:30:00 +0é0"), None);
        assert_eq!(d("Thu, 32 Apr 2024 09:30:00 +0000"), None);
    }
}
