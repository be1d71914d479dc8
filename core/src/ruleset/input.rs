//! The shape of an administrator's ruleset, as given in a call's `ruleset` field (JSON) or in a
//! file (TOML or JSON) passed to the host: one flat object whose fields are the domains'
//! sections. Only this module and `api` know it; each domain reads its own section.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{EntryInput, OfficeHoursInput, ScheduleInput};

// The large sections are boxed, so that an input carrying no ruleset stays small to move.
/// Overrides of the default rule data. Every part is optional.
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
    pub deadline: Option<Box<crate::deadline::catalog::DeadlineSettingsInput>>,
    /// Accepted and unused in a build without procedures (the calendar package), so that one
    /// ruleset serves every build.
    #[cfg(not(feature = "procedures"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub deadline: Option<serde_json::Value>,
    /// The home birth-registration model: fee, capacity, communes, criteria, hamlets, weights.
    #[cfg(feature = "procedures")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_home: Option<Box<crate::birth_home::BirthHomeInput>>,
    /// Accepted and unused in a build without procedures (the calendar package), so that one
    /// ruleset serves every build.
    #[cfg(not(feature = "procedures"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub birth_home: Option<serde_json::Value>,
    /// Letters: courtesy kinds switched off, replacement texts, issuing units.
    #[cfg(feature = "letters")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letters: Option<Box<crate::letters::LettersInput>>,
    /// Complaints, denunciations and petitions: the unit's own periods and the at-risk lead.
    #[cfg(feature = "desk")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grievance: Option<Box<crate::grievance::GrievanceSettingsInput>>,
    /// Accepted and unused in a build without the desk operations.
    #[cfg(not(feature = "desk"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub grievance: Option<serde_json::Value>,
    /// Letters settings, accepted and unused in a build without letters.
    #[cfg(not(feature = "letters"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown"))]
    pub letters: Option<serde_json::Value>,
}
