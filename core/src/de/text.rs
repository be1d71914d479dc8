//! Typed reading straight from JSON text, under the strict reader's two rules: an object never
//! names a key twice, and a record is never read from an array. serde_json alone breaks both (it
//! keeps the last of two keys and reads a struct from an array of its fields); [`Strict`] wraps
//! its deserialiser and refuses either, so that whatever this reads, [`super::parse_json`] and
//! [`super::from_value`] read the same. It only says yes or no: any refusal, and any other
//! error, sends the caller back to the strict reader, which gives the error with its path.
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};

/// `text` read as a `T` when serde_json reads it within the strict rules; `None` otherwise.
pub(super) fn read<T: DeserializeOwned>(text: &str) -> Option<T> {
    let mut json = serde_json::Deserializer::from_str(text);
    let t = T::deserialize(Strict(&mut json)).ok()?;
    json.end().ok()?;
    Some(t)
}

/// A deserialiser whose every visitor is wrapped in [`Checked`].
struct Strict<D>(D);

/// A visitor that refuses an array where a record is read (`record`) and a key named twice in
/// any object, and wraps everything it reads inside.
struct Checked<V> {
    visitor: V,
    record: bool,
}

fn checked<V>(visitor: V) -> Checked<V> {
    Checked {
        visitor,
        record: false,
    }
}

/// Passes each `deserialize_*` to the wrapped deserialiser with a [`Checked`] visitor.
macro_rules! pass {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method(checked(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    pass!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier
    );

    /// Reads what is skipped too (an unknown field's value, say): the strict reader refuses a
    /// key named twice anywhere in the text.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(checked(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, checked(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, checked(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, checked(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, checked(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let record = Checked {
            visitor,
            record: true,
        };
        self.0.deserialize_struct(name, fields, record)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, checked(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Passes each `visit_*` of a plain value to the wrapped visitor.
macro_rules! forward {
    ($($method:ident($t:ty)),*) => {$(
        fn $method<E: de::Error>(self, v: $t) -> Result<V::Value, E> {
            self.visitor.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Checked<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>)
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Strict(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(Strict(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        if self.record {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self.visitor));
        }
        self.visitor.visit_seq(Items(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(Entries {
            map,
            keys: Keys::new(),
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_enum(Variant(data))
    }
}

/// A seed whose deserialiser is wrapped in [`Strict`].
struct Seed<T>(T);

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<T> {
    type Value = T::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

struct Items<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Items<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// An object's entries, with the keys read so far.
struct Entries<'de, A> {
    map: A,
    keys: Keys<'de>,
}

/// Keys already read in an object: the first [`FEW`] in place (most objects then read without
/// allocating), a set beyond (an object of 100,000 keys must not cost their square).
enum Keys<'de> {
    Few([Cow<'de, str>; FEW], usize),
    Many(BTreeSet<Cow<'de, str>>),
}

/// Keys held in place by [`Keys`].
const FEW: usize = 8;

impl<'de> Keys<'de> {
    fn new() -> Self {
        Keys::Few(std::array::from_fn(|_| Cow::Borrowed("")), 0)
    }

    /// Adds `key`; false when it was there already.
    fn add(&mut self, key: Cow<'de, str>) -> bool {
        match self {
            Keys::Few(list, n) => {
                if list.get(..*n).unwrap_or_default().contains(&key) {
                    return false;
                }
                if let Some(slot) = list.get_mut(*n) {
                    *slot = key;
                    *n += 1;
                    return true;
                }
                let mut set: BTreeSet<_> = list.iter_mut().map(std::mem::take).collect();
                set.insert(key);
                *self = Keys::Many(set);
                true
            }
            Keys::Many(set) => set.insert(key),
        }
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<'de, A> {
    type Error = A::Error;

    /// Reads the key as text (a JSON key always is), refuses it if the object named it before,
    /// and gives it to `seed` as a string, as the strict reader does.
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.map.next_key_seed(Key)? else {
            return Ok(None);
        };
        let out = seed.deserialize(StrDeserializer::<A::Error>::new(&key))?;
        if !self.keys.add(key) {
            return Err(de::Error::custom("duplicate key"));
        }
        Ok(Some(out))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.map.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A key as text, borrowed from the input when it has no escape.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

struct Variant<A>(A);

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Variant<A> {
    type Error = A::Error;
    type Variant = Variant<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(seed)
            .map(|(v, rest)| (v, Variant(rest)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Variant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, checked(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let record = Checked {
            visitor,
            record: true,
        };
        self.0.struct_variant(fields, record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, serde::Deserialize, thanthien_derive::Decode)]
    struct Pair {
        a: u8,
        #[serde(default)]
        b: Option<BTreeMap<String, u8>>,
    }

    /// What serde_json alone would take and the strict reader refuses is refused; the rest is
    /// read as serde_json reads it.
    #[test]
    fn refuses_what_the_strict_reader_refuses() {
        assert_eq!(read::<Pair>(r#"{"a":1,"b":{"x":2}}"#).map(|p| p.a), Some(1));
        assert_eq!(read::<Pair>(r#"[1]"#), None);
        assert_eq!(read::<Vec<Pair>>(r#"[[1]]"#), None);
        assert_eq!(read::<Pair>(r#"{"a":1,"b":{"x":2,"x":3}}"#), None);
        assert_eq!(read::<Pair>(r#"{"a":1,"b":{"x":2,"\u0078":3}}"#), None);
        assert_eq!(read::<Pair>(r#"{"a":1,"a":1}"#), None);
        // A skipped value is read too: serde_json would not look inside it.
        assert_eq!(
            read::<BTreeMap<String, serde::de::IgnoredAny>>(r#"{"z":{"q":1,"q":2}}"#)
                .map(|m| m.len()),
            None
        );
        assert_eq!(
            read::<BTreeMap<String, serde::de::IgnoredAny>>(r#"{"z":{"q":1}}"#).map(|m| m.len()),
            Some(1)
        );
    }

    /// A key named twice far down an object of many keys is found once the keys are a set.
    #[test]
    fn a_key_named_twice_among_many_is_refused() {
        let fields: Vec<String> = (0..100).map(|i| format!("\"k{i}\":{i}")).collect();
        let many = format!("{{{}}}", fields.join(","));
        assert_eq!(
            read::<BTreeMap<String, u8>>(&many).map(|m| m.len()),
            Some(100)
        );
        let twice = format!("{{{},\"k7\":0}}", fields.join(","));
        assert_eq!(read::<BTreeMap<String, u8>>(&twice), None);
        // Around the keys kept in place: any key named again, before or after the set takes over.
        for n in [FEW - 1, FEW, FEW + 1, FEW + 2] {
            let some = fields.get(..n).unwrap().join(",");
            let once = format!("{{{some}}}");
            assert_eq!(
                read::<BTreeMap<String, u8>>(&once).map(|m| m.len()),
                Some(n)
            );
            for j in 0..n {
                let twice = format!("{{{some},\"k{j}\":0}}");
                assert_eq!(read::<BTreeMap<String, u8>>(&twice), None, "{n} keys, k{j}");
            }
        }
    }
}
