//! Reading typed data from JSON values, with the JSON path of the first problem.
//!
//! Every typed read in the engine (call inputs, administrator rulesets and the built-in
//! default data) goes through [`from_value`]: the lean reader of [`lean`], whose
//! `#[derive(Decode)]` gives every record type one small function over one shared walk of the
//! object, so an error names the field (`ruleset.days_off[1].date`) and the browser builds carry
//! one small set of readers. It reads exactly as serde's derive does over the path-keeping serde
//! deserialiser of [`value`] (the one the few types serde reads itself still use), which visits
//! as `serde_json`'s own `Value` deserialiser does, so serde's messages ("invalid type: integer
//! `3`, expected a string") are unchanged, with one deliberate difference: a record must be a
//! JSON object (serde would also take an array of its fields in order, which no caller means
//! and which would make positional mistakes silent). A test (`api::reader_tests`) reads the
//! corpus's inputs, and 64,000 changes of them, both ways and finds the same answers.
//!
//! Answers go the other way through [`encode`]: `#[derive(Encode)]` writes each as the JSON value
//! serde would, in one small function per type (`api::writer_tests` compares the two).
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, ErrorCode, Result};

pub mod encode;
pub(crate) mod lean;
mod strict;
mod text;
mod value;
#[cfg(test)]
use value::ValueDe;
pub(crate) use value::{DeError, Path};

/// Largest accepted input (one call, or one batch record), in bytes.
pub const MAX_INPUT_BYTES: usize = 1 << 20;
/// Most records accepted in one batch, or in one list of an input (dossiers, responses…).
pub const MAX_BATCH: usize = 100_000;

/// Refuses a list of `n` records longer than [`MAX_BATCH`] (`batch_too_large` at `path`).
pub fn check_batch(n: usize, path: &str) -> Result<()> {
    if n > MAX_BATCH {
        return Err(Error::batch_too_large(n, MAX_BATCH).at(path));
    }
    Ok(())
}

/// Parses JSON text found at `path` of a larger input (`malformed_json` there; `duplicate_key`
/// at the repeated key's path for an object that names a key twice).
pub fn parse_json(text: &str, path: &str) -> Result<Value> {
    strict::parse(text).map_err(|(e, duplicate)| match duplicate {
        Some(key) => Error::duplicate_key(&e.to_string()).at(key).within(path),
        None => Error::malformed_json(&e.to_string()).at(path),
    })
}

/// Parses a typed value, turning its complaints into typed errors with the JSON path: the lean
/// reader of [`lean::Decode`], which answers as serde's derive over `value::ValueDe` would.
pub fn from_value<T: lean::Decode>(value: Value) -> Result<T> {
    T::decode(value, &Path::Root).map_err(typed)
}

/// [`from_value`] through serde's derive: what the lean reader is held to.
#[cfg(test)]
pub(crate) fn from_value_serde<T: DeserializeOwned>(value: Value) -> Result<T> {
    T::deserialize(ValueDe {
        value,
        path: &Path::Root,
    })
    .map_err(typed)
}

fn typed(e: DeError) -> Error {
    let code = if e.msg.starts_with("unknown field") {
        ErrorCode::UnknownField
    } else if e.msg.starts_with("missing field") {
        ErrorCode::MissingField
    } else {
        ErrorCode::InvalidInput
    };
    Error::serde(code, e.path.unwrap_or_default(), e.msg)
}

/// `text` read straight as a `T` when serde_json, held to the strict reader's rules, reads it;
/// `None` when it does not (the caller then reads it through [`from_text`]'s strict way).
pub fn read_text<T: DeserializeOwned>(text: &str) -> Option<T> {
    text::read(text)
}

/// Reads an input from its text: straight from the text when serde_json, held to the strict
/// reader's rules ([`text`]: no key named twice, no record read from an array), reads it; else,
/// and for every error, through [`parse_json`] and [`from_value`], which give the error with its
/// path. Both ways read the same value from any text the first takes.
pub fn from_text<T: DeserializeOwned + lean::Decode>(text: &str) -> Result<T> {
    match text::read(text) {
        Some(t) => Ok(t),
        None => from_value(parse_json(text, "")?),
    }
}

/// An error in the engine's own compiled-in rule data (`file`, e.g. `units.toml`): always
/// `internal_data`, whatever the cause, since no caller's input is at fault; the path is put
/// under the file's name.
pub fn internal(file: &str, e: Error) -> Error {
    let e = e.within(file);
    Error::default_data(file, e.path, &e.message_vi, &e.message_en)
}

/// Reads compiled-in rule data: `json` is `file` as the build script turned it into JSON.
pub fn from_data<T: lean::Decode>(file: &str, json: &str) -> Result<T> {
    let value: Value = parse_json(json, "").map_err(|e| internal(file, e))?;
    from_value(value).map_err(|e| internal(file, e))
}

/// The shared default data held in `cell`, built by `init` on first use; a failure to build it
/// is kept and answered to every call.
pub fn shared<T>(
    cell: &'static std::sync::OnceLock<Result<T>>,
    init: fn() -> Result<T>,
) -> Result<&'static T> {
    cell.get_or_init(init).as_ref().map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, thanthien_derive::Decode, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        date: String,
        #[serde(default)]
        n: Option<i32>,
    }

    #[derive(Debug, Deserialize, thanthien_derive::Decode, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "snake_case")]
    enum Kind {
        Off,
        Work,
    }

    #[derive(Debug, Deserialize, thanthien_derive::Decode, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        items: Vec<Inner>,
        kind: Kind,
        pair: [String; 2],
    }

    fn err(v: Value) -> Error {
        match from_value::<Outer>(v) {
            Ok(o) => unreachable!("{o:?}"),
            Err(e) => e,
        }
    }

    /// A fault in the compiled-in data is `internal_data` under the file's name, whatever serde
    /// or the JSON parser said.
    #[test]
    fn broken_default_data_is_internal() {
        let e = from_data::<Inner>("x.toml", r#"{"date": "a", "extra": 1}"#).unwrap_err();
        assert_eq!(e.code, ErrorCode::InternalData);
        assert_eq!(e.path, "x.toml.extra");
        assert!(
            e.message_en
                .starts_with("The engine's default data is broken (x.toml): ")
        );
        let e = from_data::<Inner>("x.toml", "{").unwrap_err();
        assert_eq!(
            (e.code, e.path.as_str()),
            (ErrorCode::InternalData, "x.toml")
        );
    }

    #[test]
    fn reads_nested_values() {
        let v = json!({"items": [{"date": "a", "n": -3}, {"date": "b", "n": null}],
                       "kind": "work", "pair": ["x", "y"]});
        let o: Outer = from_value(v).unwrap();
        assert_eq!(o.items[0].n, Some(-3));
        assert_eq!(o.items[1].n, None);
        assert_eq!(o.kind, Kind::Work);
        assert_eq!(o.pair, ["x".to_owned(), "y".to_owned()]);
    }

    #[test]
    fn errors_carry_the_path_and_serde_message() {
        let base = |items: Value| json!({"items": items, "kind": "off", "pair": ["a", "b"]});
        let e = err(base(json!([{"date": "a"}, {"date": 7}])));
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert_eq!(e.path, "items[1].date");
        assert_eq!(e.message_en, "invalid type: integer `7`, expected a string");
        let e = err(base(json!([{"date": "a", "extra": 1}])));
        assert_eq!(e.code, ErrorCode::UnknownField);
        assert_eq!(e.path, "items[0].extra");
        let e = err(base(json!([{}])));
        assert_eq!(e.code, ErrorCode::MissingField);
        assert_eq!(e.path, "items[0]");
        assert_eq!(e.message_en, "missing field `date`");
        let e = err(base(json!([{"date": "a", "n": 1.5}])));
        assert_eq!(e.path, "items[0].n");
        assert_eq!(
            e.message_en,
            "invalid type: floating point `1.5`, expected i32"
        );
        let e = err(json!({"items": [], "kind": "party", "pair": ["a", "b"]}));
        assert_eq!(e.path, "kind");
        assert_eq!(
            e.message_en,
            "unknown variant `party`, expected `off` or `work`"
        );
        let e = err(json!({"items": [], "kind": "off", "pair": ["a", "b", "c"]}));
        assert_eq!(e.path, "pair");
        let e = err(base(json!([{"date": null}])));
        assert_eq!(e.message_en, "invalid type: null, expected a string");
        let e = err(base(json!([{"date": "a", "n": "x"}])));
        assert_eq!(e.message_en, "invalid type: string \"x\", expected i32");
        let e = err(base(json!([["a", 1]])));
        assert_eq!(e.path, "items[0]");
        assert_eq!(
            e.message_en,
            "invalid type: sequence, expected struct Inner"
        );
        let e = err(json!([]));
        assert_eq!(e.path, "");
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }
}
