//! Dates and numbers written the reader's way, by the browser's `Intl`
//! (no formatting tables in the wasm). Locale tags come from
//! [`article_widget_core::Locale`], whose tags `Intl` always accepts (these
//! bindings would abort on a tag it throws on).

use article_widget_core::Timestamp;
use js_sys::{Date, Number, Object, Reflect};
use wasm_bindgen::JsValue;

/// "19 avril 2024" / "19 April 2024". A bare date is read as a calendar day
/// (in UTC, so no reader sees the day before); a timestamp in the reader's
/// own time zone.
pub fn long_date(ts: &Timestamp, locale: &str) -> String {
    let date = Date::new(&JsValue::from_str(ts.as_str()));
    if date.get_time().is_nan() {
        return ts.date().to_owned();
    }
    let options = Object::new();
    set(&options, "dateStyle", "long");
    if ts.as_str().len() == 10 {
        set(&options, "timeZone", "UTC");
    }
    String::from(date.to_locale_date_string(locale, &options))
}

/// The full date and time, for a tooltip: "19 avril 2024 à 14:05".
pub fn date_time(ts: &Timestamp, locale: &str) -> String {
    let date = Date::new(&JsValue::from_str(ts.as_str()));
    if date.get_time().is_nan() || ts.as_str().len() == 10 {
        return long_date(ts, locale);
    }
    let options = Object::new();
    set(&options, "dateStyle", "long");
    set(&options, "timeStyle", "short");
    String::from(date.to_locale_string(locale, &options))
}

/// "1 234" / "1,234".
pub fn number(n: u64, locale: &str) -> String {
    // Counts above 2^53 lose precision as f64, far beyond any view count.
    Number::from(n as f64)
        .to_locale_string(locale)
        .as_string()
        .unwrap_or_else(|| n.to_string())
}

fn set(object: &Object, key: &str, value: &str) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &JsValue::from_str(value));
}
