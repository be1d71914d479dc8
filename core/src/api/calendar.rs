//! Calendar operations: `calendar.day`, `calendar.solar_to_lunar`, `calendar.lunar_to_solar`,
//! `calendar.add_working_days`, `calendar.working_days_between`, `calendar.next_working_day`,
//! `calendar.add_working_hours`, `calendar.working_hours_between`.
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar_for;
use crate::calendar::Calendar;
use crate::calendar::lunar::{self, LunarDate, LunarError};
use crate::calendar::{DayKind, Reason};
use crate::error::{Error, ErrorCode, Result};
use crate::ruleset::RulesetInput;
use crate::time::{format_date, format_datetime, jdn, parse_date, parse_datetime, weekday_name};

/// Largest |days| accepted by `calendar.add_working_days`.
pub const MAX_DAYS: i64 = 100_000;
/// Largest `hours` accepted by `calendar.add_working_hours` (100 000 working days of 8 hours).
pub const MAX_HOURS: u32 = 800_000;
/// Most skipped days listed in one answer (the count is always complete).
pub const MAX_SKIPPED_LISTED: usize = 400;

/// A lunar date in answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Lunar {
    /// Lunar year (named by the Gregorian year in which its month 1 begins).
    pub year: i32,
    /// 1..=12.
    pub month: u8,
    /// 1..=30.
    pub day: u8,
    /// Intercalary month.
    pub leap: bool,
    /// Sexagenary name of the lunar year, e.g. "Ất Tỵ".
    pub year_name: String,
    /// Days in this lunar month (29 or 30).
    pub month_length: u8,
}

/// Input of `calendar.day`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DayInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `calendar.day`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DayOutput {
    /// The date asked for.
    pub date: String,
    /// `monday` … `sunday`.
    pub weekday: String,
    /// The lunar date (UTC+7).
    pub lunar: Lunar,
    /// Whether civil servants work that day.
    pub working_day: bool,
    /// What the day is.
    pub kind: DayKind,
    /// Why, with sources (empty for an ordinary working weekday).
    pub reasons: Vec<Reason>,
    /// True when the answer rests on an unconfirmed schedule entry or on a year without one.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

fn lunar_error(e: LunarError, path: &str) -> Error {
    match e {
        LunarError::OutOfRange => Error::new(
            ErrorCode::YearOutOfRange,
            path,
            format!(
                "Ngày nằm ngoài phạm vi lịch âm ({}-01-01 đến {}-12-31)",
                lunar::FIRST_SOLAR_YEAR,
                lunar::LAST_SOLAR_YEAR
            ),
            format!(
                "Date outside the lunar calendar's range ({}-01-01 to {}-12-31)",
                lunar::FIRST_SOLAR_YEAR,
                lunar::LAST_SOLAR_YEAR
            ),
        ),
        LunarError::InvalidMonth => Error::new(
            ErrorCode::InvalidLunarMonth,
            path,
            "Tháng âm lịch phải từ 1 đến 12",
            "A lunar month must be 1 to 12",
        ),
        LunarError::NoSuchLeapMonth => Error::new(
            ErrorCode::InvalidLeapMonth,
            path,
            "Năm âm lịch này không có tháng nhuận đó",
            "That lunar year has no such leap month",
        ),
        LunarError::InvalidDay => Error::new(
            ErrorCode::InvalidLunarDay,
            path,
            "Tháng âm lịch này không có ngày đó (tháng thiếu có 29 ngày)",
            "That lunar month has no such day (a short month has 29 days)",
        ),
    }
}

fn lunar_of(d: NaiveDate, path: &str) -> Result<Lunar> {
    let l = lunar::solar_to_lunar_jdn(jdn(d), d.year()).map_err(|e| lunar_error(e, path))?;
    let month_length =
        lunar::month_length(l.year, l.month, l.leap).map_err(|e| lunar_error(e, path))?;
    Ok(Lunar {
        year: l.year,
        month: l.month,
        day: l.day,
        leap: l.leap,
        year_name: lunar::year_name(l.year),
        month_length,
    })
}

/// `calendar.day`: whether a date is a working day, why, and its lunar date.
pub fn day(input: DayInput) -> Result<DayOutput> {
    let d = parse_date(&input.date, "date")?;
    let cal = calendar_for(input.ruleset.as_ref())?;
    let view = cal.day(d, "date")?;
    Ok(DayOutput {
        date: format_date(d),
        weekday: weekday_name(d).to_owned(),
        lunar: lunar_of(d, "date")?,
        working_day: view.working,
        kind: view.kind,
        reasons: view.reasons,
        provisional: view.provisional,
        ruleset_version: cal.rules().version.clone(),
    })
}

/// Input of `calendar.solar_to_lunar`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SolarToLunarInput {
    /// `YYYY-MM-DD`, 1900-01-01..=2199-12-31.
    pub date: String,
    /// Accepted (and checked) like every operation's; the lunar calendar itself is astronomy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// `calendar.solar_to_lunar`: the lunar date of a solar date (UTC+7).
pub fn solar_to_lunar(input: SolarToLunarInput) -> Result<Lunar> {
    let d = parse_date(&input.date, "date")?;
    if let Some(r) = &input.ruleset {
        calendar_for(Some(r))?;
    }
    lunar_of(d, "date")
}

/// Input of `calendar.lunar_to_solar`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `calendar.lunar_to_solar`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LunarToSolarOutput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `monday` … `sunday`.
    pub weekday: String,
}

/// `calendar.lunar_to_solar`: the solar date of a lunar date; rejects a leap month the year
/// does not have and day 30 of a 29-day month.
pub fn lunar_to_solar(input: LunarToSolarInput) -> Result<LunarToSolarOutput> {
    if let Some(r) = &input.ruleset {
        calendar_for(Some(r))?;
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

/// A non-working day passed over, with its reasons.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SkippedDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// What the day is.
    pub kind: DayKind,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// Input of `calendar.add_working_days`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AddWorkingDaysInput {
    /// `YYYY-MM-DD`.
    pub start: String,
    /// Working days to add; 0 returns `start`; negative counts backwards. |days| ≤ 100000.
    pub days: i64,
    /// List the skipped days with their reasons (default true); `false` gives only the count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<bool>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `calendar.add_working_days`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AddWorkingDaysOutput {
    /// The resulting working day.
    pub date: String,
    /// Non-working days strictly between `start` and `date` (at most 400 listed; none when
    /// `explain` is false).
    pub skipped: Vec<SkippedDay>,
    /// How many non-working days lie strictly between, listed or not.
    pub skipped_count: u64,
    /// True when any day from `start` to `date` rests on unconfirmed data.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

fn check_days(days: i64) -> Result<()> {
    if days.abs() > MAX_DAYS {
        return Err(Error::new(
            ErrorCode::DaysOutOfRange,
            "days",
            format!("Số ngày làm việc {days} vượt quá giới hạn ±{MAX_DAYS}"),
            format!("{days} working days is beyond the limit of ±{MAX_DAYS}"),
        ));
    }
    Ok(())
}

/// Adds `days` working days to `start` on a calendar already built: the date, the days skipped
/// and whether a day used is provisional. The arithmetic of `calendar.add_working_days` without
/// its texts, for bulk callers (the component's `add-working-days-dates`).
pub fn add_working_days_on(
    cal: &Calendar,
    start: NaiveDate,
    days: i64,
) -> Result<(NaiveDate, u64, bool)> {
    check_days(days)?;
    cal.check(start, "start")?;
    let end = cal.add_working_days(start, days, "days")?;
    // `end` is a working day and the days between it and `start` hold |days| working days
    // counting `end`, so the days skipped strictly between them number |end - start| - |days|.
    let skipped = (end - start)
        .num_days()
        .unsigned_abs()
        .saturating_sub(days.unsigned_abs());
    Ok((end, skipped, cal.provisional_between(start, end, "start")?))
}

/// `calendar.add_working_days`.
pub fn add_working_days(input: AddWorkingDaysInput) -> Result<AddWorkingDaysOutput> {
    let start = parse_date(&input.start, "start")?;
    let cal = calendar_for(input.ruleset.as_ref())?;
    let (end, skipped_count, provisional) = add_working_days_on(&cal, start, input.days)?;
    let listed = if input.explain.unwrap_or(true) {
        cal.skipped_days(start, end, MAX_SKIPPED_LISTED, "start")?.0
    } else {
        Vec::new()
    };
    Ok(AddWorkingDaysOutput {
        date: format_date(end),
        skipped: listed
            .into_iter()
            .map(|(d, v)| SkippedDay {
                date: format_date(d),
                kind: v.kind,
                reasons: v.reasons,
            })
            .collect(),
        skipped_count,
        provisional,
        ruleset_version: cal.rules().version.clone(),
    })
}

/// Input of `calendar.working_days_between`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct BetweenInput {
    /// `YYYY-MM-DD`.
    pub from: String,
    /// `YYYY-MM-DD`.
    pub to: String,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `calendar.working_days_between`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct BetweenOutput {
    /// Working days in `(from, to]`, or minus those in `[to, from)` when `to < from`.
    pub days: i64,
    /// Calendar days from `from` to `to`.
    pub calendar_days: i64,
    /// True when any day in the range rests on unconfirmed data.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

/// `calendar.working_days_between`.
pub fn working_days_between(input: BetweenInput) -> Result<BetweenOutput> {
    let from = parse_date(&input.from, "from")?;
    let to = parse_date(&input.to, "to")?;
    let cal = calendar_for(input.ruleset.as_ref())?;
    cal.check(from, "from")?;
    cal.check(to, "to")?;
    Ok(BetweenOutput {
        days: cal.working_days_between(from, to, "from")?,
        calendar_days: (to - from).num_days(),
        provisional: cal.provisional_between(from, to, "from")?,
        ruleset_version: cal.rules().version.clone(),
    })
}

/// Input of `calendar.next_working_day`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NextWorkingDayInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Return `date` itself when it is a working day (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclusive: Option<bool>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `calendar.next_working_day`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NextWorkingDayOutput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Rests on unconfirmed data.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

/// `calendar.next_working_day`.
pub fn next_working_day(input: NextWorkingDayInput) -> Result<NextWorkingDayOutput> {
    let d = parse_date(&input.date, "date")?;
    let cal = calendar_for(input.ruleset.as_ref())?;
    let next = cal.next_working_day(d, input.inclusive.unwrap_or(true), "date")?;
    Ok(NextWorkingDayOutput {
        date: format_date(next),
        provisional: cal.provisional_between(d, next, "date")?,
        ruleset_version: cal.rules().version.clone(),
    })
}

/// Input of `calendar.add_working_hours`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AddWorkingHoursInput {
    /// `YYYY-MM-DDTHH:MM[:SS]` (Vietnam time) or RFC 3339 with an offset.
    pub start: String,
    /// Office hours to add, 0 ≤ hours ≤ 800000, to the second.
    pub hours: f64,
    /// Unit code whose office hours apply (default hours when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `calendar.add_working_hours`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AddWorkingHoursOutput {
    /// The moment the office time runs out, Vietnam time.
    pub end: String,
    /// When the clock started: `start`, or the next opening if `start` was outside office hours.
    pub clock_start: String,
    /// Rests on unconfirmed data.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

fn hours_to_seconds(hours: f64) -> Result<i64> {
    let secs = hours * 3600.0;
    let rounded = secs.round();
    if !hours.is_finite()
        || !(0.0..=f64::from(MAX_HOURS)).contains(&hours)
        || (secs - rounded).abs() > 1e-6
    {
        // serde_json's float formatting, already in the binary, rather than core::fmt's.
        let hours = serde_json::to_string(&hours).unwrap_or_default();
        return Err(Error::new(
            ErrorCode::InvalidHours,
            "hours",
            format!("Số giờ {hours} không hợp lệ (từ 0 đến {MAX_HOURS}, chính xác đến giây)"),
            format!("Invalid hours {hours} (0 to {MAX_HOURS}, to the second)"),
        ));
    }
    Ok(rounded as i64)
}

/// `calendar.add_working_hours`.
pub fn add_working_hours(input: AddWorkingHoursInput) -> Result<AddWorkingHoursOutput> {
    let start = parse_datetime(&input.start, "start")?;
    let secs = hours_to_seconds(input.hours)?;
    let cal = calendar_for(input.ruleset.as_ref())?;
    let unit = input.unit.as_deref();
    let clock_start = cal.clock_start(start, unit, "start")?;
    let end = cal.add_working_seconds(start, secs, unit, "start")?;
    Ok(AddWorkingHoursOutput {
        end: format_datetime(end),
        clock_start: format_datetime(clock_start),
        provisional: cal.provisional_between(start.date(), end.date(), "start")?,
        ruleset_version: cal.rules().version.clone(),
    })
}

/// Input of `calendar.working_hours_between`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct HoursBetweenInput {
    /// Date-time.
    pub from: String,
    /// Date-time.
    pub to: String,
    /// Unit code whose office hours apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `calendar.working_hours_between`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct HoursBetweenOutput {
    /// Office hours within `[from, to)` (negative when `to < from`).
    pub hours: f64,
    /// The same in seconds.
    pub seconds: i64,
    /// Rests on unconfirmed data.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

/// `calendar.working_hours_between`.
pub fn working_hours_between(input: HoursBetweenInput) -> Result<HoursBetweenOutput> {
    let from = parse_datetime(&input.from, "from")?;
    let to = parse_datetime(&input.to, "to")?;
    let cal = calendar_for(input.ruleset.as_ref())?;
    cal.check(from.date(), "from")?;
    cal.check(to.date(), "to")?;
    let seconds = cal.working_seconds_between(from, to, input.unit.as_deref(), "from")?;
    Ok(HoursBetweenOutput {
        hours: seconds as f64 / 3600.0,
        seconds,
        provisional: cal.provisional_between(from.date(), to.date(), "from")?,
        ruleset_version: cal.rules().version.clone(),
    })
}
