//! serde over a [`serde_json::Value`] that keeps the path of the value it reads, so that the
//! first error names its field: what [`super::lean`] hands the types serde reads itself, and
//! the reader the lean one is held to in the tests.
use std::fmt;

use serde::de::{
    self, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::{Map, Number, Value};

/// Where a value sits in the input: a chain of keys and indices back to the root.
pub enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(parent, key) => {
                if matches!(parent, Path::Root) {
                    f.write_str(key)
                } else {
                    write!(f, "{parent}.{key}")
                }
            }
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// A serde error and, once known, the path of the value it is about.
#[derive(Debug)]
pub struct DeError {
    pub(super) msg: String,
    pub(super) path: Option<String>,
}

impl DeError {
    pub(super) fn at(mut self, path: &Path<'_>) -> Self {
        if self.path.is_none() {
            self.path = Some(path.to_string());
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            msg: msg.to_string(),
            path: None,
        }
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {exp}",
            JsonUnexpected(unexp)
        ))
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {exp}",
            JsonUnexpected(unexp)
        ))
    }
}

/// Names an unexpected value as `serde_json` does (`null`, not serde's `unit value`), writing
/// floats with serde_json's formatter, so `core::fmt`'s float code stays out of the wasm builds.
struct JsonUnexpected<'a>(Unexpected<'a>);

impl fmt::Display for JsonUnexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            Unexpected::Float(x) => match Number::from_f64(x) {
                Some(n) => write!(f, "floating point `{n}`"),
                None => f.write_str("floating point"),
            },
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

pub(super) type DeResult<T> = std::result::Result<T, DeError>;

fn visit_array<'de, V: Visitor<'de>>(
    items: Vec<Value>,
    path: &Path<'_>,
    visitor: V,
) -> DeResult<V::Value> {
    let len = items.len();
    let mut seq = SeqDe {
        items: items.into_iter(),
        index: 0,
        path,
    };
    let out = visitor.visit_seq(&mut seq)?;
    if seq.items.len() == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(len, &"fewer elements in array"))
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    map: Map<String, Value>,
    path: &Path<'_>,
    visitor: V,
) -> DeResult<V::Value> {
    let len = map.len();
    let mut access = MapDe {
        entries: map.into_iter(),
        pending: None,
        path,
    };
    let out = visitor.visit_map(&mut access)?;
    if access.entries.len() == 0 {
        Ok(out)
    } else {
        Err(de::Error::invalid_length(len, &"fewer elements in map"))
    }
}

pub struct ValueDe<'a> {
    pub value: Value,
    pub path: &'a Path<'a>,
}

fn visit_number<'de, V: Visitor<'de>>(n: &Number, visitor: V) -> DeResult<V::Value> {
    if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
    }
}

pub(super) fn invalid_type(v: &Value, expected: &dyn de::Expected) -> DeError {
    let unexpected = match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            _ => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    de::Error::invalid_type(unexpected, expected)
}

/// An enum's variant name and content: a string (a unit variant), or an object of one key.
/// Out of line: one copy for every enum type.
#[inline(never)]
pub(super) fn enum_parts(value: Value) -> DeResult<(String, Option<Value>)> {
    match value {
        Value::String(s) => Ok((s, None)),
        Value::Object(map) if map.len() == 1 => match map.into_iter().next() {
            Some((k, v)) => Ok((k, Some(v))),
            None => Err(de::Error::invalid_type(Unexpected::Map, &"enum")),
        },
        Value::Object(_) => Err(de::Error::invalid_value(
            Unexpected::Map,
            &"map with a single key",
        )),
        other => Err(invalid_type(&other, &"string or map")),
    }
}

impl<'de> de::Deserializer<'de> for ValueDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => visit_number(&n, visitor),
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => visit_array(items, self.path, visitor),
            Value::Object(map) => visit_object(map, self.path, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> DeResult<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> DeResult<V::Value> {
        let (variant, content) = enum_parts(self.value)?;
        visitor.visit_enum(EnumDe {
            variant,
            content,
            path: self.path,
        })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        visitor.visit_unit()
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> DeResult<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        match self.value {
            Value::Object(map) => visit_object(map, self.path, visitor),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        match self.value {
            Value::Array(items) => visit_array(items, self.path, visitor),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> DeResult<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        match self.value {
            Value::String(s) => visitor.visit_string(s),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(b),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        match self.value {
            Value::Number(n) if n.as_u64().is_some() => visitor.visit_u64(n.as_u64().unwrap_or(0)),
            Value::Number(n) if n.as_i64().is_some() => visitor.visit_i64(n.as_i64().unwrap_or(0)),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        match self.value {
            Value::Number(n) => visit_number(&n, visitor),
            other => Err(invalid_type(&other, &visitor)),
        }
    }

    forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple_struct
    }
}

struct SeqDe<'a> {
    items: std::vec::IntoIter<Value>,
    index: usize,
    path: &'a Path<'a>,
}

impl SeqDe<'_> {
    /// The next item and its index (out of line, as [`MapDe::advance`]).
    #[inline(never)]
    fn advance(&mut self) -> Option<(Value, usize)> {
        let value = self.items.next()?;
        self.index += 1;
        Some((value, self.index - 1))
    }
}

impl<'de> SeqAccess<'de> for SeqDe<'_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> DeResult<Option<T::Value>> {
        let Some((value, index)) = self.advance() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, index);
        match seed.deserialize(ValueDe { value, path: &path }) {
            Ok(v) => Ok(Some(v)),
            Err(e) => Err(e.at(&path)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'a> {
    entries: <Map<String, Value> as IntoIterator>::IntoIter,
    pending: Option<(String, Value)>,
    path: &'a Path<'a>,
}

impl MapDe<'_> {
    /// Moves to the next entry, kept pending, and gives its key (out of line: one copy for every
    /// record type rather than one inlined in each).
    #[inline(never)]
    fn advance(&mut self) -> Option<&str> {
        self.pending = self.entries.next();
        self.pending.as_ref().map(|(k, _)| k.as_str())
    }

    #[inline(never)]
    fn at_pending(&self, e: DeError) -> DeError {
        match &self.pending {
            Some((key, _)) => e.at(&Path::Key(self.path, key)),
            None => e,
        }
    }

    #[inline(never)]
    fn take_pending(&mut self) -> DeResult<(String, Value)> {
        self.pending
            .take()
            .ok_or_else(|| de::Error::custom("value is missing"))
    }
}

impl<'de> MapAccess<'de> for MapDe<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> DeResult<Option<K::Value>> {
        let Some(key) = self.advance() else {
            return Ok(None);
        };
        match seed.deserialize(key.into_deserializer()) {
            Ok(out) => Ok(Some(out)),
            Err(e) => Err(self.at_pending(e)),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> DeResult<V::Value> {
        let (key, value) = self.take_pending()?;
        let path = Path::Key(self.path, &key);
        match seed.deserialize(ValueDe { value, path: &path }) {
            Ok(v) => Ok(v),
            Err(e) => Err(e.at(&path)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct EnumDe<'a> {
    variant: String,
    content: Option<Value>,
    path: &'a Path<'a>,
}

impl<'de, 'a> EnumAccess<'de> for EnumDe<'a> {
    type Error = DeError;
    type Variant = VariantDe<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> DeResult<(V::Value, VariantDe<'a>)> {
        let v = seed.deserialize(self.variant.as_str().into_deserializer())?;
        Ok((
            v,
            VariantDe {
                content: self.content,
                path: self.path,
            },
        ))
    }
}

struct VariantDe<'a> {
    content: Option<Value>,
    path: &'a Path<'a>,
}

impl<'de> VariantAccess<'de> for VariantDe<'_> {
    type Error = DeError;

    fn unit_variant(self) -> DeResult<()> {
        match self.content {
            None | Some(Value::Null) => Ok(()),
            Some(other) => Err(invalid_type(&other, &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> DeResult<T::Value> {
        match self.content {
            Some(value) => seed.deserialize(ValueDe {
                value,
                path: self.path,
            }),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> DeResult<V::Value> {
        match self.content {
            Some(Value::Array(items)) => visit_array(items, self.path, visitor),
            _ => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"tuple variant",
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> DeResult<V::Value> {
        match self.content {
            Some(Value::Object(map)) => visit_object(map, self.path, visitor),
            _ => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"struct variant",
            )),
        }
    }
}
