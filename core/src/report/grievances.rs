//! The report's section on complaints, denunciations and petitions (QĐ 491/QĐ-UBND plan II.1.c:
//! receive citizens on schedule, resolve within the law's time limits): the year's log by kind
//! and the chairperson's reception days held against those the Law on Citizen Reception requires.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::calendar::Calendar;
use crate::error::Result;
use crate::grievance::{self, GrievanceLogSummary, Law};
use crate::reception::{self, DayOffSession, ReceptionData, ReceptionShortfall, level_name};
use crate::units::Level;

/// Reception days over the year.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReceptionYear {
    /// The unit's level on 31 December.
    pub level: String,
    /// Days the law requires (weeks or months judged whole).
    pub required: u32,
    /// Distinct days held.
    pub held: u32,
    /// Every week or month has its sessions.
    pub meets: bool,
    /// Those short of sessions.
    pub shortfalls: Vec<ReceptionShortfall>,
    /// Sessions on days off.
    pub on_days_off: Vec<DayOffSession>,
    /// A rule rests on a secondary or unread source.
    pub provisional: bool,
}

/// The section.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrievanceReport {
    /// The year's log by kind.
    pub log: GrievanceLogSummary,
    /// Reception days (when the sessions were given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reception: Option<ReceptionYear>,
}

/// The section of `year` from the log's `cases` and the reception `sessions` of a unit at
/// `level` (the reception check needs it: `unit_level_unknown` without).
pub fn section(
    law: &Law<'_>,
    year: (NaiveDate, NaiveDate),
    cases: Vec<Value>,
    sessions: Option<(&[NaiveDate], Option<Level>)>,
) -> Result<GrievanceReport> {
    let log = grievance::summarize(law, (cases, "grievances.cases"), year);
    let reception = match sessions {
        Some((days, level)) => Some(reception_year(law.cal, year, days, level)?),
        None => None,
    };
    Ok(GrievanceReport { log, reception })
}

fn reception_year(
    cal: &Calendar,
    year: (NaiveDate, NaiveDate),
    days: &[NaiveDate],
    level: Option<Level>,
) -> Result<ReceptionYear> {
    let level = level.ok_or_else(|| crate::error::Error::unit_level_unknown("unit"))?;
    let data = ReceptionData::default_ref()?;
    let c = reception::check(data, cal, level, year, days, String::new())
        .map_err(|e| e.within("grievances.reception_sessions"))?;
    Ok(ReceptionYear {
        level: level_name(level).to_owned(),
        required: c.required_total,
        held: c.held_total,
        meets: c.meets,
        shortfalls: c.shortfalls,
        on_days_off: c.on_days_off,
        provisional: c.provisional,
    })
}
