//! The shape of an administrator's ruleset, as given in a call's `ruleset` field (JSON) or in a
//! file (TOML or JSON) passed to the host.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Overrides of the default rule data. Every part is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RulesetInput {
    /// A label for this ruleset, reported in answers after the default version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Whole yearly schedules, keyed by year, replacing the loaded one for that year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, ScheduleInput>"))]
    pub schedules: Option<BTreeMap<String, ScheduleInput>>,
    /// One-off days off on working weekdays (e.g. a local day off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_off: Option<Vec<EntryInput>>,
    /// One-off worked weekend days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<Vec<EntryInput>>,
    /// Office hours from a date on, for one unit or for all (`unit` absent or `*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_hours: Option<Vec<OfficeHoursInput>>,
    /// Procedures added to the catalog, or new versions of catalog procedures.
    #[cfg(feature = "procedures")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedures: Option<Vec<crate::deadline::catalog::ProcedureInput>>,
    /// Accepted and unused in a build without procedures (the calendar package), so that one
    /// ruleset serves every build.
    #[cfg(not(feature = "procedures"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub procedures: Option<serde_json::Value>,
    /// Deadline conventions (DOMAIN.md §10.4–10.7).
    #[cfg(feature = "procedures")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<crate::deadline::catalog::DeadlineSettingsInput>,
    /// Accepted and unused in a build without procedures (the calendar package), so that one
    /// ruleset serves every build.
    #[cfg(not(feature = "procedures"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub deadline: Option<serde_json::Value>,
    /// The home birth-registration model: fee, capacity, communes, criteria, hamlets, weights.
    #[cfg(feature = "procedures")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_home: Option<crate::birth_home::BirthHomeInput>,
    /// Accepted and unused in a build without procedures (the calendar package), so that one
    /// ruleset serves every build.
    #[cfg(not(feature = "procedures"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub birth_home: Option<serde_json::Value>,
    /// Letters: courtesy kinds switched off, replacement texts, issuing units.
    #[cfg(feature = "letters")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letters: Option<crate::letters::LettersInput>,
    /// Letters settings, accepted and unused in a build without letters.
    #[cfg(not(feature = "letters"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub letters: Option<serde_json::Value>,
}

/// One year's schedule, in the shape of `vn-official-days-off.json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EntryInput {
    /// `YYYY-MM-DD`.
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OfficeHoursInput {
    /// Unit code; absent or `*` for every unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// In force from, `YYYY-MM-DD`.
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
