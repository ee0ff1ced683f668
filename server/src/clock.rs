//! Time as the API writes it: RFC 3339 in UTC.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// `2024-04-19T10:00:00.123Z`: sortable as text, which the duplicate check uses.
pub fn format(t: OffsetDateTime) -> String {
    let t = t.replace_nanosecond(t.millisecond() as u32 * 1_000_000).unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
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
        assert_eq!(format(t.to_offset(time::UtcOffset::UTC)), "2024-04-19T08:00:00.5Z");
        assert!(parse("yesterday").is_none());
    }
}
