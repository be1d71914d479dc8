//! The calendar's answers: a day, a lunar date, working days added or counted, office hours
//! added or counted, and the days passed over with their reasons. The operations' inputs are the
//! JSON boundary's (the `api` layer above); what they answer and the limits they keep are the calendar's.
use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::lunar::{self, LunarError};
use super::{Calendar, DayKind, Reason};
use crate::error::{Error, Result};
use crate::time::{format_date, jdn};

/// Largest |days| accepted by `calendar.add_working_days`.
pub const MAX_DAYS: i64 = 100_000;
/// Largest `hours` accepted by `calendar.add_working_hours` (100 000 working days of 8 hours).
pub const MAX_HOURS: u32 = 800_000;
/// Most skipped days listed in one answer (the count is always complete).
pub const MAX_SKIPPED_LISTED: usize = 400;

/// A lunar date in answers.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// Answer of `calendar.day`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DayOutput<'a> {
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
    // Borrowed from the default calendar when no ruleset changed it.
    #[cfg_attr(feature = "wasm", tsify(type = "Reason[]"))]
    pub reasons: Cow<'a, [Reason]>,
    /// True when the answer rests on an unconfirmed schedule entry or on a year without one.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: Cow<'static, str>,
}

/// The wire error of a lunar conversion's failure: the one place [`LunarError`] becomes an
/// [`Error`].
pub fn lunar_error(e: LunarError, path: &str) -> Error {
    match e {
        LunarError::OutOfRange => {
            Error::outside_lunar_range(path, lunar::FIRST_SOLAR_YEAR, lunar::LAST_SOLAR_YEAR)
        }
        LunarError::InvalidMonth => Error::invalid_lunar_month(path),
        LunarError::NoSuchLeapMonth => Error::invalid_leap_month(path),
        LunarError::InvalidDay => Error::invalid_lunar_day(path),
    }
}

/// The lunar date of `d` as answers give it.
pub fn lunar_of(d: NaiveDate, path: &str) -> Result<Lunar> {
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

/// Answer of `calendar.lunar_to_solar`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LunarToSolarOutput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `monday` … `sunday`.
    pub weekday: String,
}

/// A non-working day passed over, with its reasons.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkippedDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// What the day is.
    pub kind: DayKind,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// Answer of `calendar.add_working_days`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    pub ruleset_version: Cow<'static, str>,
}

fn check_days(days: i64) -> Result<()> {
    if days.unsigned_abs() > MAX_DAYS.unsigned_abs() {
        return Err(Error::days_out_of_range("days", days, MAX_DAYS));
    }
    Ok(())
}

/// Adds `days` working days to `start` (|days| at most [`MAX_DAYS`]): the date, the days skipped
/// and whether a day used is provisional. The arithmetic of `calendar.add_working_days` without
/// its texts, also for bulk callers (the component's `add-working-days-dates`).
pub fn add_working_days_counted(
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

/// Answer of `calendar.working_days_between`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BetweenOutput {
    /// Working days in `(from, to]`, or minus those in `[to, from)` when `to < from`.
    pub days: i64,
    /// Calendar days from `from` to `to`.
    pub calendar_days: i64,
    /// True when any day in the range rests on unconfirmed data.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: Cow<'static, str>,
}

/// Answer of `calendar.next_working_day`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NextWorkingDayOutput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Rests on unconfirmed data.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: Cow<'static, str>,
}

/// Answer of `calendar.add_working_hours`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AddWorkingHoursOutput {
    /// The moment the office time runs out, Vietnam time.
    pub end: String,
    /// When the clock started: `start`, or the next opening if `start` was outside office hours.
    pub clock_start: String,
    /// Rests on unconfirmed data.
    pub provisional: bool,
    /// Whose office hours were applied: the unit's own, or `*` for the default hours (a unit
    /// with no hours of its own, or a code no data names).
    pub office_hours_unit: String,
    /// Rule data used.
    pub ruleset_version: Cow<'static, str>,
}

/// Office hours as whole seconds: `invalid_hours` when negative, above [`MAX_HOURS`] or finer than
/// a second.
pub fn hours_to_seconds(hours: f64) -> Result<i64> {
    let secs = hours * 3600.0;
    let rounded = secs.round();
    if !hours.is_finite()
        || !(0.0..=f64::from(MAX_HOURS)).contains(&hours)
        || (secs - rounded).abs() > 1e-6
    {
        // serde_json's float formatting, already in the binary, rather than core::fmt's.
        let hours = serde_json::to_string(&hours).unwrap_or_default();
        return Err(Error::invalid_hours("hours", &hours, MAX_HOURS));
    }
    Ok(rounded as i64)
}

/// Answer of `calendar.working_hours_between`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HoursBetweenOutput {
    /// Office hours within `[from, to)` (negative when `to < from`).
    pub hours: f64,
    /// The same in seconds.
    pub seconds: i64,
    /// Rests on unconfirmed data.
    pub provisional: bool,
    /// Whose office hours were applied: the unit's own, or `*` for the default hours (a unit
    /// with no hours of its own, or a code no data names).
    pub office_hours_unit: String,
    /// Rule data used.
    pub ruleset_version: Cow<'static, str>,
}

/// The non-working days strictly between `a` and `b` (at most `limit`), with their reasons.
pub fn skipped_days(
    cal: &Calendar,
    a: NaiveDate,
    b: NaiveDate,
    limit: usize,
    path: &str,
) -> Result<Vec<SkippedDay>> {
    Ok(cal
        .skipped_days(a, b, limit, path)?
        .0
        .into_iter()
        .map(|(d, v)| SkippedDay {
            date: format_date(d),
            kind: v.kind,
            reasons: v.reasons.to_vec(),
        })
        .collect())
}
