//! Effective-dated rule data: the civil servants' working week, statutory holidays by law
//! version, the official yearly schedules of days off and make-up working days, and office hours.
//!
//! Defaults are compiled in from `core/data/` (TOML, and the official schedule JSON kept in the
//! shape of `shared/data/vn-official-days-off.json` with each entry's source note and
//! confidence). An administrator's [`RulesetInput`] replaces a year's schedule, adds one-off days
//! off or working days, or changes office hours, without recompiling; malformed or conflicting
//! data is rejected with an error naming the entry.
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::time::{parse_clock, parse_date};

mod input;
pub use input::{EntryInput, OfficeHoursInput, RulesetInput, ScheduleInput};

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
pub const LAST_YEAR: i32 = crate::calendar::lunar::LAST_SOLAR_YEAR;

/// How sure the data is. `low` makes every dependent answer provisional.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Confidence {
    /// A dated decision or press report of it was seen.
    High,
    /// Derived from a rule, or a single secondary source.
    Med,
    /// Expected or unconfirmed.
    Low,
}

/// Where a day's status comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Origin {
    /// The official yearly schedule shipped with the engine.
    OfficialSchedule,
    /// The statutory rules alone (no schedule loaded for that year): provisional.
    StatutoryRule,
    /// An administrator's ruleset given with the call.
    Ruleset,
}

/// What an entry of a schedule says about its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    fn parse(s: &str, path: &str, working: bool) -> Result<Self> {
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
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(test, serde(rename_all = "lowercase"))]
pub enum CalendarKind {
    /// Gregorian.
    Solar,
    /// Vietnamese lunisolar.
    Lunar,
}

/// A statutory holiday in force between two dates.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Deserialize))]
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
    /// next working day (Tết days on Saturday are moved before Tết in the official schedules).
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
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum CompensationDay {
    /// The next working day.
    NextWorkingDay,
}

/// Where a holiday day falling on a Saturday is compensated, when a rule says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum SaturdayCompensation {
    /// The working day before (the official schedules' usual placement for Tết).
    PreviousWorkingDay,
    /// The next working day (the statutory rule).
    NextWorkingDay,
}

/// How a holiday on a rest day is compensated.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Deserialize))]
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

/// The complete rule data one calculation uses.
#[derive(Clone, Debug, PartialEq)]
pub struct Ruleset {
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

fn invalid(path: &str, vi: &str, en: &str) -> Error {
    Error::new(
        ErrorCode::InvalidRuleset,
        path,
        format!("Dữ liệu quy tắc không hợp lệ tại '{path}': {vi}"),
        format!("Invalid ruleset data at '{path}': {en}"),
    )
}

fn conflict(path: &str, vi: &str, en: &str) -> Error {
    Error::new(
        ErrorCode::RulesetConflict,
        path,
        format!("Dữ liệu quy tắc mâu thuẫn tại '{path}': {vi}"),
        format!("Conflicting ruleset data at '{path}': {en}"),
    )
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

fn parse_confidence(s: Option<&str>, path: &str) -> Result<Confidence> {
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
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(test, serde(deny_unknown_fields))]
struct HolidaysFile {
    version: String,
    work_week: Vec<WorkWeekRaw>,
    holiday: Vec<HolidayRule>,
    compensatory: Vec<CompensatoryRule>,
}

#[derive(Debug, PartialEq)]
#[cfg_attr(test, derive(Deserialize))]
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

#[derive(Deserialize)]
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

fn office_hours_from_input(
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

impl Ruleset {
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

        let mut rules = Ruleset {
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

    /// Office hours in force for a unit on a date: the unit's own entry, else the default `*`.
    pub fn office_hours_on(&self, unit: Option<&str>, d: NaiveDate) -> Option<&OfficeHours> {
        let pick = |u: &str| {
            self.office_hours
                .iter()
                .filter(|o| o.unit == u && o.from <= d)
                .max_by_key(|o| o.from)
        };
        unit.and_then(pick).or_else(|| pick("*"))
    }

    /// The first date after `d` on which the office hours of `unit` may change.
    pub fn next_office_hours_change(&self, d: NaiveDate) -> Option<NaiveDate> {
        self.office_hours
            .iter()
            .map(|o| o.from)
            .filter(|f| *f > d)
            .min()
    }

    fn is_rest_day(&self, d: NaiveDate) -> bool {
        let idx = d.weekday().num_days_from_monday() as usize;
        self.work_week_on(d)
            .is_none_or(|w| !w.days.get(idx).copied().unwrap_or(false))
    }

    fn resolve_entry(
        &self,
        e: &EntryInput,
        path: &str,
        working: bool,
        origin: Origin,
        default_kind: &str,
    ) -> Result<Entry> {
        let date = parse_date(&e.date, &format!("{path}.date"))?;
        if !(self.first_year()..=LAST_YEAR).contains(&date.year()) {
            return Err(Error::new(
                ErrorCode::YearOutOfRange,
                format!("{path}.date"),
                format!(
                    "Năm {} nằm ngoài phạm vi lịch làm việc ({}–{LAST_YEAR})",
                    date.year(),
                    self.first_year()
                ),
                format!(
                    "Year {} is outside the working calendar ({}–{LAST_YEAR})",
                    date.year(),
                    self.first_year()
                ),
            ));
        }
        if let Some(wd) = &e.weekday {
            let actual = crate::time::weekday_name(date);
            if !actual.starts_with(&wd.to_ascii_lowercase()) || wd.len() < 3 {
                return Err(invalid(
                    &format!("{path}.weekday"),
                    &format!("ngày {} không phải '{wd}'", e.date),
                    &format!("{} is not a '{wd}'", e.date),
                ));
            }
        }
        let kind = EntryKind::parse(
            e.kind.as_deref().unwrap_or(default_kind),
            &format!("{path}.kind"),
            working,
        )?;
        let rest = self.is_rest_day(date);
        if working && !rest {
            return Err(conflict(
                path,
                &format!("{} vốn đã là ngày làm việc", e.date),
                &format!("{} is already a working day", e.date),
            ));
        }
        if !working && rest {
            return Err(conflict(
                path,
                &format!("{} vốn đã là ngày nghỉ hằng tuần", e.date),
                &format!("{} is already a weekly rest day", e.date),
            ));
        }
        Ok(Entry {
            date,
            kind,
            note: e.note.clone().unwrap_or_default(),
            confidence: parse_confidence(e.conf.as_deref(), &format!("{path}.conf"))?,
            origin,
        })
    }

    /// Resolves the days-off list and the working-days list of a schedule or a ruleset; a date
    /// given twice anywhere in them is a conflict naming both entries. `year`, when given, is
    /// the only year the entries may fall in.
    fn resolve_lists(
        &self,
        days_off: (&[EntryInput], String),
        working: (&[EntryInput], String),
        year: Option<i32>,
        origin: Origin,
    ) -> Result<YearSchedule> {
        let mut out = YearSchedule::default();
        let mut seen: BTreeMap<NaiveDate, String> = BTreeMap::new();
        for ((list, name), is_working) in [(days_off, false), (working, true)] {
            for (i, e) in list.iter().enumerate() {
                let p = format!("{name}[{i}]");
                let kind = if is_working { "work" } else { "day_off" };
                let entry = self.resolve_entry(e, &p, is_working, origin, kind)?;
                if let Some(year) = year.filter(|y| *y != entry.date.year()) {
                    return Err(invalid(
                        &format!("{p}.date"),
                        &format!("ngày {} không thuộc năm {year}", e.date),
                        &format!("{} is not in {year}", e.date),
                    ));
                }
                if let Some(prev) = seen.insert(entry.date, p.clone()) {
                    return Err(conflict(
                        &p,
                        &format!("ngày {} đã có ở '{prev}'", e.date),
                        &format!("{} is already given at '{prev}'", e.date),
                    ));
                }
                if is_working {
                    out.working_days.push(entry)
                } else {
                    out.days_off.push(entry)
                }
            }
        }
        Ok(out)
    }

    fn resolve_schedule(
        &self,
        year: i32,
        s: &ScheduleInput,
        path: &str,
        origin: Origin,
    ) -> Result<YearSchedule> {
        self.resolve_lists(
            (&s.days_off, format!("{path}.days_off")),
            (
                &s.working_weekend_days,
                format!("{path}.working_weekend_days"),
            ),
            Some(year),
            origin,
        )
    }

    /// Applies an administrator's ruleset on top of these rules.
    pub fn with_overrides(&self, input: &RulesetInput, path: &str) -> Result<Self> {
        let mut r = self.clone();
        if let Some(schedules) = &input.schedules {
            for (year, s) in schedules {
                let p = format!("{path}.schedules.{year}");
                let y: i32 = year
                    .parse()
                    .map_err(|_| invalid(&p, "khóa phải là một năm", "the key must be a year"))?;
                if !(r.first_year()..=LAST_YEAR).contains(&y) {
                    return Err(Error::new(
                        ErrorCode::YearOutOfRange,
                        p,
                        format!(
                            "Năm {y} nằm ngoài phạm vi lịch làm việc ({}–{LAST_YEAR})",
                            r.first_year()
                        ),
                        format!(
                            "Year {y} is outside the working calendar ({}–{LAST_YEAR})",
                            r.first_year()
                        ),
                    ));
                }
                let sched = r.resolve_schedule(y, s, &p, Origin::Ruleset)?;
                r.schedules.insert(y, sched);
            }
        }
        let extra = r.resolve_lists(
            (
                input.days_off.as_deref().unwrap_or(&[]),
                format!("{path}.days_off"),
            ),
            (
                input.working_days.as_deref().unwrap_or(&[]),
                format!("{path}.working_days"),
            ),
            None,
            Origin::Ruleset,
        )?;
        r.extra_days_off.extend(extra.days_off);
        r.extra_working_days.extend(extra.working_days);
        for (i, o) in input.office_hours.iter().flatten().enumerate() {
            let p = format!("{path}.office_hours[{i}]");
            let oh = office_hours_from_input(o, &p, "ruleset")?;
            if r.office_hours
                .iter()
                .any(|x| x.unit == oh.unit && x.from == oh.from)
            {
                r.office_hours
                    .retain(|x| !(x.unit == oh.unit && x.from == oh.from));
            }
            r.office_hours.push(oh);
        }
        r.version = format!(
            "{}+{}",
            self.version,
            input.version.as_deref().unwrap_or("ruleset")
        );
        Ok(r)
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
