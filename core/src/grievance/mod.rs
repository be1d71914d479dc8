//! Complaints (khiếu nại), denunciations (tố cáo) and petitions (kiến nghị, phản ánh): the time
//! limits that apply to a case from its event log (`grievance.compute`), by the law in force on
//! the day the case was received (`data/grievance.toml`, every period with its article).
//!
//! A period in calendar days counts from the day after its event and, when its last day is a
//! day off, ends on the next working day (BLDS 2015 Art. 147–148); a period in working days
//! counts the working days after the event's day. Which of the two a period uses is data, per
//! law version: the Law on Complaints says "ngày" where its circulars say "ngày làm việc".
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dated::Confidence;
use crate::error::{Error, Result};

mod case;
mod compute;
mod log;
mod suspension;
mod texts;

pub use case::{CaseInput, Complexity, GrievanceEventInput, GrievanceEventKind, Kind, read};
pub use compute::{
    Deadline, GrievanceOutput, GrievanceStatus, GrievanceStep, GrievanceViolation, Law, TraceLine,
    compute,
};
pub use log::{CaseNotCounted, GrievanceLogSummary, KindCounts, summarize};

const GRIEVANCE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/grievance.json"));

/// Calendar or working days.
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
pub enum DayType {
    /// Calendar days (BLDS 2015 Art. 147–148).
    Calendar,
    /// Working days.
    Working,
}

/// The event a period counts from.
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
pub enum RunsFrom {
    /// The day the complainant received or learned of the decision or act.
    DecisionKnown,
    /// The first-instance decision received, or the end of the first-instance period.
    FirstResult,
    /// The case's receipt.
    Received,
    /// Its acceptance (thụ lý).
    Accepted,
    /// The decision or conclusion.
    Decided,
}

/// One period of the law, as `data/grievance.toml` holds it, or of a unit's own rules
/// (`ruleset.grievance.periods`: e.g. its answer period for petitions, where the law sets none).
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Period {
    /// Kind of case.
    pub kind: Kind,
    /// 1 (first instance; the only one but for complaints) or 2.
    pub instance: u8,
    /// The step it limits.
    pub step: GrievanceStep,
    /// In force for cases received on or after (`YYYY-MM-DD`).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub from: NaiveDate,
    /// The event it counts from.
    pub runs_from: RunsFrom,
    /// Its length (absent: the law sets none).
    pub days: Option<u32>,
    /// For a complex case.
    pub complex_days: Option<u32>,
    /// In remote or difficult areas (vùng sâu, vùng xa).
    pub remote_days: Option<u32>,
    /// Remote and complex.
    pub remote_complex_days: Option<u32>,
    /// When several places must be checked (denunciations).
    pub several_places_days: Option<u32>,
    /// Calendar or working days.
    pub day_type: DayType,
    /// Longest extension, in days of the same type.
    pub extension_days: Option<u32>,
    /// Extensions allowed for a complex case.
    pub extensions_complex: Option<u8>,
    /// Extensions allowed for an especially complex case.
    pub extensions_especially_complex: Option<u8>,
    /// Law and article, or the unit's decision.
    pub source: String,
    /// How sure the datum is; a unit's own period defaults to `low` (not the law: its answers
    /// are provisional).
    #[serde(default = "low")]
    pub confidence: Confidence,
}

fn low() -> Confidence {
    Confidence::Low
}

/// A unit's grievance settings (`ruleset.grievance`).
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
pub struct GrievanceSettingsInput {
    /// The at-risk lead in working days (a convention; default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_risk_working_days: Option<u32>,
    /// Periods added: a step the law leaves without a period, or a newer version of one (the
    /// latest `from` on or before a case's receipt governs it; on the same day, the unit's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<Vec<Period>>,
}

/// Longest period a unit may set, in days.
const MAX_PERIOD_DAYS: u32 = 3_650;

/// From when the law lets a resolution be suspended, the time suspended not counted.
#[derive(Clone, Debug, Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
pub struct Suspension {
    /// Kind of case.
    pub kind: Kind,
    /// For suspensions decided on or after.
    pub from: NaiveDate,
    /// Law and article.
    pub source: String,
    /// How sure the datum is.
    pub confidence: Confidence,
}

/// The time limits of every kind of case, by law version.
#[derive(Clone, Debug, Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
pub struct GrievanceData {
    /// Version of the data.
    pub version: String,
    /// Convention (the law is silent): an open case is at risk from this many working days
    /// before its current deadline.
    pub at_risk_working_days: u32,
    /// Every period.
    pub period: Vec<Period>,
    /// Where suspension is allowed.
    pub suspension: Vec<Suspension>,
}

impl GrievanceData {
    /// The engine's data, read once.
    pub fn default_ref() -> Result<&'static GrievanceData> {
        static DEFAULT: OnceLock<Result<GrievanceData>> = OnceLock::new();
        crate::de::shared(&DEFAULT, || {
            crate::de::from_data("grievance.toml", GRIEVANCE_JSON)
        })
    }

    /// The engine's data with a unit's settings; each period checked at `path`.
    pub fn with_overrides(&self, input: &GrievanceSettingsInput, path: &str) -> Result<Self> {
        let mut out = self.clone();
        if let Some(n) = input.at_risk_working_days {
            if n > 60 {
                let p = format!("{path}.at_risk_working_days");
                return Err(Error::setting_out_of_range(&p, u64::from(n), 0, 60));
            }
            out.at_risk_working_days = n;
        }
        for (i, p) in input.periods.iter().flatten().enumerate() {
            let at = |f: &str| format!("{path}.periods[{i}].{f}");
            if !(p.instance == 1 || p.instance == 2 && p.kind == Kind::Complaint) {
                return Err(Error::grievance_instance(
                    &at("instance"),
                    p.instance,
                    p.kind.as_str(),
                ));
            }
            let lengths = [
                ("days", p.days),
                ("complex_days", p.complex_days),
                ("remote_days", p.remote_days),
                ("remote_complex_days", p.remote_complex_days),
                ("several_places_days", p.several_places_days),
                ("extension_days", p.extension_days),
            ];
            for (field, v) in lengths {
                if let Some(n) = v.filter(|n| *n == 0 || *n > MAX_PERIOD_DAYS) {
                    let max = u64::from(MAX_PERIOD_DAYS);
                    return Err(Error::setting_out_of_range(
                        &at(field),
                        u64::from(n),
                        1,
                        max,
                    ));
                }
            }
            crate::time::check_year(chrono::Datelike::year(&p.from), &at("from"))?;
            out.period.push(p.clone());
        }
        if *input != GrievanceSettingsInput::default() {
            out.version = format!("{} + unit", out.version);
        }
        Ok(out)
    }

    /// The period of `step` in force for a case of `kind` and `instance` received on `d` (on a
    /// tie of dates, the one listed last: a unit's over the engine's).
    pub fn period(
        &self,
        kind: Kind,
        instance: u8,
        step: GrievanceStep,
        d: NaiveDate,
    ) -> Option<&Period> {
        self.period
            .iter()
            .filter(|p| p.kind == kind && p.instance == instance && p.step == step && p.from <= d)
            .max_by_key(|p| p.from)
    }

    /// The first day any period of `kind` is in force (a case received before it has no law).
    pub fn first_day(&self, kind: Kind) -> Option<NaiveDate> {
        self.period
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.from)
            .min()
    }

    /// The suspension rule in force for a case of `kind` suspended on `d`.
    pub fn suspension(&self, kind: Kind, d: NaiveDate) -> Option<&Suspension> {
        self.suspension
            .iter()
            .filter(|s| s.kind == kind && s.from <= d)
            .max_by_key(|s| s.from)
    }
}

/// `no_rules_in_force` for a case received before the first law loaded for its kind.
fn before_law(kind: Kind, first: Option<NaiveDate>) -> Error {
    let first = first.map(crate::time::format_date).unwrap_or_default();
    Error::no_grievance_law(kind.as_str(), &first)
}
