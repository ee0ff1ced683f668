//! Dates and numbers written the reader's way without the browser's `Intl`:
//! the few CLDR patterns the widget uses (a long date, a long date with a
//! short time, a whole number with its group separators) for French and
//! English and each two-letter region, exactly as Chromium 156's `Intl`
//! writes them (the browser tests compare every region with the browser's
//! own `Intl`).
//!
//! Why not `Intl`: the first `Intl.DateTimeFormat` a page builds loads the
//! browser's locale and time-zone data, 50 to 100 ms of main thread on a
//! laptop and 200 to 450 ms at the 4× CPU slowdown of Lighthouse's mobile
//! profile, in the very task that draws the article. A locale these tables
//! do not describe (a numeric region such as `en-150`) gets `None`, and the
//! caller asks `Intl`.

use crate::lang::{Lang, Locale};

/// A moment as the reader's clock shows it (or a calendar day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
    /// 0 to 23.
    pub hour: u8,
    pub minute: u8,
}

/// The two-letter region of a locale, when it is all the locale adds to
/// its language; `Some("")` for the bare language. A script subtag makes
/// browsers fall back to the bare language, and so do we.
fn region(locale: &Locale) -> Option<&str> {
    let mut parts = locale.tag().split('-').skip(1);
    match (parts.next(), parts.next()) {
        (None, _) => Some(""),
        (Some(r), None) if r.len() == 2 => Some(r),
        (Some(s), _) if s.len() == 4 => Some(""),
        _ => None,
    }
}

/// Whether `region` is in `list`, a run of two-letter codes.
fn listed(list: &str, region: &str) -> bool {
    !region.is_empty() && list.as_bytes().chunks(2).any(|code| code == region.as_bytes())
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

// English regions that write the day first ("9 April 2024"), and of them
// those that pad it ("09 April 2024").
const EN_DAY_FIRST: &str = "AEAGAIATAUBBBEBMBSCCCHCKCMCTCXCYCZDDDEDGDKDMEEERESFIFJFKFMFRFXGBGDGEGGGHGIGMGSGYHKHUIDIEILIMINIOITJEJMKEKIKNKYLCLRLSLTLVMGMOMSMUMVMWMYNANFNGNHNLNONRNUNZPCPGPKPLPNPTPWRORWSBSCSDSESGSHSISKSLSSSXSZTCTKTOTTTVTZUAUGUKVCVGVUWSZM";
const EN_DAY_PADDED: &str = "BWBZMTRHZAZW";
// English regions on a 24-hour clock with a padded hour ("09:05"), with a
// point ("09.05"), and unpadded ("9:05", "9.05").
const EN_24H: &str = "AIATBEBIBWBZCCCHCKCMCXCZDDDEDGEEESFKFRFXGBGEGGGIGSHUIEIMIOITJEKELTLVMGMSMTMUMVNFNGNLNONRNUPLPNPTRHRORWSCSESHSISKSXTKTVTZUAUGUKZAZW";
const EN_24H_POINT: &str = "DKID";
const EN_24H_POINT_UNPADDED: &str = "FI";
const EN_24H_UNPADDED: &str = "ILJP";
// English regions on a 12-hour clock with "am"/"pm", and with "a.m."/"p.m.".
const EN_LOWER_AM_PM: &str =
    "AGAUBBBMBSCTCYDMERFJFMGDGHGMGYHKINJMKIKNKYLCLRLSMOMWMYNANHNZPCPGPKPWSBSDSGSLSSSZTCTOTTVCVGVUWSZM";
const EN_DOTTED_AM_PM: &str = "CA";
// French regions on a 12-hour clock ("2:05 PM"), and the one that writes "14 h 05".
const FR_12H: &str = "DJDZMRNHSYTDTNVU";
const FR_H: &str = "CA";
// Group separators other than the language's own (a comma in English, a
// narrow no-break space in French).
const EN_POINT: &str = "ATBEDDDEDKESIDITNLPLROSI";
const EN_SPACE: &str = "CZEEFIHULTLVNOPTSESKUAZA";
const EN_NARROW_SPACE: &str = "FRFXGE";
const EN_APOSTROPHE: &str = "CH";
const EN_LAKH: &str = "IN";
const FR_POINT: &str = "LUMA";
const FR_SPACE: &str = "CA";

/// Appends `n` in decimal, with a leading zero below 10 when `pad`.
fn push_number(out: &mut String, n: u32, pad: bool) {
    if pad && n < 10 {
        out.push('0');
    }
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// "9 avril 2024", "April 9, 2024", "9 April 2024", "09 April 2024".
pub fn long_date(locale: &Locale, at: &Moment) -> Option<String> {
    let region = region(locale)?;
    let month = usize::from(at.month.clamp(1, 12) - 1);
    let (months, day_first, pad) = match locale.lang {
        Lang::Fr => (&MONTHS_FR, true, false),
        Lang::En => {
            (&MONTHS_EN, listed(EN_DAY_FIRST, region) || listed(EN_DAY_PADDED, region), listed(EN_DAY_PADDED, region))
        }
    };
    let mut out = String::new();
    if day_first {
        push_number(&mut out, u32::from(at.day), pad);
        out.push(' ');
        out.push_str(months[month]);
    } else {
        out.push_str(months[month]);
        out.push(' ');
        push_number(&mut out, u32::from(at.day), false);
        out.push(',');
    }
    out.push(' ');
    push_number(&mut out, at.year.unsigned_abs(), false);
    Some(out)
}

/// How a region writes the time of day.
enum Clock {
    /// 24 hours: the separator, the hour padded ("09:05") or not ("9:05").
    Day(&'static str, bool),
    /// 12 hours, with the morning and afternoon marks.
    Half(&'static str, &'static str),
}

/// The long date and the time: "9 avril 2024 à 14:05", "April 9, 2024 at 2:05 PM".
pub fn date_time(locale: &Locale, at: &Moment) -> Option<String> {
    let mut out = long_date(locale, at)?;
    out.push_str(match locale.lang {
        Lang::Fr => " à ",
        Lang::En => " at ",
    });
    out.push_str(&time(locale, at)?);
    Some(out)
}

/// The time of day alone: "14:05", "14 h 05", "2:05 PM".
pub fn time(locale: &Locale, at: &Moment) -> Option<String> {
    let region = region(locale)?;
    let clock = match locale.lang {
        Lang::Fr if listed(FR_H, region) => Clock::Day(" h ", true),
        Lang::Fr if listed(FR_12H, region) => Clock::Half("AM", "PM"),
        Lang::Fr => Clock::Day(":", true),
        Lang::En if listed(EN_24H, region) => Clock::Day(":", true),
        Lang::En if listed(EN_24H_POINT, region) => Clock::Day(".", true),
        Lang::En if listed(EN_24H_POINT_UNPADDED, region) => Clock::Day(".", false),
        Lang::En if listed(EN_24H_UNPADDED, region) => Clock::Day(":", false),
        Lang::En if listed(EN_LOWER_AM_PM, region) => Clock::Half("am", "pm"),
        Lang::En if listed(EN_DOTTED_AM_PM, region) => Clock::Half("a.m.", "p.m."),
        Lang::En => Clock::Half("AM", "PM"),
    };
    let mut out = String::new();
    let (hour, minute) = (u32::from(at.hour), u32::from(at.minute));
    match clock {
        Clock::Day(separator, pad) => {
            push_number(&mut out, hour, pad);
            out.push_str(separator);
            push_number(&mut out, minute, true);
        }
        Clock::Half(am, pm) => {
            push_number(&mut out, if hour % 12 == 0 { 12 } else { hour % 12 }, false);
            out.push(':');
            push_number(&mut out, minute, true);
            out.push(' ');
            out.push_str(if hour < 12 { am } else { pm });
        }
    }
    Some(out)
}

/// "1 234" (a narrow no-break space), "1,234", "1.234", "12,34,567" …
pub fn number(locale: &Locale, n: u64) -> Option<String> {
    let region = region(locale)?;
    let separator = match locale.lang {
        Lang::Fr if listed(FR_POINT, region) => '.',
        Lang::Fr if listed(FR_SPACE, region) => '\u{a0}',
        Lang::Fr => '\u{202f}',
        Lang::En if listed(EN_POINT, region) => '.',
        Lang::En if listed(EN_SPACE, region) => '\u{a0}',
        Lang::En if listed(EN_NARROW_SPACE, region) => '\u{202f}',
        Lang::En if listed(EN_APOSTROPHE, region) => '\'',
        Lang::En => ',',
    };
    // Indian English groups by two above the first three ("12,34,567").
    let lakh = locale.lang == Lang::En && listed(EN_LAKH, region);
    let mut digits = Vec::new();
    let mut rest = n;
    loop {
        digits.push(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut out = String::new();
    for (i, &digit) in digits.iter().enumerate().rev() {
        out.push(char::from(digit));
        let boundary = if lakh { i >= 3 && (i - 3) % 2 == 0 } else { i % 3 == 0 };
        if i > 0 && boundary {
            out.push(separator);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(year: i32, month: u8, day: u8, hour: u8, minute: u8) -> Moment {
        Moment { year, month, day, hour, minute }
    }

    fn locale(tag: &str) -> Locale {
        Locale::parse(tag).unwrap()
    }

    #[test]
    fn long_dates_in_each_order() {
        let day = at(2024, 4, 9, 14, 5);
        assert_eq!(long_date(&locale("fr"), &day).unwrap(), "9 avril 2024");
        assert_eq!(long_date(&locale("fr-CA"), &day).unwrap(), "9 avril 2024");
        assert_eq!(long_date(&locale("en"), &day).unwrap(), "April 9, 2024");
        assert_eq!(long_date(&locale("en-US"), &day).unwrap(), "April 9, 2024");
        assert_eq!(long_date(&locale("en-GB"), &day).unwrap(), "9 April 2024");
        assert_eq!(long_date(&locale("en-ZA"), &day).unwrap(), "09 April 2024");
        assert_eq!(long_date(&locale("fr"), &at(2024, 8, 1, 0, 0)).unwrap(), "1 août 2024");
    }

    #[test]
    fn times_on_each_clock() {
        let afternoon = at(2024, 4, 9, 14, 5);
        let midnight = at(2024, 4, 9, 0, 5);
        assert_eq!(date_time(&locale("fr"), &afternoon).unwrap(), "9 avril 2024 à 14:05");
        assert_eq!(date_time(&locale("fr-CA"), &afternoon).unwrap(), "9 avril 2024 à 14 h 05");
        assert_eq!(date_time(&locale("fr-TN"), &midnight).unwrap(), "9 avril 2024 à 12:05 AM");
        assert_eq!(date_time(&locale("en"), &afternoon).unwrap(), "April 9, 2024 at 2:05 PM");
        assert_eq!(date_time(&locale("en"), &midnight).unwrap(), "April 9, 2024 at 12:05 AM");
        assert_eq!(date_time(&locale("en-GB"), &midnight).unwrap(), "9 April 2024 at 00:05");
        assert_eq!(date_time(&locale("en-AU"), &afternoon).unwrap(), "9 April 2024 at 2:05 pm");
        assert_eq!(date_time(&locale("en-CA"), &afternoon).unwrap(), "April 9, 2024 at 2:05 p.m.");
        assert_eq!(date_time(&locale("en-FI"), &at(2024, 4, 9, 9, 5)).unwrap(), "9 April 2024 at 9.05");
        // The time alone (how long a reader may still edit their comment).
        assert_eq!(time(&locale("fr"), &afternoon).unwrap(), "14:05");
        assert_eq!(time(&locale("fr-CA"), &afternoon).unwrap(), "14 h 05");
        assert_eq!(time(&locale("en"), &midnight).unwrap(), "12:05 AM");
        assert_eq!(date_time(&locale("en-JP"), &at(2024, 4, 9, 9, 5)).unwrap(), "April 9, 2024 at 9:05");
    }

    #[test]
    fn numbers_grouped_the_regions_way() {
        assert_eq!(number(&locale("fr"), 1_234_567).unwrap(), "1\u{202f}234\u{202f}567");
        assert_eq!(number(&locale("fr-CA"), 1234).unwrap(), "1\u{a0}234");
        assert_eq!(number(&locale("fr-LU"), 1234).unwrap(), "1.234");
        assert_eq!(number(&locale("en"), 1_234_567).unwrap(), "1,234,567");
        assert_eq!(number(&locale("en-CH"), 1234).unwrap(), "1'234");
        assert_eq!(number(&locale("en-IN"), 1_234_567).unwrap(), "12,34,567");
        assert_eq!(number(&locale("en-IN"), 123).unwrap(), "123");
        assert_eq!(number(&locale("en"), 0).unwrap(), "0");
        assert_eq!(number(&locale("en"), 999).unwrap(), "999");
        assert_eq!(number(&locale("en"), 1000).unwrap(), "1,000");
    }

    #[test]
    fn a_script_falls_back_to_the_language_and_a_numeric_region_to_intl() {
        let day = at(2024, 4, 9, 14, 5);
        assert_eq!(long_date(&locale("en-Latn-GB"), &day).unwrap(), "April 9, 2024");
        assert_eq!(long_date(&locale("en-150"), &day), None);
        assert_eq!(number(&locale("fr-419"), 5), None);
    }

    #[test]
    fn the_region_lists_are_pairs_of_capitals() {
        for list in [
            EN_DAY_FIRST,
            EN_DAY_PADDED,
            EN_24H,
            EN_24H_POINT,
            EN_24H_POINT_UNPADDED,
            EN_24H_UNPADDED,
            EN_LOWER_AM_PM,
            EN_DOTTED_AM_PM,
            FR_12H,
            FR_H,
            EN_POINT,
            EN_SPACE,
            EN_NARROW_SPACE,
            EN_APOSTROPHE,
            EN_LAKH,
            FR_POINT,
            FR_SPACE,
        ] {
            assert_eq!(list.len() % 2, 0, "{list}");
            assert!(list.bytes().all(|b| b.is_ascii_uppercase()), "{list}");
        }
    }
}
