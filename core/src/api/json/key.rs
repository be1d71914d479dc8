//! Map keys for [`super::Json`]: written as serde_json writes them, or left to it.
use serde::Serialize;
use serde::ser::{self, Impossible};

use super::{Done, Json, Unhandled, put_str};

/// A map key: a string, a unit variant (its name) or an integer (quoted), as serde_json writes
/// them; any other key is left to serde_json.
pub(super) struct Key<'b, 'a>(pub(super) &'b mut Json<'a>);

impl Key<'_, '_> {
    fn int(self, v: impl itoa::Integer) -> Done {
        let out = &mut *self.0.out;
        out.push('"');
        out.push_str(itoa::Buffer::new().format(v));
        out.push('"');
        Ok(())
    }
}

type Never = Impossible<(), Unhandled>;

impl ser::Serializer for Key<'_, '_> {
    type Ok = ();
    type Error = Unhandled;
    type SerializeSeq = Never;
    type SerializeTuple = Never;
    type SerializeTupleStruct = Never;
    type SerializeTupleVariant = Never;
    type SerializeMap = Never;
    type SerializeStruct = Never;
    type SerializeStructVariant = Never;

    fn serialize_str(self, v: &str) -> Done {
        put_str(self.0.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    ints!(
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64)
    );
    fn serialize_bool(self, _: bool) -> Done {
        Err(Unhandled)
    }
    fn serialize_f32(self, _: f32) -> Done {
        Err(Unhandled)
    }
    fn serialize_f64(self, _: f64) -> Done {
        Err(Unhandled)
    }
    fn serialize_bytes(self, _: &[u8]) -> Done {
        Err(Unhandled)
    }
    fn serialize_none(self) -> Done {
        Err(Unhandled)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Done {
        Err(Unhandled)
    }
    fn serialize_unit(self) -> Done {
        Err(Unhandled)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        Err(Unhandled)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Done {
        Err(Unhandled)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Never, Unhandled> {
        Err(Unhandled)
    }
    fn serialize_tuple(self, _: usize) -> Result<Never, Unhandled> {
        Err(Unhandled)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Never, Unhandled> {
        Err(Unhandled)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Never, Unhandled> {
        Err(Unhandled)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Never, Unhandled> {
        Err(Unhandled)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Never, Unhandled> {
        Err(Unhandled)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Never, Unhandled> {
        Err(Unhandled)
    }
}
