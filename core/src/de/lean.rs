//! The lean reader behind [`super::from_value`]: a record read from a JSON value by
//! `#[derive(Decode)]` (crate `thanthien-derive`) in one small function per type, every object
//! walked by the one non-generic [`record`]. It gives what serde's derive gives through
//! [`super::value::ValueDe`] (the same values, the same messages, the same error paths: the
//! differential test `api::reader_tests` holds it to that), in a fraction of the code.
use std::collections::BTreeMap;

use serde::de::{self, DeserializeOwned, Unexpected};
use serde_json::{Map, Value};

use super::value::{DeError, DeResult, Path, ValueDe, invalid_type};

/// A type read from a JSON value at `at` (the path of the value, for its parts' errors; an
/// error about the value itself carries no path, the caller gives it its own, as serde's
/// `MapAccess` and `SeqAccess` do).
pub trait Decode: Sized {
    fn decode(value: Value, at: &Path<'_>) -> DeResult<Self>;

    /// The value of a field the object lacks and for which no default is given: none, its
    /// absence being serde's `missing field` error, but `None` for an `Option`.
    fn absent() -> Option<Self> {
        None
    }

    /// Every key a record reads (its fields' names and aliases): all serde shows it of the keys
    /// left to a flattened field; `None` for any other type, which is shown every key.
    const FIELDS: Option<&'static [&'static str]> = None;
}

/// serde's error for a missing field.
pub fn missing(field: &'static str) -> DeError {
    de::Error::missing_field(field)
}

/// Reads a field's value into its empty slot (one copy for each field type, shared by every
/// record; [`record`] hands each field at most once, so nothing is there to drop).
#[inline(never)]
pub fn put<T: Decode>(slot: &mut Option<T>, value: Value, at: &Path<'_>) -> DeResult<()> {
    std::mem::forget(slot.replace(T::decode(value, at)?));
    Ok(())
}

/// `error`, once the fields read so far (`slots`) are dropped: one copy of their drops for
/// each record type, however many ways its reading can fail.
#[inline(never)]
pub fn fail<S, T>(slots: S, error: DeError) -> DeResult<T> {
    drop(slots);
    Err(error)
}

/// serde's error for the first of the absent fields `gone` (bit `i` for field `i` of `mains`,
/// in declaration order), as serde's derive reports the first it meets.
#[inline(never)]
pub fn first_missing(gone: u64, mains: &'static [&'static str]) -> DeError {
    let i = gone.trailing_zeros() as usize;
    missing(mains.get(i).copied().unwrap_or_default())
}

/// Walks the object `value` in key order: each key found in `names` (`(name, field)`, every
/// name a field answers to) has its value handed to `each` with its field's index and path (an
/// error there gets that path), at most once a field: a second name of a field already read is
/// serde's `duplicate field` (its name in `mains`); another key is refused when `deny` (serde's
/// message, listing `all`), else kept in `rest` when given (for a flattened field), else left.
/// Not an object: the invalid type, `expecting` (`struct X`).
#[inline(never)]
#[allow(clippy::too_many_arguments)] // the generated readers' one call
pub fn record(
    value: Value,
    at: &Path<'_>,
    expecting: &'static str,
    names: &[(&'static str, usize)],
    (mains, all): (&'static [&'static str], &'static [&'static str]),
    deny: bool,
    mut rest: Option<&mut Map<String, Value>>,
    each: &mut dyn FnMut(usize, Value, &Path<'_>) -> DeResult<()>,
) -> DeResult<()> {
    let map = object(value, expecting)?;
    let mut seen = 0u64;
    for (key, v) in map {
        let path = Path::Key(at, &key);
        match names.iter().find(|(n, _)| *n == key) {
            Some(&(_, i)) if seen & (1 << i) != 0 => {
                let main = mains.get(i).copied().unwrap_or_default();
                return Err(de::Error::duplicate_field(main));
            }
            Some(&(_, i)) => {
                seen |= 1 << i;
                each(i, v, &path).map_err(|e| e.at(&path))?;
            }
            None if deny => {
                return Err(<DeError as de::Error>::unknown_field(&key, all).at(&path));
            }
            None => {
                if let Some(rest) = rest.as_deref_mut() {
                    rest.insert(key, v);
                }
            }
        }
    }
    Ok(())
}

/// A `#[serde(flatten)]` field, read from the keys its record does not name (`rest`) that the
/// field's own type reads ([`Decode::FIELDS`]), as serde reads it from the entries it
/// collected: its errors carry no path of their own (the record's is given them, as serde's
/// flattened reader knows no path).
#[inline(never)]
#[cfg_attr(not(feature = "desk"), allow(dead_code))] // the flattened records are the desk's
pub fn flattened<T: Decode>(mut rest: Map<String, Value>, at: &Path<'_>) -> DeResult<T> {
    if let Some(names) = T::FIELDS {
        rest.retain(|k, _| names.contains(&k.as_str()));
    }
    T::decode(Value::Object(rest), at).map_err(|mut e| {
        e.path = None;
        e
    })
}

/// An enum's variant index in `names` and its content: a string (a unit variant), or an object
/// of one key (serde's externally tagged form).
#[inline(never)]
pub fn variant(
    value: Value,
    names: &[(&'static str, usize)],
    all: &'static [&'static str],
) -> DeResult<(usize, Option<Value>)> {
    let (name, content) = super::value::enum_parts(value)?;
    match names.iter().find(|(n, _)| *n == name) {
        Some(&(_, i)) => Ok((i, content)),
        None => Err(de::Error::unknown_variant(&name, all)),
    }
}

/// A unit variant's content: none, or `null`.
#[inline(never)]
pub fn unit(content: Option<Value>) -> DeResult<()> {
    match content {
        None | Some(Value::Null) => Ok(()),
        Some(other) => Err(invalid_type(&other, &"unit variant")),
    }
}

/// The serde reader of a field with `#[serde(deserialize_with = "f")]`, for `f` (the rule
/// data's dates, read so only in the tests that hold the generated data to its TOML).
#[cfg(test)]
pub fn value_de<'a>(value: Value, at: &'a Path<'a>) -> ValueDe<'a> {
    ValueDe { value, path: at }
}

/// A type read by serde itself (`#[decode(serde)]`, untagged enums, records with more than one
/// flattened field or one beside `deny_unknown_fields`, and the types with a hand-written
/// `Deserialize`).
pub fn by_serde<T: DeserializeOwned>(value: Value, at: &Path<'_>) -> DeResult<T> {
    T::deserialize(ValueDe { value, path: at })
}

impl Decode for bool {
    #[inline(never)]
    fn decode(value: Value, _: &Path<'_>) -> DeResult<Self> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(invalid_type(&other, &"a boolean")),
        }
    }
}

impl Decode for String {
    #[inline(never)]
    fn decode(value: Value, _: &Path<'_>) -> DeResult<Self> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(invalid_type(&other, &"a string")),
        }
    }
}

/// A JSON value as given, in every build. serde_json's own reader, with its `raw_value` feature
/// (the native and component builds), would take an object whose first key is its private
/// `$serde_json::private::RawValue` marker for JSON text to parse: no input names that key,
/// and the browser builds never did so; the lean reader keeps such an object as it is.
impl Decode for Value {
    fn decode(value: Value, _: &Path<'_>) -> DeResult<Self> {
        Ok(value)
    }
}

/// An integer within `min..=max`, as serde's visitor for `expected` takes it: a number out of
/// range is an invalid value, a float or anything else an invalid type.
#[inline(never)]
fn integer(value: Value, expected: &'static str, min: i64, max: u64) -> DeResult<i128> {
    let n = match value {
        Value::Number(n) => n,
        other => return Err(invalid_type(&other, &expected)),
    };
    if let Some(u) = n.as_u64() {
        if u > max {
            return Err(de::Error::invalid_value(Unexpected::Unsigned(u), &expected));
        }
        return Ok(i128::from(u));
    }
    match n.as_i64() {
        Some(i) if i < min => Err(de::Error::invalid_value(Unexpected::Signed(i), &expected)),
        Some(i) => Ok(i128::from(i)),
        None => Err(invalid_type(&Value::Number(n), &expected)),
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            #[inline(never)]
            fn decode(value: Value, _: &Path<'_>) -> DeResult<Self> {
                let n = integer(value, stringify!($t), <$t>::MIN as i64, <$t>::MAX as u64)?;
                <$t>::try_from(n).map_err(|_| de::Error::custom("integer out of range"))
            }
        }
    )*};
}

integers!(u8, u16, u32, u64, usize, i32, i64);

impl Decode for f64 {
    #[inline(never)]
    fn decode(value: Value, _: &Path<'_>) -> DeResult<Self> {
        match value {
            Value::Number(n) => Ok(n.as_f64().unwrap_or(f64::NAN)),
            other => Err(invalid_type(&other, &"f64")),
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    #[inline(never)]
    fn decode(value: Value, at: &Path<'_>) -> DeResult<Self> {
        match value {
            Value::Null => Ok(None),
            other => T::decode(other, at).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(value: Value, at: &Path<'_>) -> DeResult<Self> {
        T::decode(value, at).map(Box::new)
    }
}

/// The entries of an object, or the invalid type (`a map`, `struct X`).
#[inline(never)]
fn object(value: Value, expected: &'static str) -> DeResult<serde_json::Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(invalid_type(&other, &expected)),
    }
}

/// The items of an array, or the invalid type (`a sequence`).
#[inline(never)]
fn items(value: Value, expected: &'static str) -> DeResult<Vec<Value>> {
    match value {
        Value::Array(items) => Ok(items),
        other => Err(invalid_type(&other, &expected)),
    }
}

/// Walks the array `value` in order, handing each item to `each` with its index, the number
/// of items and its path (an error there gets that path). Not an array: the invalid type.
#[inline(never)]
fn sequence(
    value: Value,
    at: &Path<'_>,
    each: &mut dyn FnMut(usize, usize, Value, &Path<'_>) -> DeResult<()>,
) -> DeResult<()> {
    let items = items(value, "a sequence")?;
    let len = items.len();
    for (i, item) in items.into_iter().enumerate() {
        let path = Path::Index(at, i);
        each(i, len, item, &path).map_err(|e| e.at(&path))?;
    }
    Ok(())
}

impl<T: Decode> Decode for Vec<T> {
    #[inline(never)]
    fn decode(value: Value, at: &Path<'_>) -> DeResult<Self> {
        let mut out = Vec::new();
        sequence(value, at, &mut |i, len, item, path| {
            if i == 0 {
                out.reserve_exact(len.min(4096));
            }
            out.push(T::decode(item, path)?);
            Ok(())
        })?;
        Ok(out)
    }
}

/// Item `i` of an array, at its index's path; missing, serde's invalid length.
fn element<T: Decode>(
    item: Option<Value>,
    i: usize,
    at: &Path<'_>,
    expected: &'static str,
) -> DeResult<T> {
    let Some(value) = item else {
        return Err(de::Error::invalid_length(i, &expected));
    };
    let path = Path::Index(at, i);
    T::decode(value, &path).map_err(|e| e.at(&path))
}

/// An array of exactly two items, read in order as serde's tuple and array visitors do.
fn two<A: Decode, B: Decode>(
    value: Value,
    at: &Path<'_>,
    expected: &'static str,
) -> DeResult<(A, B)> {
    let items = items(value, expected)?;
    let len = items.len();
    let mut it = items.into_iter();
    let a = element(it.next(), 0, at, expected)?;
    let b = element(it.next(), 1, at, expected)?;
    if len > 2 {
        return Err(de::Error::invalid_length(len, &"fewer elements in array"));
    }
    Ok((a, b))
}

impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(value: Value, at: &Path<'_>) -> DeResult<Self> {
        two(value, at, "a tuple of size 2")
    }
}

impl<T: Decode> Decode for [T; 2] {
    fn decode(value: Value, at: &Path<'_>) -> DeResult<Self> {
        two(value, at, "an array of length 2").map(|(a, b)| [a, b])
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    #[inline(never)]
    fn decode(value: Value, at: &Path<'_>) -> DeResult<Self> {
        let mut out = BTreeMap::new();
        for (key, v) in object(value, "a map")? {
            let path = Path::Key(at, &key);
            let t = T::decode(v, &path).map_err(|e| e.at(&path))?;
            out.insert(key, t);
        }
        Ok(out)
    }
}

impl Decode for chrono::NaiveDate {
    fn decode(value: Value, at: &Path<'_>) -> DeResult<Self> {
        by_serde(value, at)
    }
}

impl<B: ToOwned + ?Sized> Decode for std::borrow::Cow<'_, B>
where
    B::Owned: Decode,
{
    fn decode(value: Value, at: &Path<'_>) -> DeResult<Self> {
        B::Owned::decode(value, at).map(std::borrow::Cow::Owned)
    }
}

impl Decode for serde_json::Map<String, Value> {
    fn decode(value: Value, _: &Path<'_>) -> DeResult<Self> {
        object(value, "a map")
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    /// A record with no field to read.
    #[derive(Debug, Default, PartialEq, Deserialize, thanthien_derive::Decode)]
    #[serde(deny_unknown_fields)]
    struct Empty {}

    /// A record whose only field is never read.
    #[derive(Debug, Default, PartialEq, Deserialize, thanthien_derive::Decode)]
    struct Skipped {
        #[serde(skip)]
        kept: u32,
    }

    /// Records with no field to read answer as serde's derive does: the record, an unknown
    /// key refused or left, a value that is not an object refused.
    #[test]
    fn records_with_no_field_read_as_serde_does() {
        let both = |v: serde_json::Value| {
            let lean = crate::de::from_value::<Empty>(v.clone()).map_err(|e| e.message_en);
            let serde = crate::de::from_value_serde::<Empty>(v).map_err(|e| e.message_en);
            assert_eq!(lean, serde);
            lean
        };
        assert_eq!(both(json!({})), Ok(Empty {}));
        assert!(both(json!({"x": 1})).is_err());
        assert!(both(json!([])).is_err());
        let skipped = |v: serde_json::Value| {
            let lean = crate::de::from_value::<Skipped>(v.clone()).map_err(|e| e.message_en);
            let serde = crate::de::from_value_serde::<Skipped>(v).map_err(|e| e.message_en);
            assert_eq!(lean, serde);
            lean
        };
        assert_eq!(skipped(json!({"kept": 7})), Ok(Skipped { kept: 0 }));
        assert!(skipped(json!(3)).is_err());
    }

    #[derive(Debug, PartialEq, Deserialize, thanthien_derive::Decode)]
    struct Inner {
        b: u8,
        #[serde(default)]
        d: Option<Vec<u8>>,
    }

    /// A record with a flattened field between two others.
    #[derive(Debug, PartialEq, Deserialize, thanthien_derive::Decode)]
    struct Outer {
        a: u8,
        #[serde(flatten)]
        inner: Inner,
        c: u8,
    }

    /// A flattened field is read from the keys its record does not name, once every other
    /// field is found (even one declared after it), its errors with the record's path only: as
    /// serde's derive reads it.
    #[test]
    fn a_flattened_field_reads_as_serde_does() {
        let both = |v: serde_json::Value| {
            let v = json!({ "outer": v });
            let lean =
                crate::de::from_value::<std::collections::BTreeMap<String, Outer>>(v.clone())
                    .map_err(|e| (e.message_en, e.path));
            let serde = crate::de::from_value_serde::<std::collections::BTreeMap<String, Outer>>(v)
                .map_err(|e| (e.message_en, e.path));
            assert_eq!(lean, serde);
            lean.map(|mut m| m.remove("outer"))
        };
        let whole = Outer {
            a: 1,
            inner: Inner {
                b: 2,
                d: Some(vec![3]),
            },
            c: 4,
        };
        assert_eq!(
            both(json!({"a": 1, "b": 2, "c": 4, "d": [3], "z": 0})),
            Ok(Some(whole))
        );
        let err = |v| both(v).unwrap_err().0;
        assert!(err(json!({"b": "x"})).contains("missing field `a`"));
        assert!(err(json!({"a": 1, "b": "x"})).contains("missing field `c`"));
        assert!(err(json!({"a": 1, "b": "x", "c": 4})).contains("expected u8"));
        assert!(err(json!({"a": 1, "c": 4})).contains("missing field `b`"));
        assert!(err(json!({"a": 1, "b": 2})).contains("missing field `c`"));
        assert!(err(json!({"b": 2, "c": 4})).contains("missing field `a`"));
        assert_eq!(
            both(json!({"a": 1, "b": 2, "c": 4, "d": ["x"]}))
                .unwrap_err()
                .1,
            "outer"
        );
    }

    #[derive(Debug, Default, PartialEq, Deserialize, thanthien_derive::Decode)]
    #[serde(deny_unknown_fields)]
    struct Strict {
        #[serde(alias = "bb")]
        b: u8,
    }

    /// A record with a container default, an alias, and a flattened record that refuses
    /// unknown keys.
    #[derive(Debug, Default, PartialEq, Deserialize, thanthien_derive::Decode)]
    #[serde(default)]
    struct Holder {
        #[serde(alias = "aa")]
        a: u8,
        #[serde(flatten)]
        strict: Strict,
    }

    /// The flattened record is shown only the keys it reads (an unknown key is no error), an
    /// alias of the outer record is the outer record's, the container default fills the outer
    /// fields: as serde reads it.
    #[test]
    fn a_flattened_record_sees_only_its_keys() {
        let both = |v: serde_json::Value| {
            let lean =
                crate::de::from_value::<Holder>(v.clone()).map_err(|e| (e.message_en, e.path));
            let serde =
                crate::de::from_value_serde::<Holder>(v).map_err(|e| (e.message_en, e.path));
            assert_eq!(lean, serde);
            lean
        };
        let holder = |a, b| {
            Ok(Holder {
                a,
                strict: Strict { b },
            })
        };
        assert_eq!(both(json!({"a": 1, "b": 2, "z": 3})), holder(1, 2));
        assert_eq!(both(json!({"aa": 1, "bb": 2})), holder(1, 2));
        assert_eq!(both(json!({"b": 2})), holder(0, 2));
        assert!(both(json!({"a": 1})).is_err());
        assert!(both(json!({"a": 1, "b": 2, "bb": 3})).is_err());
        assert!(both(json!({"a": "x", "b": 2})).is_err());
    }
}
