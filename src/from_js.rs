//! A serde `Deserializer` over a JS value (parsed JSON, or an object a host
//! page gives): how the widget reads everything from outside, the article
//! the first view draws first of all.
//!
//! serde-wasm-bindgen, which writes the widget's values (drafts, edit
//! grants), read them too until the first view's download was measured:
//! its errors quote the value they met (`floating point `1.5``, an escaped
//! string), and that quoting brought Rust's float printing and string
//! escaping into the module the title waits for. Errors here name the kind
//! of value met instead, and quote a string or an integer as it is; each
//! typed entry point asks its visitor for the one kind it reads. Measured
//! on the release build: the first view 9.7 KB gzip smaller, everything
//! together 5.9 KB smaller (size-budget.json).
//!
//! Values read as serde-wasm-bindgen reads them (tests/from_js.rs compares
//! the two on every document the project ships): `null` and `undefined`
//! are none, a whole number is an integer, an object's own enumerable
//! properties are its fields, a unit variant is its name.

use std::fmt;

use js_sys::{Array, Object};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Expected, IntoDeserializer, Unexpected, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// What a JS value could not be read as.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }

    fn invalid_type(met: Unexpected, expected: &dyn Expected) -> Self {
        invalid_type(&Met(met), expected)
    }

    fn invalid_value(met: Unexpected, expected: &dyn Expected) -> Self {
        Error(format!("invalid value: {}, expected {expected}", Met(met)))
    }
}

/// serde's wording for a value of the wrong kind, with the value named as
/// [`Met`] or [`Value::kind`] names it.
fn invalid_type(met: &dyn fmt::Display, expected: &dyn Expected) -> Error {
    Error(format!("invalid type: {met}, expected {expected}"))
}

/// A value met, named without serde's own quoting (see the module's doc).
struct Met<'a>(Unexpected<'a>);

impl fmt::Display for Met<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(n) => write!(f, "integer `{n}`"),
            Unexpected::Signed(n) => write!(f, "integer `{n}`"),
            Unexpected::Float(_) => f.write_str("a number with a fraction"),
            Unexpected::Str(text) => write!(f, "string “{text}”"),
            Unexpected::Unit | Unexpected::Option => f.write_str("null"),
            Unexpected::Seq => f.write_str("an array"),
            Unexpected::Map => f.write_str("an object"),
            _ => f.write_str("another kind of value"),
        }
    }
}

/// Reads `value` as a `T`.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Value(value))
}

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// One JS value being read.
struct Value(JsValue);

impl Value {
    fn is_nullish(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }

    /// The error for a value that is not what `visitor` reads. Each typed
    /// entry point below asks its visitor for the one kind it reads and
    /// says this otherwise, so that a type's reader holds no code for the
    /// kinds it refuses.
    fn wrong<'de, V: Visitor<'de>>(&self, visitor: &V) -> Error {
        invalid_type(&self.kind(), visitor)
    }

    fn kind(&self) -> &'static str {
        let value = &self.0;
        if self.is_nullish() {
            "null"
        } else if value.as_bool().is_some() {
            "a boolean"
        } else if value.as_f64().is_some() {
            "a number"
        } else if value.is_string() {
            "a string"
        } else if Array::is_array(value) {
            "an array"
        } else if value.is_object() {
            "an object"
        } else {
            "a value JSON cannot hold"
        }
    }

    /// A whole number, as an integer (JSON has only numbers).
    fn integer<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE => {
                if n < 0.0 {
                    visitor.visit_i64(n as i64)
                } else {
                    visitor.visit_u64(n as u64)
                }
            }
            Some(n) => Err(de::Error::invalid_type(Unexpected::Float(n), &visitor)),
            None => Err(self.wrong(&visitor)),
        }
    }

    fn fields(&self) -> Option<Fields> {
        let object = (self.0.is_object() && !Array::is_array(&self.0)).then(|| self.0.unchecked_ref::<Object>())?;
        Some(Fields { entries: Object::entries(object), next: 0, value: None })
    }
}

/// Entry points that read a whole number ([`Value::integer`]).
macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.integer(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = &self.0;
        if self.is_nullish() {
            visitor.visit_unit()
        } else if let Some(b) = value.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = value.as_f64() {
            match n.fract() == 0.0 && n.abs() <= MAX_SAFE {
                true => self.integer(visitor),
                false => visitor.visit_f64(n),
            }
        } else if let Some(text) = value.as_string() {
            visitor.visit_string(text)
        } else if Array::is_array(value) {
            self.deserialize_seq(visitor)
        } else if let Some(fields) = self.fields() {
            visitor.visit_map(fields)
        } else {
            Err(self.wrong(&visitor))
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(self.wrong(&visitor)),
        }
    }

    integers!(deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_i64);

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(text) => visitor.visit_string(text),
            None => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_nullish() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match Array::is_array(&self.0) {
            true => visitor.visit_seq(Items { items: self.0.unchecked_into(), next: 0 }),
            false => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.fields() {
            Some(fields) => visitor.visit_map(fields),
            None => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant, written as its name.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(name) => visitor.visit_enum(name.into_deserializer()),
            None => Err(self.wrong(&visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i128 u128 f32 f64 char bytes byte_buf unit unit_struct tuple tuple_struct
    }
}

/// An array's items, in order.
struct Items {
    items: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        self.next += 1;
        seed.deserialize(Value(self.items.get(self.next - 1))).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.items.length() - self.next) as usize)
    }
}

/// An object's fields: `Object.entries`, `[name, value]` pairs.
struct Fields {
    entries: Array,
    next: u32,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.next >= self.entries.length() {
            return Ok(None);
        }
        let entry: Array = self.entries.get(self.next).unchecked_into();
        self.next += 1;
        self.value = Some(entry.get(1));
        seed.deserialize(Value(entry.get(0))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Value(self.value.take().unwrap_or(JsValue::UNDEFINED)))
    }
}
