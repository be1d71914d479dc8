//! The boundary of the core: one function per operation, JSON in and JSON out.
//!
//! Every answer is either the operation's output object or `{"error": {...}}` (see
//! [`crate::error`]); nothing panics. Operation names and field names are the contract shared
//! by the browser build, the component, the CLI and the HTTP server. An operation here only
//! reads its input, resolves the rule data ([`crate::ruleset::Rules`]), calls its domain and
//! wraps the answer; the rules themselves live in the domain modules.
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::de::encode::Encode;
pub use crate::de::{MAX_BATCH, MAX_INPUT_BYTES};
#[cfg(feature = "desk")]
pub use crate::error::NotCounted;
use crate::error::{Error, Result};

#[cfg(feature = "procedures")]
pub mod birth_home;
pub mod calendar;
#[cfg(feature = "procedures")]
pub mod deadline;
#[cfg(feature = "desk")]
pub mod evaluation;
#[cfg(feature = "desk")]
pub mod grievance;
mod json;
#[cfg(feature = "letters")]
pub mod letters;
#[cfg(feature = "desk")]
pub mod reception;
#[cfg(all(feature = "desk", feature = "letters"))]
pub mod report;
#[cfg(feature = "schema")]
pub mod schema;
#[cfg(feature = "desk")]
pub mod survey;

/// Version of the engine.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Version of the WIT package the component exports (`thanthien:rules@…`).
pub const WIT_PACKAGE_VERSION: &str = "0.1.3";

/// One operation: its name and the cargo features it needs.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    /// The contract name (`calendar.day`).
    pub name: &'static str,
    /// The core's cargo features the operation needs (all of them); none for the calendar.
    pub needs: &'static [&'static str],
}

/// The one table of operations, each with the features it needs, how its input is read and its
/// adapter: [`OPERATIONS`], [`REGISTRY`] and the dispatch ([`call_value`], [`call_text`]) all
/// come from it, so the names, the gates and the dispatch cannot disagree (the browser wrappers
/// and the WIT functions are checked against it by the conformance tests).
///
/// On the text path every input is read by [`crate::de::from_text`], unless the adapter has a
/// `text` form that reads its text itself (`report.accumulate`, whose dossiers are read one by
/// one). An adapter may have a `lean` form, the one batches answer with by default (see
/// [`call_batch`]).
macro_rules! registry {
    (@call $v:ident, $f:path) => { run($v, $f) };
    (@both $v:ident, $f:path) => { Some(both($f, $v)) };
    (@both $v:ident, $f:path, $json:path) => {{
        let _ = $v;
        None
    }};
    (@call $v:ident, $f:path, $json:path) => { $json($v).and_then(output) };
    (@text $t:ident, $form:ident, $out:ident, $f:path) => {{
        let _ = $form;
        text($t, $out, $f)
    }};
    (@text $t:ident, $form:ident, $out:ident, $f:path, json $json:path) => {{
        let _ = $form;
        $json(crate::de::parse_json($t, "")?).and_then(|o| write($out, &o))
    }};
    (@text $t:ident, $form:ident, $out:ident, $f:path, text $text:path) => {{
        let _ = $form;
        $text($t).and_then(|o| write($out, &o))
    }};
    (@text $t:ident, $form:ident, $out:ident, $f:path, lean $lean:path) => {
        match $form {
            Form::Full => text($t, $out, $f),
            Form::Lean => text($t, $out, $lean),
        }
    };
    ($( [$($feature:literal),*] $name:literal => $f:path
        $(, json $json:path)? $(, lean $lean:path)? $(, text $text:path)?; )*) => {
        /// Names of every operation of this build, in a stable order.
        pub const OPERATIONS: &[&str] = &[ $( #[cfg(all($(feature = $feature),*))] $name, )* ];
        /// Every operation of this build, in the order of [`OPERATIONS`].
        pub const REGISTRY: &[Operation] = &[
            $(
                #[cfg(all($(feature = $feature),*))]
                Operation { name: $name, needs: &[$($feature),*] },
            )*
        ];
        /// Runs one operation on a parsed JSON input.
        pub fn call_value(op: &str, input: Value) -> Result<Value> {
            match op {
                $( #[cfg(all($(feature = $feature),*))] $name => registry!(@call input, $f $(, $json)?), )*
                _ => Err(unknown_operation(op)),
            }
        }
        /// The input of `op` read by the lean reader and by serde's derive, each as its `Debug`
        /// text or its error's; `None` for an operation that reads its input itself.
        #[cfg(test)]
        pub(crate) fn read_both(op: &str, input: Value) -> Option<(String, String)> {
            match op {
                $( #[cfg(all($(feature = $feature),*))] $name => registry!(@both input, $f $(, $json)?), )*
                _ => None,
            }
        }
        /// The operation `op` on JSON text, answering JSON text in a [`Form`].
        fn text_handler(op: &str) -> Option<TextFn> {
            match op {
                $( #[cfg(all($(feature = $feature),*))] $name => {
                    let f: TextFn = |input, form, out| {
                        registry!(@text input, form, out, $f $(, json $json)? $(, lean $lean)? $(, text $text)?)
                    };
                    Some(f)
                } )*
                _ => None,
            }
        }
        /// The JSON Schemas of every operation's input and answer, from the types its adapter
        /// takes and returns.
        #[cfg(feature = "schema")]
        pub fn schemas() -> Vec<schema::OperationSchema> {
            vec![ $( #[cfg(all($(feature = $feature),*))] schema::of($name, $f), )* ]
        }
    };
}

registry! {
    [] "calendar.day" => calendar::day;
    [] "calendar.solar_to_lunar" => calendar::solar_to_lunar;
    [] "calendar.lunar_to_solar" => calendar::lunar_to_solar;
    [] "calendar.add_working_days" => calendar::add_working_days,
        lean calendar::add_working_days_lean;
    [] "calendar.working_days_between" => calendar::working_days_between;
    [] "calendar.next_working_day" => calendar::next_working_day;
    [] "calendar.add_working_hours" => calendar::add_working_hours;
    [] "calendar.working_hours_between" => calendar::working_hours_between;
    ["procedures"] "deadline.compute" => deadline::compute,
        lean deadline::compute_lean;
    ["procedures"] "deadline.check" => deadline::check;
    ["procedures"] "deadline.preview" => deadline::preview;
    ["desk"] "deadline.dossier_code" => deadline::dossier_code;
    ["procedures"] "birth_home.assess" => birth_home::assess;
    ["desk"] "birth_home.plan_visits" => birth_home::plan_visits;
    ["desk"] "birth_home.commune_report" => birth_home::commune_report;
    ["desk"] "evaluation.dossier" => evaluation::dossier;
    ["desk"] "evaluation.unit" => evaluation::unit;
    ["desk"] "survey.score" => survey::score;
    ["desk"] "grievance.compute" => grievance::compute;
    ["desk", "letters"] "grievance.notice" => grievance::notice;
    ["desk"] "reception.check" => reception::check;
    ["desk"] "reception.plan" => reception::plan;
    ["desk", "letters"] "report.year_end" => report::year_end;
    ["desk", "letters"] "report.accumulate" => report::accumulate,
        text report::accumulate_text;
    ["desk", "letters"] "report.merge" => report::merge;
    ["desk", "letters"] "report.finish" => report::finish;
    ["desk", "letters"] "report.render" => report::render;
    ["letters"] "letters.select" => letters::select;
    ["letters"] "letters.render" => letters::render, json letters::render_json;
    ["letters"] "letters.register" => letters::register;
}

/// Which answer an operation gives: the full one of a single call, or the lean one a batch gives
/// by default (`calendar.add_working_days`: no skipped-day list; `deadline.compute`: no trace, the
/// procedure and the one-stop rules named; each unless the record asks with `"explain": true`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Every field, as a single call answers.
    Full,
    /// The batch default.
    Lean,
}

/// Engine, WIT package and default ruleset versions.
#[derive(Clone, Debug, Serialize, thanthien_derive::Encode)]
pub struct VersionInfo {
    /// Engine (crate) version.
    pub engine: &'static str,
    /// WIT package version.
    pub wit_package: String,
    /// Version of the default rule data.
    pub ruleset: String,
    /// The first and last years of the working calendar (what a host warms up, and what the
    /// calendar operations accept).
    pub calendar_years: [i32; 2],
}

/// Versions, as `GET /v1/version` reports them.
pub fn version() -> VersionInfo {
    let cal = crate::ruleset::Rules::new(None).calendar();
    VersionInfo {
        engine: ENGINE_VERSION,
        wit_package: format!("thanthien:rules@{WIT_PACKAGE_VERSION}"),
        ruleset: cal
            .as_ref()
            .map(|c| c.version().to_owned())
            .unwrap_or_else(|e| e.to_string()),
        calendar_years: [
            cal.as_ref()
                .map_or(crate::time::FIRST_YEAR, |c| c.first_year()),
            crate::time::LAST_YEAR,
        ],
    }
}

/// Parses a typed input, turning its reader's complaints into typed errors with the JSON path.
pub fn parse_input<T: crate::de::lean::Decode>(value: Value) -> Result<T> {
    crate::de::from_value(value)
}

/// The dossier of an input, read once (its errors under `dossier`).
#[cfg(feature = "procedures")]
fn read_dossier(d: &crate::deadline::DossierInput) -> Result<crate::deadline::ReadDossier<'_>> {
    d.read().map_err(|e| e.within("dossier"))
}

/// An input's optional moment (`as_of`), parsed at `path`.
#[cfg(feature = "procedures")]
fn moment(t: Option<&str>, path: &str) -> Result<Option<chrono::NaiveDateTime>> {
    t.map(|t| crate::time::parse_datetime(t, path)).transpose()
}

fn unknown_operation(op: &str) -> Error {
    Error::unknown_operation(op, OPERATIONS)
}

fn run<I: crate::de::lean::Decode, O: Serialize + Encode>(
    input: Value,
    f: impl FnOnce(I) -> Result<O>,
) -> Result<Value> {
    output(f(parse_input(input)?)?)
}

/// An answer as a JSON value, by the lean writer (in the tests, also by serde, which must
/// give the same value).
fn output<O: Serialize + Encode>(out: O) -> Result<Value> {
    let value = crate::de::encode::to_value(&out).map_err(|e| Error::unwritable(&e));
    #[cfg(test)]
    writer_tests::same_as_serde(&out, &value);
    value
}

/// The error answer `{"error": {...}}` as a JSON value.
pub fn error_value(e: &Error) -> Value {
    let mut answer = serde_json::Map::new();
    crate::de::encode::field(&mut answer, "error", e, &mut Default::default());
    #[cfg(test)]
    assert_eq!(
        Value::Object(answer.clone()),
        serde_json::json!({ "error": e })
    );
    Value::Object(answer)
}

/// Runs one operation on JSON text and returns the JSON answer (output or error object).
pub fn call_json(op: &str, input: &str) -> String {
    answer_text(call_text(op, input, Form::Full))
}

/// Runs one operation on JSON text, as a value.
pub fn call_str(op: &str, input: &str) -> Result<Value> {
    check_call(op, input)?;
    call_value(op, crate::de::parse_json(input, "")?)
}

/// One operation's adapter `f` on JSON text, as a value: what [`call_str`] gives for an
/// operation read as its input type (every one but those the registry reads with a `json` form),
/// for a build that carries that operation alone (the birth form's page package), so that the
/// others are not linked in through the dispatch.
pub fn call_str_as<I: DeserializeOwned + crate::de::lean::Decode, O: Serialize + Encode>(
    input: &str,
    f: impl FnOnce(I) -> Result<O>,
) -> Result<Value> {
    check_size(input)?;
    run(crate::de::parse_json(input, "")?, f)
}

/// An operation on JSON text, writing its JSON answer in a [`Form`] to an [`Out`].
type TextFn = fn(&str, Form, Out<'_>) -> Result<()>;

/// Where a text handler writes its answer: appended to a string of its own (a single call) or to
/// one holding many answers (a batch of lines; on an error, what was appended is to be dropped).
type Out<'a> = &'a mut String;

/// Runs one operation on JSON text and writes its answer as JSON text (the same object as
/// [`call_str`], with its fields in the order of the output type), in `form`.
pub fn call_text(op: &str, input: &str, form: Form) -> Result<String> {
    check_size(input)?;
    let mut out = String::new();
    text_handler(op).ok_or_else(|| unknown_operation(op))?(input, form, &mut out)?;
    Ok(out)
}

/// One operation over many inputs, each answered in the lean form: answer i is for input i,
/// always as many answers as inputs (each a `batch_too_large` error past [`MAX_BATCH`]). The
/// operation is looked up once for the batch.
pub fn call_batch<S: AsRef<str>>(op: &str, inputs: &[S]) -> Vec<Result<String>> {
    if inputs.len() > MAX_BATCH {
        let e = Error::batch_too_large(inputs.len(), MAX_BATCH);
        return inputs.iter().map(|_| Err(e.clone())).collect();
    }
    let handler = text_handler(op);
    inputs
        .iter()
        .map(|i| {
            let mut out = String::new();
            lean(op, handler, i.as_ref(), &mut out)?;
            Ok(out)
        })
        .collect()
}

/// One batch input answered in the lean form by `handler` (`None`: `op` is unknown), written
/// to `out`.
fn lean(op: &str, handler: Option<TextFn>, input: &str, out: Out<'_>) -> Result<()> {
    check_size(input)?;
    handler.ok_or_else(|| unknown_operation(op))?(input, Form::Lean, out)
}

/// [`call_batch`] over NDJSON text: each line of `lines` (split at `\n`, a `\r` before it
/// dropped) is one input, and the answer holds one line for each, in order, joined by `\n` with
/// none after the last: the answer, or the error object. Answers are JSON without raw newlines,
/// so the lines of the answer match the lines of the input one to one. One string each way
/// instead of a string per record, for the host's `batch`.
pub fn call_lines(op: &str, lines: &str) -> String {
    let lines: Vec<&str> = lines.split('\n').collect();
    let too_many =
        (lines.len() > MAX_BATCH).then(|| Error::batch_too_large(lines.len(), MAX_BATCH));
    let handler = text_handler(op);
    let mut out = String::with_capacity(lines.len().saturating_mul(256));
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mark = out.len();
        let line = line.strip_suffix('\r').unwrap_or(line);
        let answered = match &too_many {
            Some(e) => Err(e.clone()),
            None => lean(op, handler, line, &mut out),
        };
        if let Err(e) = answered {
            out.truncate(mark);
            out.push_str(&answer_to_string(Err(e)));
        }
    }
    out
}

#[cfg(test)]
mod reader_tests;
#[cfg(test)]
mod writer_tests;

/// An input read both ways (see `read_both`).
#[cfg(test)]
fn both<I, O>(_: impl FnOnce(I) -> Result<O>, input: Value) -> (String, String)
where
    I: crate::de::lean::Decode + DeserializeOwned + std::fmt::Debug,
{
    let show = |r: Result<I>| match r {
        Ok(i) => format!("{i:?}"),
        Err(e) => format!("{e:?}"),
    };
    (
        show(crate::de::from_value(input.clone())),
        show(crate::de::from_value_serde(input)),
    )
}

/// The size and name checks every text call starts with.
fn check_call(op: &str, input: &str) -> Result<()> {
    check_size(input)?;
    if !OPERATIONS.contains(&op) {
        return Err(unknown_operation(op));
    }
    Ok(())
}

fn check_size(input: &str) -> Result<()> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::input_too_large(input.len(), MAX_INPUT_BYTES));
    }
    Ok(())
}

fn text<I: DeserializeOwned + crate::de::lean::Decode, O: Serialize>(
    input: &str,
    out: Out<'_>,
    f: impl FnOnce(I) -> Result<O>,
) -> Result<()> {
    write(out, &f(crate::de::from_text(input)?)?)
}

fn write<O: Serialize>(out: Out<'_>, answer: &O) -> Result<()> {
    json::write(out, answer).map_err(|e| Error::unwritable(&e.to_string()))
}

/// An answer as JSON text: the output, or the error object.
pub fn answer_text(answer: Result<String>) -> String {
    answer.unwrap_or_else(|e| answer_to_string(Err(e)))
}

/// Serialises an answer.
pub fn answer_to_string(answer: Result<Value>) -> String {
    let v = match answer {
        Ok(v) => v,
        Err(e) => error_value(&e),
    };
    serde_json::to_string(&v).unwrap_or_else(|_| {
        r#"{"error":{"code":"internal_data","message_vi":"","message_en":"","path":""}}"#.to_owned()
    })
}
