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

/// A `#[serde(flatten)]` field: its entries in the record (none for `None`).
#[inline(never)]
pub fn flatten(m: &mut Map<String, Value>, v: &dyn Encode, w: &mut Writer) {
    match v.encode(w) {
        Value::Object(entries) => m.extend(entries),
        Value::Null => {}
        _ => w.fail(&"can only flatten structs and maps"),
    }
}

/// A unit variant: its name.
#[inline(never)]
pub fn name(s: &'static str) -> Value {
    Value::String(s.to_owned())
}

/// A type serde writes itself (untagged enums, enums with data, hand-written `Serialize`s).
#[inline(never)]
pub fn by_serde<T: Serialize + ?Sized>(v: &T, w: &mut Writer) -> Value {
    serde_json::to_value(v).unwrap_or_else(|e| {
        w.fail(&e);
        Value::Null
    })
}

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
