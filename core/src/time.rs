//! Timestamps as articles carry them: RFC 3339 (`2024-04-19T10:00:00Z`,
//! `2024-04-19T10:00:00+01:00`) or a bare date (`2024-04-19`).
//!
//! The widget only checks the shape here; the browser's `Date` and `Intl`
//! turn the text into "19 avril 2024". Keeping a date library out of the
//! wasm keeps it small.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(String);

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
        let (_year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        if b[4] != b'-' || b[7] != b'-' || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        if b.len() == 10 {
            return Some(Timestamp(text.to_owned()));
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let (hour, minute) = (digits(11..13)?, digits(14..16)?);
        if b.get(13) != Some(&b':') || hour > 23 || minute > 59 {
            return None;
        }
        let mut i = 16;
        if b.get(i) == Some(&b':') {
            if digits(i + 1..i + 3)? > 60 {
                return None;
            }
            i += 3;
            if b.get(i) == Some(&b'.') {
                let frac = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if frac == 0 {
                    return None;
                }
                i += 1 + frac;
            }
        }
        let zone_ok = match b.get(i) {
            Some(b'Z' | b'z') => b.len() == i + 1,
            Some(b'+' | b'-') => {
                b.len() == i + 6
                    && b[i + 3] == b':'
                    && digits(i + 1..i + 3)? <= 23
                    && digits(i + 4..i + 6)? <= 59
            }
            _ => false,
        };
        zone_ok.then(|| Timestamp(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `YYYY-MM-DD` part, for a `<time datetime>` that names a day.
    pub fn date(&self) -> &str {
        &self.0[..10]
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not an RFC 3339 date or timestamp"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

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
            "", "2024", "2024-4-19", "2024-13-01", "2024-04-32", "19/04/2024",
            "2024-04-19T10:00:00", "2024-04-19T25:00:00Z", "2024-04-19T10:00:00.Z",
            "2024-04-19T10:00:00+0100", "2024-04-19T10:00:00Zjunk", "2024-04-19Tévé",
        ] {
            assert!(Timestamp::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn date_part() {
        assert_eq!(Timestamp::parse("2024-04-19T10:00:00Z").unwrap().date(), "2024-04-19");
    }
}
