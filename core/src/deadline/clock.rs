//! Time arithmetic of one dossier: its unit's office hours under the convention in force
//! (DOMAIN.md §10.4): the due time of a period, the apology deadline one working day before it
//! (NĐ 61/2018 Art. 19(9); DOMAIN §10.6), and a due time moved by a pause. Paths are relative to
//! the dossier.
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::catalog::{self, Catalog, Convention, ProcessingTime, TimeUnit};
use super::conventions::ApologyLead;
use crate::calendar::Calendar;
use crate::error::Result;

/// Time arithmetic for one unit under one convention.
pub(super) struct Clock<'a> {
    pub cal: &'a Calendar,
    pub catalog: &'a Catalog,
    pub unit: Option<&'a str>,
}

fn at_secs(d: NaiveDate, secs: u32) -> NaiveDateTime {
    d.and_time(
        NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)
            .unwrap_or(NaiveTime::MIN),
    )
}

pub(super) fn secs_of(t: NaiveDateTime) -> u32 {
    t.time().num_seconds_from_midnight()
}

impl Clock<'_> {
    /// Opening and closing of `d` (seconds after midnight) and the office time of a normal day;
    /// the whole day when no office hours are set.
    pub fn hours(&self, d: NaiveDate) -> (u32, u32, i64) {
        self.cal
            .office_hours_on(self.unit, d)
            .and_then(|o| {
                Some((
                    o.sessions.first()?.0,
                    o.sessions.last()?.1,
                    i64::from(o.day_seconds()),
                ))
            })
            .unwrap_or((0, 86_400, 86_400))
    }

    /// The close of office on `d`.
    pub fn close(&self, d: NaiveDate) -> NaiveDateTime {
        at_secs(d, self.hours(d).1)
    }

    /// The conventions in force.
    pub fn settings(&self) -> &catalog::Settings {
        &self.catalog.settings
    }

    /// Clock start and due time of a period `t` starting from an arrival at `at`.
    pub fn period(
        &self,
        at: NaiveDateTime,
        t: ProcessingTime,
    ) -> Result<(NaiveDateTime, NaiveDateTime)> {
        let cal = self.cal;
        let start = cal.clock_start(at, self.unit, "events")?;
        let due = match (t.unit, self.settings().convention) {
            (TimeUnit::WorkingDays, Convention::WorkingHours) => {
                let secs = (t.amount * self.hours(start.date()).2 as f64).round() as i64;
                cal.add_working_seconds(start, secs, self.unit, "events")?
            }
            (TimeUnit::WorkingHours, _) => {
                let secs = (t.amount * 3600.0).round() as i64;
                cal.add_working_seconds(start, secs, self.unit, "events")?
            }
            (TimeUnit::WorkingDays, Convention::CivilCode) => {
                let days = t.amount.ceil() as i64;
                self.close(cal.add_working_days(at.date(), days, "events")?)
            }
            (TimeUnit::CalendarDays, _) => {
                let last = at
                    .date()
                    .checked_add_days(Days::new(t.amount as u64))
                    .unwrap_or(at.date());
                self.close(cal.next_working_day(last, true, "events")?)
            }
            (TimeUnit::SameDay, _) => {
                if secs_of(start) <= self.settings().same_day_cutoff {
                    self.close(start.date())
                } else {
                    self.close(cal.add_working_days(start.date(), 1, "events")?)
                }
            }
        };
        Ok((start, due))
    }

    /// When the apology for a dossier due at `due` is due (NĐ 61/2018 Art. 19(9); DOMAIN §10.6):
    /// the previous working day at the same clock time, kept within that day's office hours, or
    /// that day's close, by the `apology_lead` convention.
    pub fn apology_by(&self, due: NaiveDateTime) -> Result<NaiveDateTime> {
        let prev = self.cal.add_working_days(due.date(), -1, "events")?;
        let (open, close, _) = self.hours(prev);
        Ok(match self.settings().apology_lead {
            ApologyLead::SameClockTime => at_secs(prev, secs_of(due).clamp(open, close)),
            ApologyLead::PreviousDayClose => at_secs(prev, close),
        })
    }

    /// `due` moved by a pause from `from` to `to`: the office time left at `from` counted again
    /// from `to` (working hours), or the working days of the pause added (civil code). Never
    /// earlier than `due`.
    pub fn shift(
        &self,
        due: NaiveDateTime,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> Result<NaiveDateTime> {
        if from >= due || to <= from {
            return Ok(due);
        }
        let moved = match self.settings().convention {
            Convention::WorkingHours => {
                let left = self
                    .cal
                    .working_seconds_between(from, due, self.unit, "events")?;
                self.cal
                    .add_working_seconds(to, left, self.unit, "events")?
            }
            Convention::CivilCode => {
                let k = self
                    .cal
                    .working_days_between(from.date(), to.date(), "events")?;
                self.close(self.cal.add_working_days(due.date(), k, "events")?)
            }
        };
        Ok(moved.max(due))
    }

    /// Office seconds in `[from, to)`.
    pub fn working_secs(&self, from: NaiveDateTime, to: NaiveDateTime) -> Result<i64> {
        self.cal
            .working_seconds_between(from, to, self.unit, "events")
    }
}
