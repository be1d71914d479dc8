//! The lean writer: an answer as the JSON value `serde_json::to_value` makes of it, written by
//! `#[derive(Encode)]` (crate `thanthien-derive`) in one small function per type, every field
//! handed as a trait object to the one non-generic [`field`]. The value path of every call
//! (the browser builds, `api::call_str`) writes through it; the text path keeps serde's
//! `Serialize` and its fast writer. `api::writer_tests` holds the two to the same values.
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

use serde::Serialize;
use serde_json::{Map, Value};

/// A type written as a JSON value, as serde's `Serialize` writes it into `serde_json::Value`.
pub trait Encode {
    /// The value; a part that serde could not write either leaves its error in `w`.
    fn encode(&self, w: &mut Writer) -> Value;
}

/// What a writing failed on: serde's first error (only a type serde writes can fail).
#[derive(Debug, Default)]
pub struct Writer {
    error: Option<String>,
}

impl Writer {
    #[inline(never)]
    fn fail(&mut self, e: &dyn Display) {
        if self.error.is_none() {
            self.error = Some(e.to_string());
        }
    }
}

/// `v` as a JSON value, or the message of serde's error (as `serde_json::to_value` gives).
pub fn to_value<T: Encode + ?Sized>(v: &T) -> Result<Value, String> {
    let mut w = Writer::default();
    let value = v.encode(&mut w);
    match w.error {
        None => Ok(value),
        Some(e) => Err(e),
    }
}

/// A record's field `key`, written (one copy for every field of every record).
#[inline(never)]
pub fn field(m: &mut Map<String, Value>, key: &'static str, v: &dyn Encode, w: &mut Writer) {
    let value = v.encode(w);
    m.insert(key.to_owned(), value);
}

/// A `#[serde(flatten)]` field: its entries in the record (none for `None` or `()`); anything
/// else but a record or a map is serde's error.
#[inline(never)]
pub fn flatten(m: &mut Map<String, Value>, v: &dyn Encode, w: &mut Writer) {
    let got = match v.encode(w) {
        Value::Object(entries) => return m.extend(entries),
        Value::Null => return,
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a float",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
    };
    w.fail(&format_args!(
        "can only flatten structs and maps (got {got})"
    ));
}

/// A unit variant: its name.
#[inline(never)]
pub fn name(s: &'static str) -> Value {
    Value::String(s.to_owned())
}

/// A type serde writes itself (chrono's dates, 128-bit integers, and the types the derive
/// leaves to serde: enums with data, tuple structs, `#[encode(serde)]`).
#[inline(never)]
pub fn by_serde<T: Serialize + ?Sized>(v: &T, w: &mut Writer) -> Value {
    serde_json::to_value(v).unwrap_or_else(|e| {
        w.fail(&e);
        Value::Null
    })
}

/// serde's `Serialize` and the lean writer's [`Encode`] of types written as the name their
/// `as_str` gives (codes whose names are the contract; the deadline's and the home birth's, so
/// unused in the calendar-only build).
#[cfg_attr(not(feature = "procedures"), allow(unused_macros))]
macro_rules! write_as_str {
    ($($t:ty),*) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl $crate::de::encode::Encode for $t {
            fn encode(&self, _: &mut $crate::de::encode::Writer) -> serde_json::Value {
                $crate::de::encode::name(self.as_str())
            }
        }
    )*};
}
#[cfg_attr(not(feature = "procedures"), allow(unused_imports))]
pub(crate) use write_as_str;

/// Writes each item of a sequence (one copy for every item type).
fn items<'a, T: Encode + 'a>(it: impl Iterator<Item = &'a T>, w: &mut Writer) -> Value {
    Value::Array(it.map(|v| v.encode(w)).collect())
}

macro_rules! via_from {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode(&self, _: &mut Writer) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

via_from!(
    bool, u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64
);

macro_rules! via_serde {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode(&self, w: &mut Writer) -> Value {
                by_serde(self, w)
            }
        }
    )*};
}

via_serde!(
    i128,
    u128,
    chrono::NaiveDate,
    chrono::NaiveDateTime,
    chrono::NaiveTime
);

impl Encode for str {
    fn encode(&self, _: &mut Writer) -> Value {
        Value::String(self.to_owned())
    }
}

impl Encode for String {
    fn encode(&self, _: &mut Writer) -> Value {
        Value::String(self.clone())
    }
}

impl Encode for char {
    fn encode(&self, _: &mut Writer) -> Value {
        Value::String(self.to_string())
    }
}

impl Encode for () {
    fn encode(&self, _: &mut Writer) -> Value {
        Value::Null
    }
}

impl Encode for Value {
    fn encode(&self, _: &mut Writer) -> Value {
        self.clone()
    }
}

impl<T: Encode + ?Sized> Encode for &T {
    fn encode(&self, w: &mut Writer) -> Value {
        (**self).encode(w)
    }
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode(&self, w: &mut Writer) -> Value {
        (**self).encode(w)
    }
}

impl<T: Encode + ?Sized + ToOwned> Encode for Cow<'_, T> {
    fn encode(&self, w: &mut Writer) -> Value {
        (**self).encode(w)
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, w: &mut Writer) -> Value {
        match self {
            Some(v) => v.encode(w),
            None => Value::Null,
        }
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, w: &mut Writer) -> Value {
        items(self.iter(), w)
    }
}

impl<T: Encode, const N: usize> Encode for [T; N] {
    fn encode(&self, w: &mut Writer) -> Value {
        items(self.iter(), w)
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, w: &mut Writer) -> Value {
        items(self.iter(), w)
    }
}

impl<T: Encode> Encode for BTreeSet<T> {
    fn encode(&self, w: &mut Writer) -> Value {
        items(self.iter(), w)
    }
}

impl<A: Encode, B: Encode> Encode for (A, B) {
    fn encode(&self, w: &mut Writer) -> Value {
        Value::Array(vec![self.0.encode(w), self.1.encode(w)])
    }
}

/// A map key as serde_json writes it: a JSON object's key is a string.
pub trait Key {
    fn key(&self) -> String;
}

impl Key for String {
    fn key(&self) -> String {
        self.clone()
    }
}

impl Key for &str {
    fn key(&self) -> String {
        (*self).to_owned()
    }
}

impl<K: Key, V: Encode> Encode for BTreeMap<K, V> {
    fn encode(&self, w: &mut Writer) -> Value {
        Value::Object(self.iter().map(|(k, v)| (k.key(), v.encode(w))).collect())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, dead_code)] // test code
    use std::collections::{BTreeMap, BTreeSet};

    use serde::Serialize;
    use serde_json::json;

    use super::{Encode, to_value};

    /// Both writers' answers for `v`: the value, or the error's message.
    fn same<T: Encode + Serialize>(v: &T) -> Result<serde_json::Value, String> {
        let serde = serde_json::to_value(v).map_err(|e| e.to_string());
        let lean = to_value(v);
        assert_eq!(lean, serde);
        lean
    }

    #[derive(Serialize, thanthien_derive::Encode)]
    struct Inner {
        x: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        y: Option<char>,
    }

    #[derive(Serialize, thanthien_derive::Encode)]
    #[serde(rename_all = "snake_case")]
    enum Unit {
        FirstOne,
        #[serde(rename = "two")]
        Second,
    }

    #[derive(Serialize, thanthien_derive::Encode)]
    enum WithData {
        A(u8),
        B { c: String },
    }

    #[derive(Serialize, thanthien_derive::Encode)]
    enum Skipped {
        Shown,
        #[serde(skip)]
        Hidden,
    }

    #[derive(Serialize, thanthien_derive::Encode)]
    #[serde(untagged)]
    enum Untagged<T> {
        One(T),
        Two(Inner),
    }

    #[derive(Serialize, thanthien_derive::Encode)]
    #[serde(untagged)]
    enum UntaggedMixed {
        Unit,
        Pair(u8, u8),
    }

    #[derive(Serialize, thanthien_derive::Encode)]
    struct Newtype(#[serde(serialize_with = "as_text")] u8);

    fn as_text<S: serde::Serializer>(v: &u8, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    #[derive(Serialize, thanthien_derive::Encode)]
    struct Tuple(u8, bool);

    #[derive(Serialize, thanthien_derive::Encode)]
    struct Record<T> {
        #[serde(rename(serialize = "renamed", deserialize = "other"))]
        a: T,
        #[serde(skip_serializing)]
        hidden: u8,
        #[serde(skip)]
        gone: u8,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        flag: bool,
        #[serde(flatten)]
        inner: Option<Inner>,
        unit: Unit,
        data: WithData,
        list: [i64; 2],
        set: BTreeSet<u16>,
        map: BTreeMap<&'static str, (f64, f32)>,
        nothing: (),
        wide: i128,
    }

    #[derive(Serialize, thanthien_derive::Encode)]
    struct FlattensText {
        #[serde(flatten)]
        text: String,
    }

    /// Every shape and attribute the derive writes, or leaves to serde, against serde's own
    /// value; the errors too (a 128-bit integer out of JSON's range, a flattened string).
    #[test]
    fn the_lean_writer_writes_every_shape_as_serde_does() {
        let record = |inner, flag, wide| Record {
            a: "é".to_owned(),
            hidden: 1,
            gone: 2,
            flag,
            inner,
            unit: Unit::FirstOne,
            data: WithData::B { c: "c".into() },
            list: [-1, i64::MAX],
            set: [3, 1].into_iter().collect(),
            map: [("k", (f64::NAN, 1.5f32)), ("j", (0.1, f32::MIN))]
                .into_iter()
                .collect(),
            nothing: (),
            wide,
        };
        let full = same(&record(
            Some(Inner {
                x: 7, y: Some('ß')
            }),
            true,
            -5,
        ))
        .unwrap();
        assert_eq!(full["renamed"], json!("é"));
        assert_eq!(full["x"], json!(7));
        assert!(full.get("hidden").is_none() && full.get("inner").is_none());
        same(&record(None, false, 1)).unwrap();
        assert!(same(&record(None, false, i128::MAX)).is_err());
        same(&Unit::Second).unwrap();
        same(&WithData::A(1)).unwrap();
        same(&Skipped::Shown).unwrap();
        assert!(same(&Skipped::Hidden).is_err());
        same(&Untagged::One(vec![Some(1u32), None])).unwrap();
        same(&Untagged::<u8>::Two(Inner { x: 1, y: None })).unwrap();
        same(&UntaggedMixed::Unit).unwrap();
        same(&UntaggedMixed::Pair(1, 2)).unwrap();
        assert_eq!(same(&Newtype(4)).unwrap(), json!("4"));
        same(&Tuple(1, true)).unwrap();
        assert!(same(&FlattensText { text: "t".into() }).is_err());
    }
}
