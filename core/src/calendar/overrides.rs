//! An administrator's calendar section applied on top of the default calendar data: whole
//! yearly schedules, one-off days off and working days, office hours. Malformed or conflicting
//! entries are refused with an error naming the entry; nothing is half applied.
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::data::{
    CalendarData, Entry, EntryKind, LAST_YEAR, Origin, YearSchedule, conflict, invalid,
    office_hours_from_input, parse_confidence,
};
use super::input::{CalendarInput, EntryInput, ScheduleInput};
use crate::error::{Error, Result};
use crate::time::parse_date;

impl CalendarData {
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
            return Err(Error::year_outside_calendar(
                &format!("{path}.date"),
                date.year(),
                self.first_year(),
                LAST_YEAR,
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

    pub(super) fn resolve_schedule(
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

    /// Applies an administrator's calendar section on top of these rules; `path` names the
    /// ruleset in errors.
    pub fn with_overrides(&self, input: &CalendarInput<'_>, path: &str) -> Result<Self> {
        let mut r = self.clone();
        if let Some(schedules) = input.schedules {
            for (year, s) in schedules {
                let p = format!("{path}.schedules.{year}");
                let y: i32 = year
                    .parse()
                    .map_err(|_| invalid(&p, "khóa phải là một năm", "the key must be a year"))?;
                if !(r.first_year()..=LAST_YEAR).contains(&y) {
                    return Err(Error::year_outside_calendar(
                        &p,
                        y,
                        r.first_year(),
                        LAST_YEAR,
                    ));
                }
                let sched = r.resolve_schedule(y, s, &p, Origin::Ruleset)?;
                r.schedules.insert(y, sched);
            }
        }
        let extra = r.resolve_lists(
            (input.days_off, format!("{path}.days_off")),
            (input.working_days, format!("{path}.working_days")),
            None,
            Origin::Ruleset,
        )?;
        r.extra_days_off.extend(extra.days_off);
        r.extra_working_days.extend(extra.working_days);
        for (i, o) in input.office_hours.iter().enumerate() {
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
        r.version = format!("{}+{}", self.version, input.label.unwrap_or("ruleset"));
        Ok(r)
    }
}
