//! Answers written as JSON text, byte for byte as `serde_json::to_writer` writes them, faster for
//! the strings most answers are made of. serde_json escapes a string byte by byte; the texts of
//! an answer (reasons, sources, names, in Vietnamese) rarely hold anything to escape, so a string
//! is first checked whole (a loop the compiler vectorises) and copied as it is when clean; any
//! other string, and every number, goes through serde_json's own code.

use serde::ser::{self, Impossible, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};

/// The error of a write: serde_json's, or a map key that is not text or a number.
pub type WriteError = serde_json::Error;
type Out = Result<(), WriteError>;

/// Writes `value` at the end of `out` as compact JSON.
pub fn write<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Out {
    value.serialize(&mut Json(out))
}

/// The JSON writer over a text.
pub struct Json<'a>(&'a mut String);

/// Where serde_json's formatter writes a number: its digits are text.
struct Digits<'a>(&'a mut String);

impl std::io::Write for Digits<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(buf).map_err(std::io::Error::other)?;
        self.0.push_str(text);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn io(e: std::io::Error) -> WriteError {
    serde_json::Error::io(e)
}

/// Whether `b` must be escaped in a JSON string.
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether `s` can be written between quotes as it is, checked 16 bytes at a time with no branch
/// inside (so the compiler vectorises it).
fn clean(s: &str) -> bool {
    let mut chunks = s.as_bytes().chunks_exact(16);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |bad, &b| bad | escaped(b)) {
            return false;
        }
    }
    !chunks.remainder().iter().any(|&b| escaped(b))
}

impl Json<'_> {
    fn string(&mut self, s: &str) -> Out {
        if clean(s) {
            self.0.reserve(s.len() + 2);
            self.0.push('"');
            self.0.push_str(s);
            self.0.push('"');
            Ok(())
        } else {
            let mut quoted = Vec::new();
            serde_json::to_writer(&mut quoted, s)?;
            let text = std::str::from_utf8(&quoted).map_err(ser::Error::custom)?;
            self.0.push_str(text);
            Ok(())
        }
    }

    fn raw(&mut self, text: &str) -> Out {
        self.0.push_str(text);
        Ok(())
    }

    fn digits(&mut self) -> Digits<'_> {
        Digits(self.0)
    }
}

/// A number written by serde_json's formatter.
macro_rules! number {
    ($($method:ident($t:ty) => $write:ident),*) => {$(
        fn $method(self, v: $t) -> Out {
            CompactFormatter.$write(&mut self.digits(), v).map_err(io)
        }
    )*};
}

impl<'a, 'b> ser::Serializer for &'a mut Json<'b> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'a, 'b>;
    type SerializeTuple = Compound<'a, 'b>;
    type SerializeTupleStruct = Compound<'a, 'b>;
    type SerializeTupleVariant = Compound<'a, 'b>;
    type SerializeMap = Compound<'a, 'b>;
    type SerializeStruct = Compound<'a, 'b>;
    type SerializeStructVariant = Compound<'a, 'b>;

    number!(
        serialize_i8(i8) => write_i8,
        serialize_i16(i16) => write_i16,
        serialize_i32(i32) => write_i32,
        serialize_i64(i64) => write_i64,
        serialize_i128(i128) => write_i128,
        serialize_u8(u8) => write_u8,
        serialize_u16(u16) => write_u16,
        serialize_u32(u32) => write_u32,
        serialize_u64(u64) => write_u64,
        serialize_u128(u128) => write_u128
    );

    fn serialize_bool(self, v: bool) -> Out {
        self.raw(if v { "true" } else { "false" })
    }
    fn serialize_f32(self, v: f32) -> Out {
        if v.is_finite() {
            CompactFormatter
                .write_f32(&mut self.digits(), v)
                .map_err(io)
        } else {
            self.raw("null")
        }
    }
    fn serialize_f64(self, v: f64) -> Out {
        if v.is_finite() {
            CompactFormatter
                .write_f64(&mut self.digits(), v)
                .map_err(io)
        } else {
            self.raw("null")
        }
    }
    fn serialize_char(self, v: char) -> Out {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Out {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Out {
        v.serialize(self)
    }
    fn serialize_none(self) -> Out {
        self.raw("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Out {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Out {
        self.raw("null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out {
        self.raw("null")
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Out {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, v: &T) -> Out {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        v: &T,
    ) -> Out {
        self.raw("{")?;
        self.string(variant)?;
        self.raw(":")?;
        v.serialize(&mut *self)?;
        self.raw("}")
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'b>, WriteError> {
        Compound::open(self, "[", "]")
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'b>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'b>, WriteError> {
        self.raw("{")?;
        self.string(variant)?;
        self.raw(":")?;
        Compound::open(self, "[", "]}")
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, 'b>, WriteError> {
        Compound::open(self, "{", "}")
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'b>, WriteError> {
        Compound::open(self, "{", "}")
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'b>, WriteError> {
        self.raw("{")?;
        self.string(variant)?;
        self.raw(":")?;
        Compound::open(self, "{", "}}")
    }
}

/// An array or object being written: whether an element came already, and how it ends.
pub struct Compound<'a, 'b> {
    json: &'a mut Json<'b>,
    first: bool,
    close: &'static str,
}

impl<'a, 'b> Compound<'a, 'b> {
    fn open(json: &'a mut Json<'b>, open: &str, close: &'static str) -> Result<Self, WriteError> {
        json.raw(open)?;
        Ok(Compound {
            json,
            first: true,
            close,
        })
    }

    fn comma(&mut self) -> Out {
        if self.first {
            self.first = false;
            Ok(())
        } else {
            self.json.raw(",")
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Out {
        self.comma()?;
        v.serialize(&mut *self.json)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Out {
        self.comma()?;
        self.json.string(key)?;
        self.json.raw(":")?;
        v.serialize(&mut *self.json)
    }

    fn close(self) -> Out {
        self.json.raw(self.close)
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Out {
        self.element(v)
    }
    fn end(self) -> Out {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Out {
        self.element(v)
    }
    fn end(self) -> Out {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Out {
        self.element(v)
    }
    fn end(self) -> Out {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Out {
        self.element(v)
    }
    fn end(self) -> Out {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Out {
        self.comma()?;
        key.serialize(Key(&mut *self.json))?;
        self.json.raw(":")
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Out {
        v.serialize(&mut *self.json)
    }
    fn end(self) -> Out {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Out {
        self.field(key, v)
    }
    fn end(self) -> Out {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Out {
        self.field(key, v)
    }
    fn end(self) -> Out {
        self.close()
    }
}

/// A map key: text as it is, a number (finite) or a boolean as its text between quotes, as
/// serde_json writes them; anything else is refused, as serde_json refuses it.
struct Key<'a, 'b>(&'a mut Json<'b>);

fn key_must_be_text() -> WriteError {
    ser::Error::custom("key must be a string")
}

/// A number or boolean key, written as serde_json's formatter writes it, between quotes.
macro_rules! quoted {
    ($($method:ident($t:ty) => $write:ident),*) => {$(
        fn $method(self, v: $t) -> Out {
            self.0.raw("\"")?;
            CompactFormatter.$write(&mut self.0.digits(), v).map_err(io)?;
            self.0.raw("\"")
        }
    )*};
}

impl ser::Serializer for Key<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Impossible<(), WriteError>;
    type SerializeTuple = Impossible<(), WriteError>;
    type SerializeTupleStruct = Impossible<(), WriteError>;
    type SerializeTupleVariant = Impossible<(), WriteError>;
    type SerializeMap = Impossible<(), WriteError>;
    type SerializeStruct = Impossible<(), WriteError>;
    type SerializeStructVariant = Impossible<(), WriteError>;

    quoted!(
        serialize_i8(i8) => write_i8,
        serialize_i16(i16) => write_i16,
        serialize_i32(i32) => write_i32,
        serialize_i64(i64) => write_i64,
        serialize_i128(i128) => write_i128,
        serialize_u8(u8) => write_u8,
        serialize_u16(u16) => write_u16,
        serialize_u32(u32) => write_u32,
        serialize_u64(u64) => write_u64,
        serialize_u128(u128) => write_u128
    );

    fn serialize_str(self, v: &str) -> Out {
        self.0.string(v)
    }
    fn serialize_char(self, v: char) -> Out {
        self.0.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, v: bool) -> Out {
        self.0.raw(if v { "\"true\"" } else { "\"false\"" })
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Out {
        self.0.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, v: &T) -> Out {
        v.serialize(self)
    }
    fn serialize_f32(self, v: f32) -> Out {
        if !v.is_finite() {
            return Err(key_must_be_text());
        }
        self.0.raw("\"")?;
        CompactFormatter
            .write_f32(&mut self.0.digits(), v)
            .map_err(io)?;
        self.0.raw("\"")
    }
    fn serialize_f64(self, v: f64) -> Out {
        if !v.is_finite() {
            return Err(key_must_be_text());
        }
        self.0.raw("\"")?;
        CompactFormatter
            .write_f64(&mut self.0.digits(), v)
            .map_err(io)?;
        self.0.raw("\"")
    }
    fn serialize_bytes(self, _v: &[u8]) -> Out {
        Err(key_must_be_text())
    }
    fn serialize_none(self) -> Out {
        Err(key_must_be_text())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _v: &T) -> Out {
        Err(key_must_be_text())
    }
    fn serialize_unit(self) -> Out {
        Err(key_must_be_text())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Out {
        Err(key_must_be_text())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _v: &T,
    ) -> Out {
        Err(key_must_be_text())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, WriteError> {
        Err(key_must_be_text())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, WriteError> {
        Err(key_must_be_text())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, WriteError> {
        Err(key_must_be_text())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, WriteError> {
        Err(key_must_be_text())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, WriteError> {
        Err(key_must_be_text())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, WriteError> {
        Err(key_must_be_text())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, WriteError> {
        Err(key_must_be_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn ours<T: Serialize + ?Sized>(v: &T) -> Result<String, String> {
        let mut out = String::new();
        write(&mut out, v).map_err(|e| e.to_string())?;
        Ok(out)
    }

    fn theirs<T: Serialize + ?Sized>(v: &T) -> Result<String, String> {
        serde_json::to_string(v).map_err(|e| e.to_string())
    }

    /// Text with what needs escaping, Vietnamese and the rest.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 ./:-]{0,20}",
            "[ăâđêôơưạảãáàệểễếềọỏõóòợởỡớờụủũúùựửữứừ ]{0,20}",
            "[\"\\\\\u{0}-\u{1f}\u{7f}\u{2028}\u{1F600}a]{0,12}",
            any::<String>(),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            text().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(text(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3_000))]

        /// Any JSON value is written byte for byte as serde_json writes it.
        #[test]
        fn writes_as_serde_json(v in value()) {
            prop_assert_eq!(ours(&v), theirs(&v));
        }
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        New(u8),
        Tuple(u8, String),
        Record { a: Option<f64>, b: char },
    }

    /// The rest of serde's data model: enums, options, non-finite floats, map keys that are
    /// numbers or booleans (written as text) or not allowed.
    #[test]
    fn the_data_model_is_written_as_serde_json_writes_it() {
        use std::collections::BTreeMap;
        let shapes = vec![
            Shape::Unit,
            Shape::New(7),
            Shape::Tuple(1, "x\"".into()),
            Shape::Record {
                a: Some(f64::NAN),
                b: '\n',
            },
            Shape::Record { a: None, b: 'đ' },
        ];
        assert_eq!(ours(&shapes), theirs(&shapes));
        let keys: BTreeMap<i32, f32> = [(-3, 1.5), (2, f32::INFINITY)].into_iter().collect();
        assert_eq!(ours(&keys), theirs(&keys));
        let keys: BTreeMap<bool, ()> = [(true, ()), (false, ())].into_iter().collect();
        assert_eq!(ours(&keys), theirs(&keys));
        let keys: Vec<(f64, u8)> = vec![(0.25, 1)];
        let map: serde_json::Map<String, Value> = serde_json::Map::new();
        assert_eq!(ours(&map), theirs(&map));
        struct Pairs(Vec<(f64, u8)>);
        impl Serialize for Pairs {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
            }
        }
        assert_eq!(ours(&Pairs(keys)), theirs(&Pairs(vec![(0.25, 1)])));
        let bad = Pairs(vec![(f64::NAN, 1)]);
        assert!(ours(&bad).is_err() && theirs(&bad).is_err());
        let keys: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
        assert!(ours(&keys).is_err() && theirs(&keys).is_err());
        let bytes: &[u8] = &[1, 2, 255];
        assert_eq!(ours(bytes), theirs(bytes));
        assert_eq!(ours(&(1u128 << 100)), theirs(&(1u128 << 100)));
    }
}
