//! The Vietnamese working-day calendar of the civil service: lunar dates, statutory holidays by
//! law version, the official yearly schedules, office hours, and working-time arithmetic.
//!
//! **Ground truth.** A working day is Monday–Friday (QĐ 188/1999/QĐ-TTg; Monday–Saturday
//! before 02/10/1999), minus the statutory holidays of the Labour Code in force, minus
//! compensatory and swapped days off, plus worked weekend days, as decided each year by the
//! official notices (DOMAIN.md §2, §10.2). Years 2010–2027 come from those notices
//! (`vn-official-days-off.json`); other years from the statutory rules alone, marked provisional.
//!
//! **Range.** 1995-01-01 (Labour Code 1994 in force) to 2199-12-31. Outside it every function
//! returns `year_out_of_range`.
//!
//! **Cost.** A year's table is built once, on first use, from the rules; after that
//! [`Calendar::add_working_days`] and [`Calendar::working_days_between`] cost O(1) word
//! operations per calendar year crossed (bitset + prefix counts), never a day-by-day loop.
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub mod answer;
pub mod astronomy;
pub mod data;
pub mod holidays;
mod hours;
pub mod input;
pub mod lunar;
mod overrides;
pub mod year;

pub use answer::SkippedDay;
use data::OfficeHours;
pub use data::{CalendarData, Confidence, LAST_YEAR, Origin};
use hours::HoursIndex;
pub use input::{CalendarInput, EntryInput, OfficeHoursInput, ScheduleInput};
use year::YearTable;

/// What kind of day a date is.
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
pub enum DayKind {
    /// An ordinary working weekday.
    WorkingDay,
    /// A weekly rest day.
    Weekend,
    /// A statutory public holiday.
    Holiday,
    /// A compensatory day off (nghỉ bù).
    Compensatory,
    /// A weekday swapped off against a make-up day.
    SwapOff,
    /// Another official or local day off.
    DayOff,
    /// A weekend day that is worked (làm bù).
    MakeupWorkingDay,
}

/// Why a day is what it is, with its source.
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
pub struct Reason {
    /// Stable code: `weekend`, `holiday.tet`, `compensatory`, `swap_off`, `day_off`, `makeup_working_day`.
    pub code: String,
    /// Explanation in Vietnamese.
    pub text_vi: String,
    /// Explanation in English.
    pub text_en: String,
    /// Law and article, or the notice.
    pub source: String,
    /// Confidence of the data behind it.
    pub confidence: Confidence,
    /// Where it comes from.
    pub origin: Origin,
    /// The data entry's own note, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A day as the calendar sees it, its reasons borrowed from the calendar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DayView<'a> {
    /// Working day or not.
    pub working: bool,
    /// Kind.
    pub kind: DayKind,
    /// Explanations (empty for an ordinary working weekday).
    pub reasons: &'a [Reason],
    /// Rests on unconfirmed data.
    pub provisional: bool,
}

/// A working-day calendar built from one [`CalendarData`]; year tables are built lazily and kept.
#[derive(Debug)]
pub struct Calendar {
    rules: CalendarData,
    first_year: i32,
    years: Vec<OnceLock<Option<YearTable>>>,
    hours: HoursIndex,
}

fn out_of_range(path: &str, year: i32, first: i32) -> Error {
    Error::year_outside_calendar(path, year, first, LAST_YEAR)
}

static DEFAULT: OnceLock<Result<Calendar>> = OnceLock::new();

/// The end of a period of days after an event: its last day as counted and the day it ends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodEnd {
    /// The last day counted (the event plus the period), before any move.
    pub counted: NaiveDate,
    /// The day the period ends: the counted one, or the working day after it when it is a day
    /// off (BLDS 2015 Art. 148(5)).
    pub day: NaiveDate,
}

impl PeriodEnd {
    /// Whether the end moved off the counted day.
    pub fn moved(&self) -> bool {
        self.day != self.counted
    }
}

impl Calendar {
    /// A calendar over these rules.
    pub fn new(rules: CalendarData) -> Self {
        let first_year = rules.first_year();
        let n = usize::try_from(LAST_YEAR - first_year + 1).unwrap_or(0);
        Self {
            hours: HoursIndex::new(&rules.office_hours),
            rules,
            first_year,
            years: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The calendar of the engine's default data, built once per process (or wasm instance).
    pub fn default_ref() -> Result<&'static Calendar> {
        crate::de::shared(&DEFAULT, || CalendarData::defaults().map(Calendar::new))
    }

    /// The default calendar with an administrator's calendar section (`path` names the ruleset
    /// in errors).
    pub fn with_overrides(input: &CalendarInput<'_>, path: &str) -> Result<Calendar> {
        let base = Self::default_ref()?;
        Ok(Calendar::new(base.rules.with_overrides(input, path)?))
    }

    /// The data behind this calendar.
    pub fn data(&self) -> &CalendarData {
        &self.rules
    }

    /// The version of the data, as answers report it.
    pub fn version(&self) -> &str {
        &self.rules.version
    }

    /// First year covered.
    pub fn first_year(&self) -> i32 {
        self.first_year
    }

    /// The year's table, built on first use. Called for nearly every day touched, so the
    /// error and the build stay out of line.
    #[inline]
    fn table(&self, year: i32, path: &str) -> Result<&YearTable> {
        match self.table_opt(year) {
            Some(t) => Ok(t),
            None => Err(self.table_error(year, path)),
        }
    }

    #[inline]
    fn table_opt(&self, year: i32) -> Option<&YearTable> {
        let i = usize::try_from(year.checked_sub(self.first_year)?).ok()?;
        self.years
            .get(i)?
            .get_or_init(|| build_year(&self.rules, year))
            .as_ref()
    }

    #[cold]
    #[inline(never)]
    fn table_error(&self, year: i32, path: &str) -> Error {
        out_of_range(path, year, self.first_year)
    }

    /// Checks that a date lies in the covered range.
    pub fn check(&self, d: NaiveDate, path: &str) -> Result<()> {
        self.table(d.year(), path).map(|_| ())
    }

    /// Whether a date is a working day, its kind and the reasons.
    pub fn day(&self, d: NaiveDate, path: &str) -> Result<DayView<'_>> {
        let t = self.table(d.year(), path)?;
        let i = d.ordinal0() as u16;
        let provisional = t.provisional_in(i, i);
        Ok(match t.special(i) {
            Some(s) => DayView {
                working: t.is_working(i),
                kind: s.kind,
                reasons: &s.reasons,
                provisional,
            },
            None => DayView {
                working: t.is_working(i),
                kind: DayKind::WorkingDay,
                reasons: &[],
                provisional,
            },
        })
    }

    /// The office time of a normal working day of `unit` on `d`, in seconds (the length of "one
    /// working day" of DOMAIN.md §10.3); `None` when no office hours are set for it.
    pub fn day_seconds(&self, unit: Option<&str>, d: NaiveDate) -> Option<i64> {
        self.office_hours_on(unit, d)
            .map(|o| i64::from(o.day_seconds()))
            .filter(|s| *s > 0)
    }

    /// The end of a period of `days` calendar days after `event` (counted from the next day, BLDS
    /// 2015 Art. 147(3)): its last day as counted, and that day moved to the next working day when
    /// it is a day off (Art. 148(5)). `year_out_of_range` at `path` past the calendar.
    pub fn days_period_end(&self, event: NaiveDate, days: u32, path: &str) -> Result<PeriodEnd> {
        let counted = event
            .checked_add_days(chrono::Days::new(u64::from(days)))
            .ok_or_else(|| out_of_range(path, crate::time::LAST_YEAR + 1, self.first_year))?;
        let day = self.next_working_day(counted, true, path)?;
        Ok(PeriodEnd { counted, day })
    }

    /// The office hours in force for `unit` on `d`: its own entry, else the default `*` one
    /// (DOMAIN.md §10.3); `None` when the data sets none.
    pub fn office_hours_on(&self, unit: Option<&str>, d: NaiveDate) -> Option<&OfficeHours> {
        self.hours.on(&self.rules.office_hours, unit, d)
    }

    /// The first date after `d` on which the office hours of some unit may change.
    fn next_office_hours_change(&self, d: NaiveDate) -> Option<NaiveDate> {
        self.hours.next_change(d)
    }

    /// Whose office hours apply to `unit` on `d`: its own entry's code, or `*` for the default
    /// hours (a unit with none of its own, or a code no data names), so that an answer says
    /// which it used rather than falling back in silence.
    pub fn office_hours_unit(&self, unit: Option<&str>, d: NaiveDate) -> String {
        self.office_hours_on(unit, d)
            .map_or_else(|| "*".to_owned(), |o| o.unit.clone())
    }

    /// Whether a date is a working day.
    pub fn is_working(&self, d: NaiveDate, path: &str) -> Result<bool> {
        Ok(self.table(d.year(), path)?.is_working(d.ordinal0() as u16))
    }

    /// Whether any day between two dates (inclusive, any order) rests on unconfirmed data.
    pub fn provisional_between(&self, a: NaiveDate, b: NaiveDate, path: &str) -> Result<bool> {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        for y in lo.year()..=hi.year() {
            let t = self.table(y, path)?;
            let from = if y == lo.year() {
                lo.ordinal0() as u16
            } else {
                0
            };
            let to = if y == hi.year() {
                hi.ordinal0() as u16
            } else {
                t.len - 1
            };
            if t.provisional_in(from, to) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The `n`-th working day after `start` (`n > 0`), before it (`n < 0`), or `start` itself
    /// (`n = 0`). For every `n`, `working_days_between(start, result) == n`.
    pub fn add_working_days(&self, start: NaiveDate, n: i64, path: &str) -> Result<NaiveDate> {
        if n == 0 {
            self.check(start, path)?;
            return Ok(start);
        }
        let mut year = start.year();
        let mut t = self.table(year, path)?;
        let i = start.ordinal0() as u16;
        if n > 0 {
            let mut k = i64::from(t.count_through(i)) + n;
            while k > i64::from(t.total) {
                k -= i64::from(t.total);
                year += 1;
                t = self.table(year, path)?;
            }
            self.date_of(t, k, path)
        } else {
            let mut k = i64::from(t.count_before(i)) + n + 1;
            while k < 1 {
                year -= 1;
                t = self.table(year, path)?;
                k += i64::from(t.total);
            }
            self.date_of(t, k, path)
        }
    }

    fn date_of(&self, t: &YearTable, k: i64, path: &str) -> Result<NaiveDate> {
        u16::try_from(k)
            .ok()
            .and_then(|k| t.select(k))
            .and_then(|o| NaiveDate::from_yo_opt(t.year, u32::from(o) + 1))
            .ok_or_else(|| out_of_range(path, t.year, self.first_year))
    }

    /// Working days in `(from, to]` when `to >= from`, or minus those in `[to, from)` otherwise.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate, path: &str) -> Result<i64> {
        let index = |d: NaiveDate| -> Result<i64> {
            // Working days from the calendar's first day up to and including d.
            let t = self.table(d.year(), path)?;
            Ok(i64::from(t.count_through(d.ordinal0() as u16)))
        };
        if from == to {
            self.check(from, path)?;
            return Ok(0);
        }
        let (lo, hi, sign) = if from < to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut total = index(hi)? - index(lo)?;
        for y in lo.year()..hi.year() {
            total += i64::from(self.table(y, path)?.total);
        }
        if sign < 0 {
            // [to, from): shift the interval by one day on both ends.
            let lo_working = i64::from(self.is_working(lo, path)?);
            let hi_working = i64::from(self.is_working(hi, path)?);
            total = total + lo_working - hi_working;
        }
        Ok(sign * total)
    }

    /// The first working day on or after `d` (`inclusive`), or strictly after it.
    pub fn next_working_day(&self, d: NaiveDate, inclusive: bool, path: &str) -> Result<NaiveDate> {
        if inclusive && self.is_working(d, path)? {
            return Ok(d);
        }
        self.add_working_days(d, 1, path)
    }

    /// Office sessions of a unit on a date (empty on a non-working day).
    pub fn sessions(&self, unit: Option<&str>, d: NaiveDate, path: &str) -> Result<&[(u32, u32)]> {
        if !self.is_working(d, path)? {
            return Ok(&[]);
        }
        Ok(self.office_sessions(unit, d))
    }

    /// Office sessions of a unit on `d`, a day known to be a working day.
    fn office_sessions(&self, unit: Option<&str>, d: NaiveDate) -> &[(u32, u32)] {
        self.office_hours_on(unit, d)
            .map_or(&[][..], |o| o.sessions.as_slice())
    }

    /// The opening of office on `d`, a day known to be a working day.
    fn opening(&self, d: NaiveDate, unit: Option<&str>) -> NaiveDateTime {
        at_secs(d, self.office_sessions(unit, d).first().map_or(0, |s| s.0))
    }

    /// When the working clock starts for something that arrives at `at`: `at` itself inside
    /// office hours of a working day, else the next opening (DOMAIN.md §10.4).
    pub fn clock_start(
        &self,
        at: NaiveDateTime,
        unit: Option<&str>,
        path: &str,
    ) -> Result<NaiveDateTime> {
        let secs = at.time().num_seconds_from_midnight();
        for &(a, b) in self.sessions(unit, at.date(), path)? {
            if secs < b {
                return Ok(at_secs(at.date(), secs.max(a)));
            }
        }
        let next = self.add_working_days(at.date(), 1, path)?;
        Ok(self.opening(next, unit))
    }

    /// The moment `seconds` of office time after `start` (clock starting at the next opening
    /// when `start` is outside office hours). Ends exactly at a session's close when the time
    /// runs out there. Every day the loop visits is a working day (the clock start's, then
    /// those [`Calendar::add_working_days`] gives), so only its office hours are looked up.
    pub fn add_working_seconds(
        &self,
        start: NaiveDateTime,
        seconds: i64,
        unit: Option<&str>,
        path: &str,
    ) -> Result<NaiveDateTime> {
        let mut t = self.clock_start(start, unit, path)?;
        let mut left = seconds;
        loop {
            let day = t.date();
            let secs = t.time().num_seconds_from_midnight();
            let hours = self.office_hours_on(unit, day);
            for &(a, b) in hours.map_or(&[][..], |o| o.sessions.as_slice()) {
                if secs >= b {
                    continue;
                }
                let from = secs.max(a);
                let avail = i64::from(b - from);
                if left <= avail {
                    return Ok(at_secs(day, from + left as u32));
                }
                left -= avail;
            }
            // Whole days at once while the office hours stay the same.
            let per_day = hours.map_or(0, |o| i64::from(o.day_seconds()));
            let whole = if per_day > 0 && left > per_day {
                (left - 1) / per_day
            } else {
                0
            };
            let mut step = 1;
            if whole > 0 {
                let stable = match self.next_office_hours_change(day) {
                    None => true,
                    Some(change) => self.add_working_days(day, whole, path)? < change,
                };
                if stable {
                    left -= whole * per_day;
                    step += whole;
                }
            }
            let next = self.add_working_days(day, step, path)?;
            t = self.opening(next, unit);
        }
    }

    /// Office time in seconds within `[from, to)`, negative when `to < from`.
    pub fn working_seconds_between(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
        unit: Option<&str>,
        path: &str,
    ) -> Result<i64> {
        if to < from {
            return Ok(-self.working_seconds_between(to, from, unit, path)?);
        }
        let within_day = |d: NaiveDate, lo: u32, hi: u32| -> Result<i64> {
            Ok(self
                .sessions(unit, d, path)?
                .iter()
                .map(|&(a, b)| i64::from(b.min(hi).saturating_sub(a.max(lo))))
                .sum())
        };
        let (fd, td) = (from.date(), to.date());
        let (fs, ts) = (
            from.time().num_seconds_from_midnight(),
            to.time().num_seconds_from_midnight(),
        );
        if fd == td {
            return within_day(fd, fs, ts);
        }
        let mut total = within_day(fd, fs, 86_400)? + within_day(td, 0, ts)?;
        // Whole days strictly between, in segments of unchanged office hours: [s, e] inclusive.
        let (Some(first), Some(last)) = (fd.succ_opt(), td.pred_opt()) else {
            return Ok(total);
        };
        let mut seg_start = first;
        while seg_start <= last {
            let change = self
                .next_office_hours_change(seg_start)
                .filter(|c| *c <= last);
            let seg_end = change.and_then(|c| c.pred_opt()).unwrap_or(last);
            let before = seg_start.pred_opt().unwrap_or(seg_start);
            let days = self.working_days_between(before, seg_end, path)?;
            let per_day = self
                .office_hours_on(unit, seg_start)
                .map_or(0, |o| i64::from(o.day_seconds()));
            total += days * per_day;
            match change {
                Some(c) => seg_start = c,
                None => break,
            }
        }
        Ok(total)
    }

    /// Non-working days strictly between two dates, in order, at most `limit` of them, and
    /// how many there are in all.
    pub fn skipped_days(
        &self,
        a: NaiveDate,
        b: NaiveDate,
        limit: usize,
        path: &str,
    ) -> Result<(Vec<(NaiveDate, DayView<'_>)>, u64)> {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let span = (hi - lo).num_days() - 1;
        if span <= 0 {
            return Ok((Vec::new(), 0));
        }
        let working =
            self.working_days_between(lo, hi, path)? - i64::from(self.is_working(hi, path)?);
        let count = u64::try_from(span - working).unwrap_or(0);
        let mut out = Vec::new();
        let mut d = lo.succ_opt();
        while let Some(day) = d {
            if day >= hi || out.len() >= limit {
                break;
            }
            let view = self.day(day, path)?;
            if !view.working {
                out.push((day, view));
            }
            d = day.checked_add_days(Days::new(1));
        }
        Ok((out, count))
    }
}

#[cold]
#[inline(never)]
fn build_year(rules: &CalendarData, year: i32) -> Option<YearTable> {
    YearTable::build(rules, year)
}

fn at_secs(d: NaiveDate, secs: u32) -> NaiveDateTime {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)
        .unwrap_or(NaiveTime::MIN);
    let dt = d.and_time(time);
    if secs >= 86_400 {
        dt + chrono::Duration::seconds(1)
    } else {
        dt
    }
}
