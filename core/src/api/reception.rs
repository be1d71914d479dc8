//! `reception.check` and `reception.plan`: the chairperson's citizen-reception days against the
//! law.
use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::reception::{self, ReceptionCheckOutput, ReceptionData, ReceptionPlanOutput};
use crate::ruleset::{Rules, RulesetInput};
use crate::time::{parse_date, parse_moment_or_day};
use crate::units::Level;

/// The days judged or planned.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReceptionPeriod {
    /// First day.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub from: String,
    /// Last day.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub to: String,
}

/// A day of the week.
#[derive(
    Clone, Copy, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[allow(missing_docs)]
pub enum WeekdayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// Input of `reception.check`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReceptionCheckInput {
    /// The unit (its name on the notice; refused when no data names it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The level of the People's Committee whose chairperson receives.
    pub level: Level,
    /// The days judged.
    pub period: ReceptionPeriod,
    /// The reception days held or scheduled (`YYYY-MM-DD` or date-times).
    pub sessions: Vec<String>,
    /// Administrator overrides (the working calendar; the units added in `letters.units`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Input of `reception.plan`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReceptionPlanInput {
    /// The unit (its name on the notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The level of the People's Committee.
    pub level: Level,
    /// The days planned.
    pub period: ReceptionPeriod,
    /// The weekday of the reception.
    pub weekday: WeekdayName,
    /// Administrator overrides (the working calendar; the units added in `letters.units`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

fn period(p: &ReceptionPeriod) -> Result<(NaiveDate, NaiveDate)> {
    let (from, to) = (
        parse_date(&p.from, "period.from")?,
        parse_date(&p.to, "period.to")?,
    );
    reception::check_period(from, to)?;
    Ok((from, to))
}

/// The unit's name on `d`, when one is given (`unknown_unit` when neither the data nor the
/// ruleset names it).
fn unit_name(rules: &Rules<'_>, unit: Option<&str>, d: NaiveDate) -> Result<Option<String>> {
    let Some(code) = unit else { return Ok(None) };
    rules.with_units(|units| {
        units.known(code, "unit")?;
        Ok(units.unit_on(code, d).map(|u| u.name.clone()))
    })
}

/// `reception.check`.
pub fn check(input: ReceptionCheckInput) -> Result<ReceptionCheckOutput> {
    let (from, to) = period(&input.period)?;
    let rules = Rules::new(input.ruleset.as_deref());
    unit_name(&rules, input.unit.as_deref(), from)?;
    crate::de::check_batch(input.sessions.len(), "sessions")?;
    let sessions = input
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| parse_moment_or_day(s, &format!("sessions[{i}]")).map(|t| t.date()))
        .collect::<Result<Vec<_>>>()?;
    let cal = rules.calendar()?;
    let data = ReceptionData::default_ref()?;
    let version = format!("{} / reception {}", cal.version(), data.version);
    reception::check(data, &cal, input.level, (from, to), &sessions, version)
}

/// `reception.plan`.
pub fn plan(input: ReceptionPlanInput) -> Result<ReceptionPlanOutput> {
    let (from, to) = period(&input.period)?;
    let rules = Rules::new(input.ruleset.as_deref());
    let name = unit_name(&rules, input.unit.as_deref(), from)?;
    let cal = rules.calendar()?;
    let data = ReceptionData::default_ref()?;
    let version = format!("{} / reception {}", cal.version(), data.version);
    let weekday = match input.weekday {
        WeekdayName::Monday => Weekday::Mon,
        WeekdayName::Tuesday => Weekday::Tue,
        WeekdayName::Wednesday => Weekday::Wed,
        WeekdayName::Thursday => Weekday::Thu,
        WeekdayName::Friday => Weekday::Fri,
        WeekdayName::Saturday => Weekday::Sat,
        WeekdayName::Sunday => Weekday::Sun,
    };
    reception::plan(
        data,
        &cal,
        input.level,
        (from, to),
        weekday,
        name.as_deref(),
        version,
    )
}
