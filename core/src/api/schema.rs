//! JSON Schemas (2020-12) of every operation's input and answer, generated from the Rust types
//! the operation's adapter takes and returns (schemars), never written by hand. `cargo xtask
//! schemas` writes them to `schemas/` with the OpenAPI document built from them.
use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::error::{Error, Result};

/// A type's schema as seen from a generator: a `$ref` to its definition for a named type.
pub type Subschema = fn(&mut SchemaGenerator) -> Schema;

/// One operation's schemas.
#[derive(Clone, Copy, Debug)]
pub struct OperationSchema {
    /// The contract name (`calendar.day`).
    pub name: &'static str,
    /// What the operation accepts.
    pub input: Subschema,
    /// What it answers when it succeeds.
    pub output: Subschema,
    /// The input as a standalone document.
    pub input_root: fn() -> Value,
    /// The answer as a standalone document.
    pub output_root: fn() -> Value,
}

/// Every error answer: `{"error": {"code", "message_vi", "message_en", "path"}}`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ErrorAnswer {
    error: Error,
}

fn subschema<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

/// `T`'s schema as a standalone 2020-12 document (its named parts under `$defs`).
pub fn root<T: JsonSchema>() -> Value {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// The schemas of the operation `name` whose adapter is `f`.
pub fn of<I: JsonSchema, O: JsonSchema>(
    name: &'static str,
    _f: impl FnOnce(I) -> Result<O>,
) -> OperationSchema {
    OperationSchema {
        name,
        input: subschema::<I>,
        output: subschema::<O>,
        input_root: root::<I>,
        output_root: root::<O>,
    }
}

/// A generator whose definitions go where an OpenAPI document keeps them
/// (`#/components/schemas/…`).
pub fn openapi_generator() -> SchemaGenerator {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.into_generator()
}
