//! Calendar operations: `calendar.day`, `calendar.solar_to_lunar`, `calendar.lunar_to_solar`,
//! `calendar.add_working_days`, `calendar.working_days_between`, `calendar.next_working_day`,
//! `calendar.add_working_hours`, `calendar.working_hours_between`: their inputs, and adapters over
//! [`crate::calendar`] (whose [`answer`](crate::calendar::answer) module holds the answers).
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use crate::calendar::answer::{
    AddWorkingDaysOutput, AddWorkingHoursOutput, BetweenOutput, DayOutput, HoursBetweenOutput,
    Lunar, LunarToSolarOutput, MAX_DAYS, MAX_HOURS, MAX_SKIPPED_LISTED, NextWorkingDayOutput,
    add_working_days_counted, hours_to_seconds, lunar_error, lunar_of, skipped_days,
};
use crate::calendar::lunar::{self, LunarDate, LunarError};
use crate::error::Result;
use crate::ruleset::{Rules, RulesetInput};
use crate::time::{format_date, format_datetime, parse_date, parse_datetime, weekday_name};

/// Input of `calendar.day`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DayInput {
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub date: String,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `calendar.day`: whether a date is a working day, why, and its lunar date.
pub fn day(input: DayInput) -> Result<DayOutput<'static>> {
    let d = parse_date(&input.date, "date")?;
    let rules = Rules::new(input.ruleset.as_deref());
    let cal = rules.calendar()?;
    // The default calendar lives as long as the program: the answer borrows its reasons.
    let (view, reasons) = match cal.as_static() {
        Some(c) => {
            let view = c.day(d, "date")?;
            (view, Cow::Borrowed(view.reasons))
        }
        None => {
            let view = cal.day(d, "date")?;
            (view, Cow::Owned(view.reasons.to_vec()))
        }
    };
    Ok(DayOutput {
        date: format_date(d),
        weekday: weekday_name(d).to_owned(),
        lunar: lunar_of(d, "date")?,
        working_day: view.working,
        kind: view.kind,
        reasons,
        provisional: view.provisional,
        ruleset_version: cal.version_text(),
    })
}

/// Input of `calendar.solar_to_lunar`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SolarToLunarInput {
    /// `YYYY-MM-DD`, 1900-01-01..=2199-12-31.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub date: String,
    /// Accepted (and checked) like every operation's; the lunar calendar itself is astronomy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `calendar.solar_to_lunar`: the lunar date of a solar date (UTC+7).
pub fn solar_to_lunar(input: SolarToLunarInput) -> Result<Lunar> {
    let d = parse_date(&input.date, "date")?;
    if input.ruleset.is_some() {
        Rules::new(input.ruleset.as_deref()).calendar()?;
    }
    lunar_of(d, "date")
}

/// Input of `calendar.lunar_to_solar`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LunarToSolarInput {
    /// Lunar year.
    pub year: i32,
    /// 1..=12.
    pub month: u8,
    /// 1..=30.
    pub day: u8,
    /// Intercalary month (default false).
    #[serde(default)]
    pub leap: bool,
    /// Accepted (and checked) like every operation's; the lunar calendar itself is astronomy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `calendar.lunar_to_solar`: the solar date of a lunar date; rejects a leap month the year
/// does not have and day 30 of a 29-day month.
pub fn lunar_to_solar(input: LunarToSolarInput) -> Result<LunarToSolarOutput> {
    if input.ruleset.is_some() {
        Rules::new(input.ruleset.as_deref()).calendar()?;
    }
    if !(1..=12).contains(&input.month) {
        return Err(lunar_error(LunarError::InvalidMonth, "month"));
    }
    if !(1..=30).contains(&input.day) {
        return Err(lunar_error(LunarError::InvalidDay, "day"));
    }
    let l = LunarDate {
        year: input.year,
        month: input.month,
        day: input.day,
        leap: input.leap,
    };
    let j = lunar::lunar_to_solar_jdn(l).map_err(|e| {
        let field = match e {
            LunarError::OutOfRange => "year",
            LunarError::InvalidMonth => "month",
            LunarError::NoSuchLeapMonth => "leap",
            LunarError::InvalidDay => "day",
        };
        lunar_error(e, field)
    })?;
    let d = crate::time::from_jdn(j).ok_or_else(|| lunar_error(LunarError::OutOfRange, "year"))?;
    Ok(LunarToSolarOutput {
        date: format_date(d),
        weekday: weekday_name(d).to_owned(),
    })
}

/// Input of `calendar.add_working_days`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AddWorkingDaysInput {
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub start: String,
    /// Working days to add; 0 returns `start`; negative counts backwards. |days| ≤ 100000.
    pub days: i64,
    /// List the skipped days with their reasons (default true); `false` gives only the count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<bool>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `calendar.add_working_days`.
pub fn add_working_days(input: AddWorkingDaysInput) -> Result<AddWorkingDaysOutput> {
    let start = parse_date(&input.start, "start")?;
    let rules = Rules::new(input.ruleset.as_deref());
    let cal = rules.calendar()?;
    let (end, skipped_count, provisional) = add_working_days_counted(&cal, start, input.days)?;
    let skipped = if input.explain.unwrap_or(true) {
        skipped_days(&cal, start, end, MAX_SKIPPED_LISTED, "start")?
    } else {
        Vec::new()
    };
    Ok(AddWorkingDaysOutput {
        date: format_date(end),
        skipped,
        skipped_count,
        provisional,
        ruleset_version: cal.version_text(),
    })
}

/// `calendar.add_working_days` in a batch: the skipped days are listed only when the record
/// asks (`"explain": true`), so a batch answer stays about 150 bytes a line instead of a list of
/// reasons with their sources for every skipped day; the count is always given.
pub fn add_working_days_lean(mut input: AddWorkingDaysInput) -> Result<AddWorkingDaysOutput> {
    input.explain.get_or_insert(false);
    add_working_days(input)
}

/// Input of `calendar.working_days_between`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BetweenInput {
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub from: String,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub to: String,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `calendar.working_days_between`.
pub fn working_days_between(input: BetweenInput) -> Result<BetweenOutput> {
    let from = parse_date(&input.from, "from")?;
    let to = parse_date(&input.to, "to")?;
    let rules = Rules::new(input.ruleset.as_deref());
    let cal = rules.calendar()?;
    cal.check(from, "from")?;
    cal.check(to, "to")?;
    Ok(BetweenOutput {
        days: cal.working_days_between(from, to, "from")?,
        calendar_days: (to - from).num_days(),
        provisional: cal.provisional_between(from, to, "from")?,
        ruleset_version: cal.version_text(),
    })
}

/// Input of `calendar.next_working_day`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NextWorkingDayInput {
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub date: String,
    /// Return `date` itself when it is a working day (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclusive: Option<bool>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `calendar.next_working_day`.
pub fn next_working_day(input: NextWorkingDayInput) -> Result<NextWorkingDayOutput> {
    let d = parse_date(&input.date, "date")?;
    let rules = Rules::new(input.ruleset.as_deref());
    let cal = rules.calendar()?;
    let next = cal.next_working_day(d, input.inclusive.unwrap_or(true), "date")?;
    Ok(NextWorkingDayOutput {
        date: format_date(next),
        provisional: cal.provisional_between(d, next, "date")?,
        ruleset_version: cal.version_text(),
    })
}

/// Input of `calendar.add_working_hours`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AddWorkingHoursInput {
    /// `YYYY-MM-DDTHH:MM[:SS]` (Vietnam time) or RFC 3339 with an offset.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Moment"))]
    pub start: String,
    /// Office hours to add, 0 ≤ hours ≤ 800000, to the second.
    pub hours: f64,
    /// Unit code whose office hours apply (default hours when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `calendar.add_working_hours`.
pub fn add_working_hours(input: AddWorkingHoursInput) -> Result<AddWorkingHoursOutput> {
    let start = parse_datetime(&input.start, "start")?;
    let secs = hours_to_seconds(input.hours)?;
    let rules = Rules::new(input.ruleset.as_deref());
    let cal = rules.calendar()?;
    let unit = input.unit.as_deref();
    let clock_start = cal.clock_start(start, unit, "start")?;
    let end = cal.add_working_seconds(start, secs, unit, "start")?;
    Ok(AddWorkingHoursOutput {
        end: format_datetime(end),
        clock_start: format_datetime(clock_start),
        office_hours_unit: cal.office_hours_unit(unit, start.date()),
        provisional: cal.provisional_between(start.date(), end.date(), "start")?,
        ruleset_version: cal.version_text(),
    })
}

/// Input of `calendar.working_hours_between`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HoursBetweenInput {
    /// Date-time.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Moment"))]
    pub from: String,
    /// Date-time.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Moment"))]
    pub to: String,
    /// Unit code whose office hours apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `calendar.working_hours_between`.
pub fn working_hours_between(input: HoursBetweenInput) -> Result<HoursBetweenOutput> {
    let from = parse_datetime(&input.from, "from")?;
    let to = parse_datetime(&input.to, "to")?;
    let rules = Rules::new(input.ruleset.as_deref());
    let cal = rules.calendar()?;
    cal.check(from.date(), "from")?;
    cal.check(to.date(), "to")?;
    let seconds = cal.working_seconds_between(from, to, input.unit.as_deref(), "from")?;
    Ok(HoursBetweenOutput {
        hours: seconds as f64 / 3600.0,
        seconds,
        office_hours_unit: cal.office_hours_unit(input.unit.as_deref(), from.date()),
        provisional: cal.provisional_between(from.date(), to.date(), "from")?,
        ruleset_version: cal.version_text(),
    })
}
