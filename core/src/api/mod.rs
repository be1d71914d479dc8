//! The boundary of the core: one function per operation, JSON in and JSON out.
//!
//! Every answer is either the operation's output object or `{"error": {...}}` (see
//! [`crate::error`]); nothing panics. Operation names and field names are the contract shared
//! by the browser build, the component, the CLI and the HTTP server.
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::calendar::Calendar;
use crate::error::{Error, ErrorCode, Result};
use crate::ruleset::RulesetInput;

#[cfg(feature = "procedures")]
pub mod birth_home;
pub mod calendar;
#[cfg(feature = "procedures")]
pub mod deadline;
#[cfg(feature = "desk")]
pub mod evaluation;
#[cfg(feature = "letters")]
pub mod letters;
#[cfg(all(feature = "desk", feature = "letters"))]
pub mod report;
#[cfg(feature = "desk")]
pub mod survey;

/// Version of the engine.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Version of the WIT package the component exports (`thanthien:rules@…`).
pub const WIT_PACKAGE_VERSION: &str = "0.1.0";
/// Largest accepted input (one call, or one batch record), in bytes.
pub const MAX_INPUT_BYTES: usize = 1 << 20;
/// Most records accepted in one batch.
pub const MAX_BATCH: usize = 100_000;

/// Names of every operation, in a stable order.
pub const OPERATIONS: &[&str] = &[
    "calendar.day",
    "calendar.solar_to_lunar",
    "calendar.lunar_to_solar",
    "calendar.add_working_days",
    "calendar.working_days_between",
    "calendar.next_working_day",
    "calendar.add_working_hours",
    "calendar.working_hours_between",
    #[cfg(feature = "procedures")]
    "deadline.compute",
    #[cfg(feature = "procedures")]
    "deadline.check",
    #[cfg(feature = "procedures")]
    "deadline.preview",
    #[cfg(feature = "procedures")]
    "birth_home.assess",
    #[cfg(feature = "desk")]
    "birth_home.plan_visits",
    #[cfg(feature = "desk")]
    "birth_home.commune_report",
    #[cfg(feature = "desk")]
    "evaluation.dossier",
    #[cfg(feature = "desk")]
    "evaluation.unit",
    #[cfg(feature = "desk")]
    "survey.score",
    #[cfg(all(feature = "desk", feature = "letters"))]
    "report.year_end",
    #[cfg(all(feature = "desk", feature = "letters"))]
    "report.accumulate",
    #[cfg(all(feature = "desk", feature = "letters"))]
    "report.finish",
    #[cfg(all(feature = "desk", feature = "letters"))]
    "report.render",
    #[cfg(feature = "letters")]
    "letters.select",
    #[cfg(feature = "letters")]
    "letters.render",
];

/// A record of a list input that an answer does not count, and why (`birth_home.commune_report`:
/// `other_year`, `invalid_registration`; `evaluation.unit`: `outside_period`, `other_unit`,
/// `invalid_dossier`). Nothing is dropped silently.
#[cfg(feature = "desk")]
#[derive(Clone, Debug, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NotCounted {
    /// Position in the input.
    pub index: usize,
    /// The caller's reference, when readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Why.
    pub reason_code: String,
    /// The error of a record that could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
}

/// Engine, WIT package and default ruleset versions.
#[derive(Clone, Debug, Serialize)]
pub struct VersionInfo {
    /// Engine (crate) version.
    pub engine: &'static str,
    /// WIT package version.
    pub wit_package: String,
    /// Version of the default rule data.
    pub ruleset: String,
}

/// Versions, as `GET /v1/version` reports them.
pub fn version() -> VersionInfo {
    VersionInfo {
        engine: ENGINE_VERSION,
        wit_package: format!("thanthien:rules@{WIT_PACKAGE_VERSION}"),
        ruleset: Calendar::default_ref()
            .map(|c| c.rules().version.clone())
            .unwrap_or_else(|e| e.to_string()),
    }
}

/// Parses a typed input, turning serde's complaints into typed errors with the JSON path.
pub fn parse_input<T: DeserializeOwned>(value: Value) -> Result<T> {
    crate::de::from_value(value)
}

/// The calendar a call uses: the default one, or the default with the call's ruleset applied.
pub enum CalendarRef {
    /// The shared default calendar.
    Default(&'static Calendar),
    /// A calendar built for this call.
    Owned(Box<Calendar>),
}

impl std::ops::Deref for CalendarRef {
    type Target = Calendar;
    fn deref(&self) -> &Calendar {
        match self {
            Self::Default(c) => c,
            Self::Owned(c) => c,
        }
    }
}

impl std::fmt::Debug for CalendarRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CalendarRef")
    }
}

/// The calendar for an optional ruleset.
pub fn calendar_for(ruleset: Option<&RulesetInput>) -> Result<CalendarRef> {
    match ruleset {
        None => Calendar::default_ref().map(CalendarRef::Default),
        Some(r) => Calendar::with_overrides(r, "ruleset").map(|c| CalendarRef::Owned(Box::new(c))),
    }
}

fn unknown_operation(op: &str) -> Error {
    Error::new(
        ErrorCode::UnknownOperation,
        "",
        format!(
            "Không có thao tác '{op}'. Các thao tác: {}",
            OPERATIONS.join(", ")
        ),
        format!(
            "Unknown operation '{op}'. Operations: {}",
            OPERATIONS.join(", ")
        ),
    )
}

fn run<I: DeserializeOwned, O: Serialize>(
    input: Value,
    f: impl FnOnce(I) -> Result<O>,
) -> Result<Value> {
    output(f(parse_input(input)?)?)
}

fn output<O: Serialize>(out: O) -> Result<Value> {
    serde_json::to_value(out)
        .map_err(|e| Error::new(ErrorCode::InternalData, "", e.to_string(), e.to_string()))
}

/// Runs one operation on a parsed JSON input.
pub fn call_value(op: &str, input: Value) -> Result<Value> {
    match op {
        "calendar.day" => run(input, calendar::day),
        "calendar.solar_to_lunar" => run(input, calendar::solar_to_lunar),
        "calendar.lunar_to_solar" => run(input, calendar::lunar_to_solar),
        "calendar.add_working_days" => run(input, calendar::add_working_days),
        "calendar.working_days_between" => run(input, calendar::working_days_between),
        "calendar.next_working_day" => run(input, calendar::next_working_day),
        "calendar.add_working_hours" => run(input, calendar::add_working_hours),
        "calendar.working_hours_between" => run(input, calendar::working_hours_between),
        #[cfg(feature = "procedures")]
        "deadline.compute" => run(input, deadline::compute),
        #[cfg(feature = "procedures")]
        "deadline.check" => run(input, deadline::check),
        #[cfg(feature = "procedures")]
        "deadline.preview" => run(input, deadline::preview),
        #[cfg(feature = "procedures")]
        "birth_home.assess" => run(input, birth_home::assess),
        #[cfg(feature = "desk")]
        "birth_home.plan_visits" => run(input, birth_home::plan::plan_visits),
        #[cfg(feature = "desk")]
        "birth_home.commune_report" => run(input, birth_home::report::commune_report),
        #[cfg(feature = "desk")]
        "evaluation.dossier" => run(input, evaluation::dossier),
        #[cfg(feature = "desk")]
        "evaluation.unit" => run(input, evaluation::unit),
        #[cfg(feature = "desk")]
        "survey.score" => run(input, survey::score),
        #[cfg(all(feature = "desk", feature = "letters"))]
        "report.year_end" => run(input, report::year_end),
        #[cfg(all(feature = "desk", feature = "letters"))]
        "report.accumulate" => run(input, report::accumulate),
        #[cfg(all(feature = "desk", feature = "letters"))]
        "report.finish" => run(input, report::finish),
        #[cfg(all(feature = "desk", feature = "letters"))]
        "report.render" => run(input, report::render),
        #[cfg(feature = "letters")]
        "letters.select" => run(input, letters::select),
        #[cfg(feature = "letters")]
        "letters.render" => letters::render_json(input).and_then(output),
        _ => Err(unknown_operation(op)),
    }
}

/// The error answer `{"error": {...}}` as a JSON value.
pub fn error_value(e: &Error) -> Value {
    serde_json::json!({ "error": e })
}

/// Runs one operation on JSON text and returns the JSON answer (output or error object).
pub fn call_json(op: &str, input: &str) -> String {
    answer_to_string(call_str(op, input))
}

/// A `malformed_json` error.
pub fn malformed(detail: &str) -> Error {
    Error::new(
        ErrorCode::MalformedJson,
        "",
        format!("Dữ liệu vào không phải JSON hợp lệ: {detail}"),
        format!("Input is not valid JSON: {detail}"),
    )
}

/// A `batch_too_large` error for a batch of `n` records.
pub fn batch_too_large(n: usize) -> Error {
    Error::new(
        ErrorCode::BatchTooLarge,
        "",
        format!("Lô quá lớn ({n} bản ghi; tối đa {MAX_BATCH})"),
        format!("Batch too large ({n} records; at most {MAX_BATCH})"),
    )
}

/// Parses JSON text found at `path` of a larger input.
pub fn call_str_value(text: &str, path: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| malformed(&e.to_string()).at(path))
}

/// Runs one operation on JSON text.
pub fn call_str(op: &str, input: &str) -> Result<Value> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            "",
            format!(
                "Dữ liệu vào quá lớn ({} byte; tối đa {MAX_INPUT_BYTES})",
                input.len()
            ),
            format!(
                "Input too large ({} bytes; at most {MAX_INPUT_BYTES})",
                input.len()
            ),
        ));
    }
    if !OPERATIONS.contains(&op) {
        return Err(unknown_operation(op));
    }
    call_value(op, call_str_value(input, "")?)
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
