//! The compact JSON writer of the text path: the bytes of `serde_json::to_writer`, with strings
//! scanned for what JSON escapes eight bytes at a time where serde_json goes a byte at a time
//! (the scan was a third of a native `calendar.day` call, and the largest item of a guest's
//! batch). Integers are written by `itoa` and floats by serde_json, as serde_json writes them.
//! What this writer does not take (map keys other than strings and integers, serde_json's raw
//! values) makes [`write`] start over with serde_json itself, so an answer and its errors are
//! always serde_json's.
use std::fmt;

use serde::Serialize;
use serde::ser;

/// `serialize_<int>` methods that write the integer with the serializer's own `int`.
macro_rules! ints {
    ($($method:ident($t:ty)),*) => {$(
        fn $method(self, v: $t) -> Done {
            self.int(v)
        }
    )*};
}

mod key;
use key::Key;

/// Appends `answer` to `out` as compact JSON; on an error `out` is as it was.
pub(super) fn write<O: Serialize + ?Sized>(out: &mut String, answer: &O) -> serde_json::Result<()> {
    let mark = out.len();
    out.reserve(512);
    if answer.serialize(&mut Json { out }).is_ok() {
        return Ok(());
    }
    out.truncate(mark);
    out.push_str(&serde_json::to_string(answer)?);
    Ok(())
}

/// Something this writer leaves to serde_json.
#[derive(Debug)]
pub(super) struct Unhandled;

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde_json")
    }
}

impl std::error::Error for Unhandled {}

impl ser::Error for Unhandled {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unhandled
    }
}

type Done = Result<(), Unhandled>;

/// The name serde_json gives the struct of a raw value, which it writes as it is.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Whether JSON writes `b` escaped inside a string: `"`, `\` and the control characters (as
/// serde_json's `ESCAPE` table; DEL is written as it is).
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `word` is below `n` (n ≤ 128; exact for the word as a whole).
fn any_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS != 0
}

/// Whether any of the eight bytes of `word` is [`escaped`].
fn any_escaped(word: u64) -> bool {
    any_below(word, 0x20)
        || any_below(word ^ (ONES * u64::from(b'"')), 1)
        || any_below(word ^ (ONES * u64::from(b'\\')), 1)
}

/// The index of the first [`escaped`] byte of `bytes` at or after `from`.
fn next_escaped(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or_default());
        if any_escaped(word)
            && let Some(p) = chunk.iter().position(|&b| escaped(b))
        {
            return Some(at + p);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| escaped(b))
        .map(|p| at + p)
}

/// `b` escaped as serde_json's compact formatter writes it.
fn put_escape(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        0x08 => "\\b",
        0x0c => "\\f",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        _ => "",
    };
    if short.is_empty() {
        out.push_str("\\u00");
        for nibble in [b >> 4, b & 0xf] {
            out.push(char::from(*HEX.get(usize::from(nibble)).unwrap_or(&b'0')));
        }
    } else {
        out.push_str(short);
    }
}

/// `s` as a JSON string.
fn put_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut run = 0;
    while let Some(i) = next_escaped(s.as_bytes(), run) {
        // Escaped bytes are ASCII, so `run` and `i` fall on character boundaries.
        out.push_str(s.get(run..i).unwrap_or_default());
        put_escape(out, s.as_bytes().get(i).copied().unwrap_or_default());
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

struct Json<'a> {
    out: &'a mut String,
}

impl<'a> Json<'a> {
    fn int(&mut self, v: impl itoa::Integer) -> Done {
        self.out.push_str(itoa::Buffer::new().format(v));
        Ok(())
    }

    fn float(&mut self, v: impl Serialize) -> Done {
        self.out
            .push_str(&serde_json::to_string(&v).map_err(|_| Unhandled)?);
        Ok(())
    }

    /// Opens a compound: `open`, then its items, then `close`.
    fn open<'b>(&'b mut self, open: &str, close: &'static str) -> Compound<'b, 'a> {
        self.out.push_str(open);
        Compound {
            json: self,
            first: true,
            close,
        }
    }

    /// Opens `{"variant":` and then `open`; closes with `close` and `}`.
    fn variant<'b>(
        &'b mut self,
        variant: &str,
        open: &str,
        close: &'static str,
    ) -> Compound<'b, 'a> {
        self.out.push('{');
        put_str(self.out, variant);
        self.out.push(':');
        self.open(open, close)
    }
}

impl<'b, 'a> ser::Serializer for &'b mut Json<'a> {
    type Ok = ();
    type Error = Unhandled;
    type SerializeSeq = Compound<'b, 'a>;
    type SerializeTuple = Compound<'b, 'a>;
    type SerializeTupleStruct = Compound<'b, 'a>;
    type SerializeTupleVariant = Compound<'b, 'a>;
    type SerializeMap = Compound<'b, 'a>;
    type SerializeStruct = Compound<'b, 'a>;
    type SerializeStructVariant = Compound<'b, 'a>;

    fn serialize_bool(self, v: bool) -> Done {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    ints!(
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128)
    );
    fn serialize_f32(self, v: f32) -> Done {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Done {
        put_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        put_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        let mut seq = self.open("[", "]");
        for b in v {
            ser::SerializeSeq::serialize_element(&mut seq, b)?;
        }
        ser::SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Done {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        put_str(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        let inner = self.variant(variant, "", "}");
        value.serialize(&mut *inner.json)?;
        inner.end_compound()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'b, 'a>, Unhandled> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'b, 'a>, Unhandled> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _len: usize,
    ) -> Result<Compound<'b, 'a>, Unhandled> {
        Ok(self.open("[", "]"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'b, 'a>, Unhandled> {
        Ok(self.variant(variant, "[", "]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'b, 'a>, Unhandled> {
        Ok(self.open("{", "}"))
    }
    fn serialize_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Compound<'b, 'a>, Unhandled> {
        if name == RAW_VALUE {
            return Err(Unhandled);
        }
        Ok(self.open("{", "}"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'b, 'a>, Unhandled> {
        Ok(self.variant(variant, "{", "}}"))
    }
}

/// An array, object or variant being written.
struct Compound<'b, 'a> {
    json: &'b mut Json<'a>,
    first: bool,
    close: &'static str,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.json.out.push(',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.comma();
        value.serialize(&mut *self.json)
    }

    /// `,"key":` (no comma first) and the value. A struct's keys are short names with nothing
    /// to escape: checked a byte at a time and written with one reservation.
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Done {
        self.comma();
        let out = &mut *self.json.out;
        if key.bytes().any(escaped) {
            put_str(out, key);
            out.push(':');
        } else {
            out.reserve(key.len() + 3);
            out.push('"');
            out.push_str(key);
            out.push_str("\":");
        }
        value.serialize(&mut *self.json)
    }

    fn end_compound(self) -> Done {
        self.json.out.push_str(self.close);
        Ok(())
    }
}

/// The four sequence-like compounds: each element written after a comma.
macro_rules! elements {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Unhandled;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                self.element(value)
            }
            fn end(self) -> Done {
                self.end_compound()
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        self.comma();
        key.serialize(Key(&mut *self.json))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.json.out.push(':');
        value.serialize(&mut *self.json)
    }
    fn end(self) -> Done {
        self.end_compound()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.field(key, value)
    }
    fn end(self) -> Done {
        self.end_compound()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        self.field(key, value)
    }
    fn end(self) -> Done {
        self.end_compound()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    fn ours<T: Serialize + ?Sized>(v: &T) -> String {
        let mut out = String::from("kept");
        write(&mut out, v).unwrap();
        out.split_off(4)
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let v = json!({
            "s": "Tết \"Ất Tỵ\" \\ \u{1}\u{1f}\u{7f}\n\r\t\u{8}\u{c} đủ điều kiện 0123456789abcdef\"",
            "n": [0, -1, u64::MAX, i64::MIN, 1.5, 1e300, -0.0, 2.5e-8],
            "b": [true, false, null],
            "o": {"": {}, "a": []}
        });
        assert_eq!(ours(&v), serde_json::to_string(&v).unwrap());
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        New(u8),
        Tuple(u8, &'static str),
        Struct { a: Option<u8>, b: f32 },
    }

    #[derive(Serialize)]
    struct S {
        e: Vec<E>,
        keys: std::collections::BTreeMap<i32, char>,
        unit_keys: std::collections::BTreeMap<Side, ()>,
        bytes: &'static [u8],
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        tuple: (u8, i128),
        nan: f64,
    }

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum Side {
        Left,
    }

    #[test]
    fn writes_derived_types_as_serde_json_does() {
        let s = S {
            e: vec![
                E::Unit,
                E::New(7),
                E::Tuple(1, "x\"y"),
                E::Struct { a: None, b: 0.1 },
            ],
            keys: [(-3, 'é'), (4, '"')].into_iter().collect(),
            unit_keys: [(Side::Left, ())].into_iter().collect(),
            bytes: b"ab",
            skipped: None,
            tuple: (9, -170_141_183_460_469_231_731_687_303_715_884_105_728),
            nan: f64::NAN,
        };
        assert_eq!(ours(&s), serde_json::to_string(&s).unwrap());
    }

    #[test]
    fn leaves_other_keys_to_serde_json() {
        let bool_keys: std::collections::BTreeMap<bool, u8> = [(true, 1)].into_iter().collect();
        assert_eq!(ours(&bool_keys), serde_json::to_string(&bool_keys).unwrap());
        let bad: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        let mut out = String::from("kept");
        assert!(write(&mut out, &bad).is_err());
        assert_eq!(out, "kept");
    }

    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::from),
            "[\"\\\\a-z\u{0}-\u{1f}\u{7f}ếđ]{0,40}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::from),
                prop::collection::btree_map(any::<String>(), inner, 0..8)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_is_written_as_serde_json_writes_it(v in any_value()) {
            prop_assert_eq!(ours(&v), serde_json::to_string(&v).unwrap());
        }

        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(s in any::<String>(), pad in 0usize..9) {
            let s = format!("{}{s}", "x".repeat(pad));
            prop_assert_eq!(ours(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
