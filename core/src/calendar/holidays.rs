//! Statutory public holidays by law version, and the compensatory days (nghỉ bù) the law gives
//! when one falls on a weekly rest day.
//!
//! The rules themselves are data (`core/data/holidays.toml`, each citing its law and article):
//! Labour Code 1994 (Tết 4 days, 2/9 one day), Hùng Kings' day from 2007 (Law 84/2007/QH11),
//! Labour Code 2012 (Tết 5 days from 01/05/2013), Labour Code 2019 (2/9 plus one adjacent day
//! from 2021), and the compensatory day of BLLĐ 2019 Art. 111(3) and its predecessors.
//! These rules decide a year on their own only when no official schedule is loaded for it.
use chrono::{Datelike, Days, NaiveDate};

use super::data::{CalendarData, CalendarKind, HolidayRule, SaturdayCompensation};
use super::lunar::{self, LunarDate};
use crate::time::from_jdn;

/// The anchor date (offset 0) of a holiday rule in a Gregorian year.
fn anchor(rule: &HolidayRule, year: i32) -> Option<NaiveDate> {
    match rule.calendar {
        CalendarKind::Solar => {
            NaiveDate::from_ymd_opt(year, u32::from(rule.month), u32::from(rule.day))
        }
        CalendarKind::Lunar => {
            let d = LunarDate {
                year,
                month: rule.month,
                day: rule.day,
                leap: false,
            };
            lunar::lunar_to_solar_jdn(d).ok().and_then(from_jdn)
        }
    }
}

fn in_force(rule: &HolidayRule, d: NaiveDate) -> bool {
    rule.from <= d && rule.to.is_none_or(|to| d <= to)
}

fn shift(d: NaiveDate, by: i64) -> Option<NaiveDate> {
    if by >= 0 {
        d.checked_add_days(Days::new(by.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(by.unsigned_abs()))
    }
}

const WEEKDAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Anchor dates (offset 0 only) of the holidays in force in `year`, with the rule index.
pub fn anchors(rules: &CalendarData, year: i32) -> Vec<(NaiveDate, usize)> {
    rules
        .holidays
        .iter()
        .enumerate()
        .filter_map(|(i, r)| anchor(r, year).filter(|d| in_force(r, *d)).map(|d| (d, i)))
        .collect()
}

/// Statutory holiday days in date order, each once, with the index of its rule: a sorted list
/// rather than a map, since a year holds a dozen of them (and a map's code weighs on the
/// browser packages).
#[derive(Debug, Default)]
pub struct Statutory(Vec<(NaiveDate, usize)>);

impl Statutory {
    /// Sets `d`'s rule to `i` (a later rule naming the same day wins).
    fn put(&mut self, d: NaiveDate, i: usize) {
        match self.0.binary_search_by_key(&d, |e| e.0) {
            Ok(k) => {
                if let Some(e) = self.0.get_mut(k) {
                    e.1 = i;
                }
            }
            Err(k) => self.0.insert(k, (d, i)),
        }
    }

    /// The rule of day `d`, if it is a statutory holiday.
    pub fn get(&self, d: NaiveDate) -> Option<usize> {
        let k = self.0.binary_search_by_key(&d, |e| e.0).ok()?;
        self.0.get(k).map(|e| e.1)
    }

    /// The days in date order, each with its rule.
    pub fn iter(&self) -> impl Iterator<Item = (NaiveDate, usize)> + '_ {
        self.0.iter().copied()
    }
}

/// Every statutory holiday day in `year` under the law in force, with its rule index: the
/// anchor, its offsets, and the adjacent day of 2/9 when the rule has one.
pub fn statutory_days(rules: &CalendarData, year: i32) -> Statutory {
    let mut out = Statutory::default();
    for (a, i) in anchors(rules, year) {
        let Some(rule) = rules.holidays.get(i) else {
            continue;
        };
        for off in &rule.offsets {
            if let Some(d) = shift(a, i64::from(*off)) {
                out.put(d, i);
            }
        }
        if let Some(adj) = &rule.adjacent_by_weekday {
            let key = WEEKDAY_KEYS
                .get(a.weekday().num_days_from_monday() as usize)
                .copied()
                .unwrap_or("mon");
            if let Some(d) = adj.get(key).and_then(|by| shift(a, i64::from(*by))) {
                out.put(d, i);
            }
        }
    }
    out
}

/// A compensatory day: the day off and the index of the holiday rule it compensates.
pub type Compensation = (NaiveDate, usize);

/// Compensatory days for statutory holidays that fall on a weekly rest day (fallback years only).
pub fn compensatory_days(
    rules: &CalendarData,
    holidays: &Statutory,
    is_rest: impl Fn(NaiveDate) -> bool,
) -> Vec<Compensation> {
    let mut comp: Vec<Compensation> = Vec::new();
    for (d, i) in holidays.iter() {
        if !is_rest(d) {
            continue;
        }
        if rules.compensatory_on(d).is_none() {
            continue;
        }
        let backwards = d.weekday() == chrono::Weekday::Sat
            && rules.holidays.get(i).and_then(|h| h.saturday_compensation)
                == Some(SaturdayCompensation::PreviousWorkingDay);
        let step = if backwards { -1 } else { 1 };
        let mut c = shift(d, step);
        while let Some(day) = c {
            if !is_rest(day) && holidays.get(day).is_none() && !comp.iter().any(|(x, _)| *x == day)
            {
                break;
            }
            c = shift(day, step);
        }
        if let Some(day) = c {
            comp.push((day, i));
        }
    }
    comp
}

/// The holiday rule a day off of kind `holiday` belongs to: the exact statutory day if the
/// fallback placement has it, else the nearest anchor whose rule's `name_window` holds the day.
pub fn identify(rules: &CalendarData, d: NaiveDate, statutory: &Statutory) -> Option<usize> {
    if let Some(i) = statutory.get(d) {
        return Some(i);
    }
    let mut best: Option<(i64, usize)> = None;
    for year in [d.year() - 1, d.year(), d.year() + 1] {
        for (a, i) in anchors(rules, year) {
            let dist = (d - a).num_days();
            let [lo, hi] = rules.holidays.get(i).map_or([0, 0], |h| h.name_window);
            if (i64::from(lo)..=i64::from(hi)).contains(&dist)
                && best.is_none_or(|(b, _)| dist.abs() < b)
            {
                best = Some((dist.abs(), i));
            }
        }
    }
    best.map(|(_, i)| i)
}
