//! Time as the API writes it: RFC 3339 in UTC.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// `2024-04-19T10:00:00.120Z`, always with three fraction digits, so that
/// stored times sort as text (the duplicate check compares them so).
pub fn format(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

pub fn parse(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let t = parse("2024-04-19T10:00:00.5+02:00").unwrap();
        assert_eq!(format(t), "2024-04-19T08:00:00.500Z");
        assert_eq!(format(parse("2024-04-19T10:00:00Z").unwrap()), "2024-04-19T10:00:00.000Z");
        assert!(parse("yesterday").is_none());
    }
}
