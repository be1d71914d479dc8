//! Typed errors with a stable code, a message in Vietnamese and in English, and the JSON path of
//! the offending field (ARCHITECTURE.md, "Contracts every layer keeps").
//!
//! Every message is written once, by a constructor of `Error` (in `messages.rs`,
//! `domains.rs` and `report.rs`), so that the same fault reads the same wherever it is found. A domain reports paths relative to the record it reads; the
//! caller puts them under the record's place in its input with [`Error::within`].
use serde::{Deserialize, Serialize};

mod domains;
mod messages;
mod report;

/// Stable error codes. The snake_case name is the contract; never rename one.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ErrorCode {
    /// The input is not JSON at all.
    MalformedJson,
    /// A field the operation does not know.
    UnknownField,
    /// An object that names the same key twice.
    DuplicateKey,
    /// A required field is absent.
    MissingField,
    /// A field has the wrong type or shape.
    InvalidInput,
    /// A date that does not exist or is not `YYYY-MM-DD`.
    InvalidDate,
    /// A date-time that does not exist or is not `YYYY-MM-DDTHH:MM[:SS]` / RFC 3339.
    InvalidDatetime,
    /// A date outside the years the engine covers.
    YearOutOfRange,
    /// A lunar month number outside 1..=12.
    InvalidLunarMonth,
    /// A leap month the lunar year does not have.
    InvalidLeapMonth,
    /// A lunar day that the month does not have (0, above 30, or 30 of a 29-day month).
    InvalidLunarDay,
    /// `days` outside ±100000.
    DaysOutOfRange,
    /// `hours` negative, too large or finer than a second.
    InvalidHours,
    /// No operation of that name.
    UnknownOperation,
    /// Ruleset data that is malformed.
    InvalidRuleset,
    /// Ruleset entries that contradict each other.
    RulesetConflict,
    /// A batch with more records than allowed.
    BatchTooLarge,
    /// An input (or batch line) larger than allowed.
    InputTooLarge,
    /// The engine's own data failed to load (a build defect, never the caller's fault).
    InternalData,
    /// The host stopped the call (time, fuel or memory limit).
    ResourceLimit,
    /// A fault inside the engine itself (a guest panic): never the caller's fault, never worth
    /// retrying as is; the host logs its detail and answers without it.
    InternalError,
    /// No procedure with that code (or none in force on the receipt date).
    UnknownProcedure,
    /// No one-stop rules loaded for the receipt date.
    NoRulesInForce,
    /// A processing time that is negative, zero, absurdly long or not a whole number of seconds.
    InvalidDuration,
    /// A dossier's event log without a `received` event first.
    MissingReceived,
    /// An event dated before the dossier's receipt.
    EventBeforeReceived,
    /// Events whose times go backwards.
    EventsOutOfOrder,
    /// More events in one dossier than allowed.
    TooManyEvents,
    /// A letter template that does not compile or names a field the engine does not know.
    InvalidTemplate,
    /// A text field longer than allowed.
    FieldTooLarge,
    /// No issuing unit with that code.
    UnknownUnit,
    /// An issuing unit that no longer exists on the letter's date (and has no single successor).
    UnitNotInForce,
    /// A visit capacity that is negative or absurdly large.
    InvalidCapacity,
    /// More applications in one plan than allowed.
    TooManyApplications,
    /// A record of another unit than the one evaluated or reported.
    OtherUnit,
    /// A body's identifier not in the structure of TT 10/2016/TT-BTTTT.
    InvalidIdentifier,
    /// A dossier's number in the day outside 1–9999.
    InvalidSequence,
    /// A template that writes too much or runs too long (a ruleset's own text).
    TemplateLimit,
}

impl ErrorCode {
    /// The stable code as it appears in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MalformedJson => "malformed_json",
            Self::UnknownField => "unknown_field",
            Self::DuplicateKey => "duplicate_key",
            Self::MissingField => "missing_field",
            Self::InvalidInput => "invalid_input",
            Self::InvalidDate => "invalid_date",
            Self::InvalidDatetime => "invalid_datetime",
            Self::YearOutOfRange => "year_out_of_range",
            Self::InvalidLunarMonth => "invalid_lunar_month",
            Self::InvalidLeapMonth => "invalid_leap_month",
            Self::InvalidLunarDay => "invalid_lunar_day",
            Self::DaysOutOfRange => "days_out_of_range",
            Self::InvalidHours => "invalid_hours",
            Self::UnknownOperation => "unknown_operation",
            Self::InvalidRuleset => "invalid_ruleset",
            Self::RulesetConflict => "ruleset_conflict",
            Self::BatchTooLarge => "batch_too_large",
            Self::InputTooLarge => "input_too_large",
            Self::InternalData => "internal_data",
            Self::ResourceLimit => "resource_limit",
            Self::InternalError => "internal_error",
            Self::UnknownProcedure => "unknown_procedure",
            Self::NoRulesInForce => "no_rules_in_force",
            Self::InvalidDuration => "invalid_duration",
            Self::MissingReceived => "missing_received",
            Self::EventBeforeReceived => "event_before_received",
            Self::EventsOutOfOrder => "events_out_of_order",
            Self::TooManyEvents => "too_many_events",
            Self::InvalidTemplate => "invalid_template",
            Self::FieldTooLarge => "field_too_large",
            Self::UnknownUnit => "unknown_unit",
            Self::UnitNotInForce => "unit_not_in_force",
            Self::InvalidCapacity => "invalid_capacity",
            Self::TooManyApplications => "too_many_applications",
            Self::OtherUnit => "other_unit",
            Self::InvalidIdentifier => "invalid_identifier",
            Self::InvalidSequence => "invalid_sequence",
            Self::TemplateLimit => "template_limit",
        }
    }
}

/// An error answer: `{"error": {"code", "message_vi", "message_en", "path"}}`.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Error {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// Message in Vietnamese.
    pub message_vi: String,
    /// Message in English.
    pub message_en: String,
    /// JSON path of the offending field (`""` for the whole input).
    pub path: String,
}

impl Error {
    /// A new error.
    pub fn new(
        code: ErrorCode,
        path: impl Into<String>,
        message_vi: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Self {
            code,
            message_vi: message_vi.into(),
            message_en: message_en.into(),
            path: short_middle(path.into()),
        }
    }

    /// The same error reported at a different path.
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// The same error found inside `parent` (a record of a list input, `applications[3]`): its
    /// path joined under it (`applications[3].child_birth_date`).
    pub fn within(mut self, parent: &str) -> Self {
        if !parent.is_empty() {
            self.path = if self.path.is_empty() {
                parent.to_owned()
            } else if self.path.starts_with('[') {
                format!("{parent}{}", self.path)
            } else {
                format!("{parent}.{}", self.path)
            };
        }
        self
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at '{}': {}",
            self.code.as_str(),
            self.path,
            self.message_en
        )
    }
}

impl std::error::Error for Error {}

/// Characters of a caller's value quoted in a message: enough to recognise it, never the
/// whole of a megabyte-long mistake.
const QUOTED_CHARS: usize = 60;

/// A caller's value as a message quotes it: its first [`QUOTED_CHARS`] characters, then "…".
fn short(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(QUOTED_CHARS) {
        None => value.into(),
        Some((cut, _)) => format!("{}…", &value[..cut]).into(),
    }
}

/// A message that quotes a caller's value somewhere inside (serde's "invalid type: string
/// \"…\", expected …"): its beginning and its end, the middle cut when it is long.
fn short_middle(msg: String) -> String {
    let n = msg.chars().count();
    if n <= 4 * QUOTED_CHARS {
        return msg;
    }
    let head: String = msg.chars().take(2 * QUOTED_CHARS).collect();
    let tail: String = msg.chars().skip(n - 2 * QUOTED_CHARS).collect();
    format!("{head}…{tail}")
}

/// Result with the engine's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A record of a list input that an answer does not count, and why (`birth_home.commune_report`:
/// `other_year`, `invalid_registration`; `evaluation.unit`: `outside_period`, `other_unit`,
/// `invalid_dossier`). Nothing is dropped silently.
#[cfg(feature = "desk")]
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
