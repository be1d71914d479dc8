//! The working calendar's data: the civil servants' working week, statutory holidays by law
//! version, the official yearly schedules of days off and make-up working days, and office hours,
//! each effective-dated with its source.
//!
//! Defaults are compiled in from `core/data/` (TOML, and the official schedule JSON kept in the
//! shape of `shared/data/vn-official-days-off.json` with each entry's source note and
//! confidence). An administrator's calendar section ([`super::CalendarInput`], read in
//! [`super::overrides`]) replaces a year's schedule, adds one-off days off or working days, or
//! changes office hours, without recompiling.
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::input::{OfficeHoursInput, ScheduleInput};
pub use crate::dated::Confidence;
use crate::error::{Error, Result};
use crate::time::{parse_clock, parse_date};

/// `data/holidays.toml`, turned into JSON by the build script: read only by the test that checks
/// the Rust the build script generates from the same file ([`holidays_file`]).
#[cfg(test)]
const HOLIDAYS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/holidays.json"));
/// `data/office_hours.toml`, turned into JSON by the build script.
const OFFICE_HOURS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/office_hours.json"));
/// `data/vn-official-days-off.json`, minified by the build script.
const OFFICIAL_DAYS_OFF_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/vn-official-days-off.json"));

/// Last year any working-time answer covers.
pub const LAST_YEAR: i32 = crate::time::LAST_YEAR;

/// Where a day's status comes from.
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
pub enum Origin {
    /// The official yearly schedule shipped with the engine.
    OfficialSchedule,
    /// The statutory rules alone (no schedule loaded for that year): provisional.
    StatutoryRule,
    /// An administrator's ruleset given with the call.
    Ruleset,
}

/// What an entry of a schedule says about its date.
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
pub enum EntryKind {
    /// A statutory holiday.
    Holiday,
    /// A compensatory day off for a holiday on a rest day (nghỉ bù).
    Compensatory,
    /// A working weekday swapped off against a make-up weekend day (hoán đổi).
    SwapOff,
    /// Any other official or local day off.
    DayOff,
    /// A weekend day that is worked (làm bù).
    Work,
}

impl EntryKind {
    pub(super) fn parse(s: &str, path: &str, working: bool) -> Result<Self> {
        let kind = match s {
            "holiday" => Self::Holiday,
            "compensatory" => Self::Compensatory,
            "swap_off" => Self::SwapOff,
            "day_off" => Self::DayOff,
            "work" => Self::Work,
            _ => {
                return Err(invalid(
                    path,
                    &format!("loại ngày '{s}' không được hỗ trợ"),
                    &format!("unknown kind '{s}'"),
                ));
            }
        };
        if working != (kind == Self::Work) {
            let (vi, en) = if working {
                (
                    "ngày làm bù phải có loại 'work'",
                    "a working day must have kind 'work'",
                )
            } else {
                (
                    "ngày nghỉ không thể có loại 'work'",
                    "a day off cannot have kind 'work'",
                )
            };
            return Err(invalid(path, vi, en));
        }
        Ok(kind)
    }
}

/// One dated entry of a schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The day.
    pub date: NaiveDate,
    /// What it is.
    pub kind: EntryKind,
    /// Source note (the notice that decided it), as given by the data.
    pub note: String,
    /// How sure the data is.
    pub confidence: Confidence,
    /// Where the entry comes from.
    pub origin: Origin,
}

/// The official schedule of one year: its weekdays off and its worked weekend days.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct YearSchedule {
    /// Monday–Friday dates that are not working days.
    pub days_off: Vec<Entry>,
    /// Weekend dates that are working days.
    pub working_days: Vec<Entry>,
}

/// The days of the week that are working days from a date on.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkWeek {
    /// In force from.
    pub from: NaiveDate,
    /// Monday = 0 … Sunday = 6.
    pub days: [bool; 7],
    /// Legal source.
    pub source: String,
    /// How sure.
    pub confidence: Confidence,
}

/// Which calendar a holiday's anchor date is given in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize, thanthien_derive::Decode))]
#[cfg_attr(test, serde(rename_all = "lowercase"))]
pub enum CalendarKind {
    /// Gregorian.
    Solar,
    /// Vietnamese lunisolar.
    Lunar,
}

/// A statutory holiday in force between two dates.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Deserialize, thanthien_derive::Decode))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct HolidayRule {
    /// Stable id (`tet`, `national_day`, …).
    pub id: String,
    /// Name in Vietnamese.
    pub name_vi: String,
    /// Name in English.
    pub name_en: String,
    /// Calendar of the anchor date.
    pub calendar: CalendarKind,
    /// Anchor month.
    pub month: u8,
    /// Anchor day.
    pub day: u8,
    /// Offsets in days from the anchor that are off.
    pub offsets: Vec<i32>,
    /// Extra adjacent day by the anchor's weekday (`mon` … `sun` → ±1), for 2/9 under BLLĐ 2019.
    #[cfg_attr(test, serde(default))]
    pub adjacent_by_weekday: Option<BTreeMap<String, i32>>,
    /// Where the compensatory day of one of its days falling on a Saturday goes, when not the
    /// next working day (the official schedules of 2017–2024 moved Tết days on Saturday before
    /// Tết; the 1994 code's own words put them after, `holidays.toml`).
    #[cfg_attr(test, serde(default))]
    pub saturday_compensation: Option<SaturdayCompensation>,
    /// Days before and after the anchor within which an official day off of kind `holiday` is
    /// named after this holiday (the official schedules place Tết's days differently each year).
    #[cfg_attr(test, serde(default = "default_name_window"))]
    pub name_window: [i32; 2],
    /// In force from (judged on the anchor date).
    #[cfg_attr(test, serde(deserialize_with = "de_date"))]
    pub from: NaiveDate,
    /// In force until, inclusive.
    #[cfg_attr(test, serde(default, deserialize_with = "de_opt_date"))]
    pub to: Option<NaiveDate>,
    /// Law and article.
    pub source: String,
}

#[cfg(test)]
fn default_name_window() -> [i32; 2] {
    [-3, 3]
}

/// The day a compensatory day off falls on (BLLĐ 2019 Art. 111(3): "ngày làm việc kế tiếp").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize, thanthien_derive::Decode))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum CompensationDay {
    /// The next working day.
    NextWorkingDay,
}

/// Where a holiday day falling on a Saturday is compensated, when a rule says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize, thanthien_derive::Decode))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum SaturdayCompensation {
    /// The working day before (the official schedules' placement for Tết since 2017).
    PreviousWorkingDay,
    /// The next working day (the statutory rule).
    NextWorkingDay,
}

/// How a holiday on a rest day is compensated.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Deserialize, thanthien_derive::Decode))]
#[cfg_attr(test, serde(deny_unknown_fields))]
pub struct CompensatoryRule {
    /// In force from.
    #[cfg_attr(test, serde(deserialize_with = "de_date"))]
    pub from: NaiveDate,
    /// Where the compensatory day goes: the law defines only the next working day.
    pub rule: CompensationDay,
    /// Law and article.
    pub source: String,
}

/// A unit's office hours from a date on.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficeHours {
    /// Unit code, or `*` for every unit.
    pub unit: String,
    /// In force from.
    pub from: NaiveDate,
    /// Working sessions of a working day, seconds after midnight, sorted and disjoint.
    pub sessions: Vec<(u32, u32)>,
    /// Saturday reception sessions (reception only: not counted as working time).
    pub saturday_reception: Vec<(u32, u32)>,
    /// Source or convention.
    pub source: String,
}

impl OfficeHours {
    /// Seconds of work in one working day.
    pub fn day_seconds(&self) -> u32 {
        self.sessions.iter().map(|(a, b)| b - a).sum()
    }
}

/// The complete rule data one working calendar uses.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarData {
    /// Version string reported in answers.
    pub version: String,
    /// Working week by effective date (the latest `from` on or before a date applies).
    pub work_weeks: Vec<WorkWeek>,
    /// Statutory holidays.
    pub holidays: Vec<HolidayRule>,
    /// Compensatory rules by effective date.
    pub compensatory: Vec<CompensatoryRule>,
    /// Official schedules by year.
    pub schedules: BTreeMap<i32, YearSchedule>,
    /// One-off days off added by a ruleset.
    pub extra_days_off: Vec<Entry>,
    /// One-off working weekend days added by a ruleset.
    pub extra_working_days: Vec<Entry>,
    /// Office hours by unit and effective date.
    pub office_hours: Vec<OfficeHours>,
}

pub(super) fn invalid(path: &str, vi: &str, en: &str) -> Error {
    Error::invalid_ruleset_data(path, vi, en)
}

pub(super) fn conflict(path: &str, vi: &str, en: &str) -> Error {
    Error::ruleset_conflict(path, vi, en)
}

#[cfg(test)]
fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<NaiveDate, D::Error> {
    let s = String::deserialize(d)?;
    parse_date(&s, "").map_err(|e| serde::de::Error::custom(e.message_en))
}

#[cfg(test)]
fn de_opt_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<NaiveDate>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|s| parse_date(&s, "").map_err(|e| serde::de::Error::custom(e.message_en)))
        .transpose()
}

pub(super) fn parse_confidence(s: Option<&str>, path: &str) -> Result<Confidence> {
    match s {
        None | Some("high") => Ok(Confidence::High),
        Some("med") | Some("medium") => Ok(Confidence::Med),
        Some("low") => Ok(Confidence::Low),
        Some(other) => Err(invalid(
            path,
            &format!("độ tin cậy '{other}' không hợp lệ (high, med, low)"),
            &format!("confidence '{other}' is not high, med or low"),
        )),
    }
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `data/holidays.toml`: the working weeks, holidays and compensatory rules by law version.
#[derive(Debug, PartialEq)]
#[cfg_attr(test, derive(Deserialize, thanthien_derive::Decode))]
#[cfg_attr(test, serde(deny_unknown_fields))]
struct HolidaysFile {
    version: String,
    work_week: Vec<WorkWeekRaw>,
    holiday: Vec<HolidayRule>,
    compensatory: Vec<CompensatoryRule>,
}

#[derive(Debug, PartialEq)]
#[cfg_attr(test, derive(Deserialize, thanthien_derive::Decode))]
#[cfg_attr(test, serde(deny_unknown_fields))]
struct WorkWeekRaw {
    #[cfg_attr(test, serde(deserialize_with = "de_date"))]
    from: NaiveDate,
    days: Vec<String>,
    source: String,
    confidence: String,
}

/// `data/holidays.toml`, as the build script turns it into Rust (checking every field), so that
/// the browser builds carry no deserialiser for data no ruleset overrides.
fn holidays_file() -> Result<HolidaysFile> {
    include!(concat!(env!("OUT_DIR"), "/holidays.rs"))
}

/// A date of `holidays.toml` (checked by the build script; refused here too if chrono does).
fn holiday_date(year: i32, month: u32, day: u32) -> Result<NaiveDate> {
    crate::time::date_of(year, month, day, "").map_err(|e| crate::de::internal("holidays.toml", e))
}

#[derive(Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
struct OfficeHoursFile {
    version: String,
    office_hours: Vec<OfficeHoursInput>,
}

/// Checks a list of `[start, end]` clock pairs: sorted, disjoint, each non-empty.
fn parse_sessions(raw: &[[String; 2]], path: &str) -> Result<Vec<(u32, u32)>> {
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(raw.len());
    for (i, [a, b]) in raw.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let (a, b) = (parse_clock(a, &p)?, parse_clock(b, &p)?);
        if a >= b {
            return Err(invalid(
                &p,
                "giờ bắt đầu phải trước giờ kết thúc",
                "a session must start before it ends",
            ));
        }
        if out.last().is_some_and(|&(_, prev_end)| a < prev_end) {
            return Err(conflict(
                &p,
                "các buổi làm việc chồng lên nhau hoặc không theo thứ tự",
                "sessions overlap or are out of order",
            ));
        }
        out.push((a, b));
    }
    Ok(out)
}

pub(super) fn office_hours_from_input(
    o: &OfficeHoursInput,
    path: &str,
    default_source: &str,
) -> Result<OfficeHours> {
    let from = parse_date(&o.from, &format!("{path}.from"))?;
    let sessions = parse_sessions(&o.sessions, &format!("{path}.sessions"))?;
    if sessions.is_empty() {
        return Err(invalid(
            &format!("{path}.sessions"),
            "cần ít nhất một buổi làm việc",
            "at least one session is required",
        ));
    }
    let saturday_reception = parse_sessions(
        o.saturday_reception.as_deref().unwrap_or(&[]),
        &format!("{path}.saturday_reception"),
    )?;
    Ok(OfficeHours {
        unit: o.unit.clone().unwrap_or_else(|| "*".to_owned()),
        from,
        sessions,
        saturday_reception,
        source: o
            .source
            .clone()
            .unwrap_or_else(|| default_source.to_owned()),
    })
}

impl CalendarData {
    /// The engine's default data, parsed and validated.
    pub fn defaults() -> Result<Self> {
        use crate::de::{from_data, internal};
        const OFFICIAL: &str = "vn-official-days-off.json";
        let h = holidays_file()?;
        let o: OfficeHoursFile = from_data("office_hours.toml", OFFICE_HOURS_JSON)?;
        let official: serde_json::Map<String, serde_json::Value> =
            from_data(OFFICIAL, OFFICIAL_DAYS_OFF_JSON)?;

        let mut work_weeks = Vec::new();
        for (i, w) in h.work_week.iter().enumerate() {
            let path = format!("work_week[{i}]");
            let mut days = [false; 7];
            for d in &w.days {
                let idx = WEEKDAYS
                    .iter()
                    .position(|x| x == d)
                    .ok_or_else(|| invalid(&path, "tên thứ không hợp lệ", "bad weekday name"))
                    .map_err(|e| internal("holidays.toml", e))?;
                if let Some(slot) = days.get_mut(idx) {
                    *slot = true;
                }
            }
            work_weeks.push(WorkWeek {
                from: w.from,
                days,
                source: w.source.clone(),
                confidence: parse_confidence(Some(&w.confidence), &path)
                    .map_err(|e| internal("holidays.toml", e))?,
            });
        }
        let compensatory = h.compensatory;

        let mut rules = CalendarData {
            version: format!(
                "thanthien-default holidays {} / office-hours {}",
                h.version, o.version
            ),
            work_weeks,
            holidays: h.holiday,
            compensatory,
            schedules: BTreeMap::new(),
            extra_days_off: Vec::new(),
            extra_working_days: Vec::new(),
            office_hours: Vec::new(),
        };
        for (i, oh) in o.office_hours.iter().enumerate() {
            let oh = office_hours_from_input(oh, &format!("office_hours[{i}]"), "")
                .map_err(|e| internal("office_hours.toml", e))?;
            rules.office_hours.push(oh);
        }
        for (year, value) in official.into_iter().filter(|(k, _)| !k.starts_with('_')) {
            let input: ScheduleInput =
                crate::de::from_value(value).map_err(|e| internal(OFFICIAL, e.within(&year)))?;
            let y: i32 = year.parse().map_err(|_| {
                let e = invalid(&year, "năm không hợp lệ", "not a year");
                internal(OFFICIAL, e)
            })?;
            let sched = rules
                .resolve_schedule(y, &input, &year, Origin::OfficialSchedule)
                .map_err(|e| internal(OFFICIAL, e))?;
            rules.schedules.insert(y, sched);
        }
        Ok(rules)
    }

    /// First year the working calendar covers: the earliest working-week rule.
    pub fn first_year(&self) -> i32 {
        self.work_weeks
            .iter()
            .map(|w| w.from.year())
            .min()
            .unwrap_or(LAST_YEAR + 1)
    }

    /// The working week in force on a date.
    pub fn work_week_on(&self, d: NaiveDate) -> Option<&WorkWeek> {
        self.work_weeks
            .iter()
            .filter(|w| w.from <= d)
            .max_by_key(|w| w.from)
    }

    /// The compensatory rule in force on a date.
    pub fn compensatory_on(&self, d: NaiveDate) -> Option<&CompensatoryRule> {
        self.compensatory
            .iter()
            .filter(|c| c.from <= d)
            .max_by_key(|c| c.from)
    }

    pub(super) fn is_rest_day(&self, d: NaiveDate) -> bool {
        let idx = d.weekday().num_days_from_monday() as usize;
        self.work_week_on(d)
            .is_none_or(|w| !w.days.get(idx).copied().unwrap_or(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Rust the build script generates from `holidays.toml` is the file as serde reads it.
    #[test]
    fn generated_holidays_are_the_toml() {
        let value = serde_json::from_str(HOLIDAYS_JSON).unwrap();
        let read: HolidaysFile = crate::de::from_value(value).unwrap();
        let generated = holidays_file().unwrap();
        assert_eq!(generated, read);
        assert!(generated.holiday.iter().any(|h| h.id == "tet"
            && h.offsets == [-1, 0, 1, 2, 3]
            && h.saturday_compensation == Some(SaturdayCompensation::PreviousWorkingDay)));
        assert!(
            generated
                .holiday
                .iter()
                .any(|h| h.adjacent_by_weekday.as_ref().is_some_and(|a| a.len() == 7))
        );
    }
}
