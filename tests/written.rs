//! The widget writes dates and numbers itself (`article_widget_core::cldr`,
//! to keep `Intl`'s costly first date formatter out of the first view):
//! here, everything it writes is compared with the browser's own `Intl`,
//! for French and English, bare and with each of the 676 two-letter
//! regions, on moments that exercise each pattern (the hour on both clocks,
//! midnight and noon, one- and two-digit days, every month).

use article_widget_core::cldr::{self, Moment};
use article_widget_core::Locale;
use js_sys::{Date, Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every locale the tables describe: fr and en, bare and with each region.
fn locales() -> Vec<Locale> {
    let mut out = Vec::new();
    for lang in ["fr", "en"] {
        out.push(Locale::parse(lang).unwrap());
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                out.push(Locale::parse(&format!("{lang}-{}{}", a as char, b as char)).unwrap());
            }
        }
    }
    out
}

fn intl_date(tag: &str, time: bool) -> js_sys::Intl::DateTimeFormat {
    let options = Object::new();
    Reflect::set(&options, &"dateStyle".into(), &"long".into()).unwrap();
    if time {
        Reflect::set(&options, &"timeStyle".into(), &"short".into()).unwrap();
    }
    js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&tag.into()), &options)
}

fn written_by_intl(formatter: &js_sys::Intl::DateTimeFormat, at: &Moment) -> String {
    let date = Date::new_with_year_month_day_hr_min(
        at.year as u32,
        i32::from(at.month) - 1,
        i32::from(at.day),
        i32::from(at.hour),
        i32::from(at.minute),
    );
    formatter.format().call1(formatter, &date).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn dates_and_times_as_intl_writes_them() {
    let moments: Vec<Moment> = [(1, 1, 0, 5), (9, 4, 9, 5), (19, 4, 14, 5), (31, 12, 12, 0), (15, 8, 23, 59)]
        .into_iter()
        .chain((1..=12).map(|month| (28, month, 7, 30)))
        .map(|(day, month, hour, minute)| Moment { year: 2024, month, day, hour, minute })
        .collect();
    let mut differences = Vec::new();
    for locale in locales() {
        let (date, full) = (intl_date(locale.tag(), false), intl_date(locale.tag(), true));
        for at in &moments {
            let ours = (cldr::long_date(&locale, at).unwrap(), cldr::date_time(&locale, at).unwrap());
            let intl = (written_by_intl(&date, at), written_by_intl(&full, at));
            if ours != intl {
                differences.push(format!("{}: ours {ours:?}, Intl {intl:?}", locale.tag()));
            }
        }
    }
    assert_none(&differences);
}

#[wasm_bindgen_test]
fn numbers_as_intl_writes_them() {
    let mut differences = Vec::new();
    for locale in locales() {
        let intl = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&locale.tag().into()), &Object::new());
        for n in [0u64, 7, 999, 1000, 1234, 12_345, 123_456, 1_234_567, 123_456_789, 9_007_199_254_740_991] {
            let ours = cldr::number(&locale, n).unwrap();
            let theirs = intl.format().call1(&intl, &JsValue::from_f64(n as f64)).unwrap().as_string().unwrap();
            if ours != theirs {
                differences.push(format!("{} {n}: ours {ours:?}, Intl {theirs:?}", locale.tag()));
            }
        }
    }
    assert_none(&differences);
}

/// Fails with the count and the first few differences, if any.
fn assert_none(differences: &[String]) {
    assert!(
        differences.is_empty(),
        "{} differences, first: {:#?}",
        differences.len(),
        &differences[..differences.len().min(12)]
    );
}
