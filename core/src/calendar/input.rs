//! The calendar's part of an administrator's ruleset: whole yearly schedules, one-off days off
//! and working days, office hours (the fields of `ruleset` the working calendar reads).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The calendar's section of a ruleset, borrowed from it: what [`super::Calendar::with_overrides`]
/// applies on top of the defaults.
#[derive(Clone, Copy, Debug, Default)]
pub struct CalendarInput<'a> {
    /// The ruleset's label, reported after the default version (`ruleset` when absent).
    pub label: Option<&'a str>,
    /// Whole yearly schedules, keyed by year.
    pub schedules: Option<&'a BTreeMap<String, ScheduleInput>>,
    /// One-off days off on working weekdays.
    pub days_off: &'a [EntryInput],
    /// One-off worked weekend days.
    pub working_days: &'a [EntryInput],
    /// Office hours from a date on.
    pub office_hours: &'a [OfficeHoursInput],
}

/// One year's schedule, in the shape of `vn-official-days-off.json`.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleInput {
    /// Monday–Friday dates that are not working days.
    #[serde(default)]
    pub days_off: Vec<EntryInput>,
    /// Saturday/Sunday dates that are working days.
    #[serde(default)]
    pub working_weekend_days: Vec<EntryInput>,
    /// Informative (Tết date), not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tet_1_1_lunar: Option<String>,
    /// Informative (Hùng Kings date), not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hung_kings_10_3_lunar: Option<String>,
    /// Informative review flags, not used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown[]"))]
    pub flags: Option<Vec<serde_json::Value>>,
}

/// One dated entry.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EntryInput {
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub date: String,
    /// Checked against the date when present (`Mon`, `monday`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<String>,
    /// `holiday`, `compensatory`, `swap_off`, `day_off` (days off) or `work`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The notice that decided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `high` (default), `med` or `low`; `low` makes answers provisional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conf: Option<String>,
}

/// Office hours from a date on.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OfficeHoursInput {
    /// Unit code; absent or `*` for every unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// In force from, `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub from: String,
    /// Working sessions, `[["07:00","11:30"],["13:30","17:00"]]`.
    pub sessions: Vec<[String; 2]>,
    /// Saturday reception sessions (not counted as working time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saturday_reception: Option<Vec<[String; 2]>>,
    /// Source or decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Confidence of the data (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
}
