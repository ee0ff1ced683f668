//! Dates and numbers written the reader's way. The widget writes them
//! itself for every locale [`article_widget_core::cldr`] describes (French
//! and English, bare or with a two-letter region), as `Intl` would: the
//! first `Intl.DateTimeFormat` of a page costs 50 to 100 ms of main thread
//! (four times that on a slow phone), in the task that draws the article.
//! Any other locale (a numeric region such as `en-150`) goes to `Intl`, whose
//! tags [`Locale`] guarantees it accepts.
//!
//! An `Intl` formatter costs far more to build than to use (a related list
//! or a page of comments formats dozens of dates), so each one is built
//! once per locale and style and kept.

use std::cell::RefCell;

use article_widget_core::cldr::{self, Moment};
use article_widget_core::{Locale, Timestamp};
use js_sys::{Date, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat` or `Intl.NumberFormat`: both have `format`.
    type Formatter;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn date_format(locale: &str, options: &Object) -> Formatter;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "NumberFormat")]
    fn number_format(locale: &str) -> Formatter;
    #[wasm_bindgen(method)]
    fn format(this: &Formatter, value: &JsValue) -> String;
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// "19 avril 2024", in the reader's time zone.
    Date,
    /// The same, for a calendar day (no time zone moves it).
    Day,
    /// "19 avril 2024 à 14:05".
    DateTime,
    /// "14:05", in the reader's time zone.
    Time,
    Number,
}

thread_local! {
    static FORMATTERS: RefCell<Vec<(String, Style, Formatter)>> = const { RefCell::new(Vec::new()) };
}

/// Through `Intl`, for the locales the widget does not write itself.
fn by_intl(locale: &str, style: Style, value: &JsValue) -> String {
    FORMATTERS.with(|cell| {
        let mut formatters = cell.borrow_mut();
        let index = match formatters.iter().position(|(l, s, _)| l == locale && *s == style) {
            Some(index) => index,
            None => {
                let formatter = match style {
                    Style::Number => Formatter::number_format(locale),
                    Style::Time => {
                        let options = Object::new();
                        set(&options, "timeStyle", "short");
                        Formatter::date_format(locale, &options)
                    }
                    _ => {
                        let options = Object::new();
                        set(&options, "dateStyle", "long");
                        if style == Style::DateTime {
                            set(&options, "timeStyle", "short");
                        }
                        if style == Style::Day {
                            set(&options, "timeZone", "UTC");
                        }
                        Formatter::date_format(locale, &options)
                    }
                };
                formatters.push((locale.to_owned(), style, formatter));
                formatters.len() - 1
            }
        };
        formatters[index].2.format(value)
    })
}

/// The moment on the reader's clock, or (for a calendar day) in UTC.
fn moment(date: &Date, style: Style) -> Moment {
    let (year, month, day, hour, minute) = if style == Style::Day {
        (
            date.get_utc_full_year(),
            date.get_utc_month(),
            date.get_utc_date(),
            date.get_utc_hours(),
            date.get_utc_minutes(),
        )
    } else {
        (date.get_full_year(), date.get_month(), date.get_date(), date.get_hours(), date.get_minutes())
    };
    let narrow = |n: u32| u8::try_from(n).unwrap_or(0);
    Moment { year: year as i32, month: narrow(month + 1), day: narrow(day), hour: narrow(hour), minute: narrow(minute) }
}

fn date(locale: &str, style: Style, date: &Date) -> String {
    let written = Locale::parse(locale).and_then(|l| {
        let at = moment(date, style);
        match style {
            Style::DateTime => cldr::date_time(&l, &at),
            _ => cldr::long_date(&l, &at),
        }
    });
    written.unwrap_or_else(|| by_intl(locale, style, date))
}

/// "19 avril 2024" / "19 April 2024". A bare date is read as a calendar day
/// (in UTC, so no reader sees the day before); a timestamp in the reader's
/// own time zone.
pub fn long_date(ts: &Timestamp, locale: &str) -> String {
    let at = Date::new(&JsValue::from_str(ts.as_str()));
    if at.get_time().is_nan() {
        return ts.date().to_owned();
    }
    let style = if is_day(ts) { Style::Day } else { Style::Date };
    date(locale, style, &at)
}

/// The full date and time, for a tooltip: "19 avril 2024 à 14:05".
pub fn date_time(ts: &Timestamp, locale: &str) -> String {
    let at = Date::new(&JsValue::from_str(ts.as_str()));
    if at.get_time().is_nan() || is_day(ts) {
        return long_date(ts, locale);
    }
    date(locale, Style::DateTime, &at)
}

/// The time of day of an instant (ms since 1970), on the reader's clock:
/// "14:05" / "2:05 PM".
pub fn time_of_day(millis: f64, locale: &str) -> String {
    let at = Date::new(&JsValue::from_f64(millis));
    let written = Locale::parse(locale).and_then(|l| cldr::time(&l, &moment(&at, Style::Time)));
    written.unwrap_or_else(|| by_intl(locale, Style::Time, &at))
}

/// "1 234" / "1,234".
pub fn number(n: u64, locale: &str) -> String {
    Locale::parse(locale)
        .and_then(|l| cldr::number(&l, n))
        // Counts above 2^53 lose precision as f64, far beyond any view count.
        .unwrap_or_else(|| by_intl(locale, Style::Number, &JsValue::from_f64(n as f64)))
}

fn is_day(ts: &Timestamp) -> bool {
    ts.as_str().len() == 10
}

fn set(object: &Object, key: &str, value: &str) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &JsValue::from_str(value));
}
