//! What each event does to the clock (the transitions of [`super::fold::Fold`]): a supplement
//! request or a pause stops it (NĐ 61/2018 Art. 19(4); pauses by procedure), the complete dossier
//! restarts the period from zero and a resumption moves the due time by the time stopped; a
//! re-appointment sets a new due time (the agency's own only once, Art. 19(9)); a result, refusal
//! or withdrawal ends it.
use chrono::NaiveDateTime;

use super::catalog::{Convention, ExtensionCount};
use super::conventions::SecondSupplement;
use super::fold::{Fold, Phase};
use super::model::{CausedBy, Event, EventKind, StepCode, Violation, ViolationCode};
use super::outcome::{LawfulExtensionAt, ReappointmentAt};
use super::texts;
use crate::error::Result;

impl<'a> Fold<'a, '_> {
    /// A supplement request or a pause (`pause_like`).
    pub(super) fn stop(&mut self, i: usize, e: &'a Event) -> Result<()> {
        let (k, t) = (e.kind, e.at);
        if self.completed.is_some() {
            let src = &self.regime.result_source;
            self.violations.push(Violation::after_result(i, src, k));
            return Ok(());
        }
        if k == EventKind::SupplementRequested {
            self.check_supplement_request(i, t)?;
        }
        if k == EventKind::Paused
            && e.reason.as_deref() == Some("fees")
            && !self.procedure.fees_pause
        {
            let src = &self.regime.pause_source;
            self.violations.push(Violation::pause_not_allowed(i, src));
            return Ok(());
        }
        if !matches!(self.phase, Phase::Running) {
            let src = &self.regime.pause_source;
            self.violations.push(Violation::already_stopped(i, src, k));
            return Ok(());
        }
        if t >= self.due {
            let v = if k == EventKind::SupplementRequested {
                Violation::supplement_request_after_due(i, &self.regime.supplement_source)
            } else {
                Violation::pause_after_due(i, &self.regime.pause_source)
            };
            self.violations.push(v);
        }
        self.stop_clock(t)?;
        let supplement = k == EventKind::SupplementRequested;
        let (step, src, stop) = if supplement && self.procedure.supplement_restarts() {
            self.phase = Phase::Waiting;
            let src = self.regime.supplement_source.as_str();
            (StepCode::SupplementRequested, src, texts::Stop::Waiting)
        } else {
            self.phase = Phase::Paused(t, supplement);
            let stop = if supplement {
                texts::Stop::Supplement
            } else {
                texts::Stop::Pause
            };
            (StepCode::Pause, self.pause_rule(supplement), stop)
        };
        let reason = e.reason.as_deref().unwrap_or_default();
        self.trace
            .push(step, Some(t), src, || texts::stopped(stop, reason, t));
        Ok(())
    }

    /// The rule a pause rests on: the procedure's own for a supplement request it only pauses
    /// the clock for (its `supplement = "pause"`), the regime's pause rule for another.
    fn pause_rule(&self, supplement: bool) -> &'a str {
        if supplement {
            self.procedure.source.as_str()
        } else {
            self.regime.pause_source.as_str()
        }
    }

    /// The supplement rules: guided once, within the regime's working days of receipt.
    fn check_supplement_request(&mut self, i: usize, t: NaiveDateTime) -> Result<()> {
        self.supplements += 1;
        let once = self.clock.settings().second_supplement == SecondSupplement::Violation;
        if self.supplements > 1 && once {
            let src = &self.regime.supplement_once_source;
            self.violations
                .push(Violation::second_supplement_request(i, src));
        }
        let limit = i64::from(self.regime.supplement_within_working_days);
        let start = self.start;
        let late = match self.clock.settings().convention {
            Convention::WorkingHours => {
                self.clock.working_secs(start, t)? > limit * self.clock.hours(start.date()).2
            }
            Convention::CivilCode => {
                self.clock
                    .cal
                    .working_days_between(start.date(), t.date(), "events")?
                    > limit
            }
        };
        if late {
            let src = &self.regime.supplement_source;
            self.violations
                .push(Violation::supplement_request_late(i, src, limit));
        }
        Ok(())
    }

    /// The complete dossier after a supplement request, or a resumption (`resume_like`).
    pub(super) fn resume(&mut self, i: usize, e: &'a Event) -> Result<()> {
        let (k, t) = (e.kind, e.at);
        match self.phase {
            Phase::Waiting if k == EventKind::SupplementReceived => self.restart(t),
            Phase::Paused(p, supplement) if self.resume_like(k) => {
                self.resume_from((p, supplement), t, k)
            }
            _ => {
                let src = &self.regime.pause_source;
                self.violations.push(Violation::unmatched(i, src, k));
                Ok(())
            }
        }
    }

    /// The period restarts from zero at `t` (NĐ 61/2018 Art. 19(4)); a re-appointment lapses.
    fn restart(&mut self, t: NaiveDateTime) -> Result<()> {
        let (s, d) = self.clock.period(t, self.time)?;
        let sd = if self.committed() {
            self.clock.period(t, self.procedure.processing_time)?.1
        } else {
            d
        };
        self.start = s;
        self.due = d;
        self.statutory_due = sd;
        self.appointment = d;
        self.lawful = None;
        self.asked_due = None;
        self.agency_reappointment = None;
        if self.reappointment.take().is_some() {
            let src = &self.regime.supplement_source;
            self.trace.push(
                StepCode::ReappointmentVoid,
                Some(t),
                src,
                texts::reappointment_void,
            );
        }
        self.elapsed = 0;
        self.run_since = Some(s);
        self.phase = Phase::Running;
        self.explain_start(t, true);
        Ok(())
    }

    /// The clock runs again at `t` after a pause from `p`: the due times move by the pause. It
    /// cites the pause's rule; the text says whether the supplement came back (`k`).
    fn resume_from(
        &mut self,
        (p, supplement): (NaiveDateTime, bool),
        t: NaiveDateTime,
        k: EventKind,
    ) -> Result<()> {
        let src = self.pause_rule(supplement);
        let returned = k == EventKind::SupplementReceived;
        let before = self.due;
        self.due = self.clock.shift(self.due, p, t)?;
        self.statutory_due = if self.committed() || self.reappointment.is_some() {
            self.clock.shift(self.statutory_due, p, t)?
        } else {
            self.due
        };
        if let Some(asked) = self.asked_due {
            self.asked_due = Some(self.clock.shift(asked, p, t)?);
        }
        let unit = self.clock.unit;
        self.run_since = Some(self.clock.cal.clock_start(t, unit, "events")?);
        self.phase = Phase::Running;
        let due = self.due;
        self.trace.push(StepCode::Resume, Some(t), src, || {
            texts::resume(returned, t, before, due)
        });
        Ok(())
    }

    /// A re-appointment sets a later due time: the agency's own only once (Art. 19(9)), one the
    /// citizen or force majeure caused whenever it comes.
    pub(super) fn extend(&mut self, i: usize, e: &'a Event) -> Result<()> {
        let t = e.at;
        let caused = e.caused();
        let Some(new_due) = e.new_due_at else {
            return Ok(());
        };
        let regime = self.regime;
        let src = &regime.apology_source;
        if new_due <= self.due {
            self.violations
                .push(Violation::reappointment_not_later(i, src));
            return Ok(());
        }
        self.extensions += u32::from(caused == CausedBy::Agency);
        if caused == CausedBy::Agency && self.extensions > regime.max_reappointments {
            self.violations
                .push(Violation::second_reappointment(i, src));
            self.trace.push(
                StepCode::ReappointmentRefused,
                Some(t),
                src,
                texts::reappointment_refused,
            );
            return Ok(());
        }
        let deadline = self.clock.apology_by(self.due)?;
        let in_time = t <= deadline;
        if !in_time && caused == CausedBy::Agency {
            self.violations
                .push(Violation::reappointment_late(i, src, t, deadline));
        }
        let previous = self.due;
        self.due = new_due;
        if caused != CausedBy::Agency {
            self.asked_due = Some(new_due);
        }
        let r = ReappointmentAt {
            sent_at: t,
            new_due_at: new_due,
            previous_due_at: previous,
            in_time,
            caused_by: caused,
            reason: e.reason.as_deref(),
        };
        if caused == CausedBy::Agency {
            self.agency_reappointment = Some(r);
        }
        self.reappointment = Some(r);
        let form = &regime.apology_form;
        self.trace.push(StepCode::Reappointment, Some(t), src, || {
            texts::reappointment(form, previous, new_due, in_time)
        });
        Ok(())
    }

    /// A lawful extension (Luật Hộ tịch Art. 18(2), 25(2); NĐ 23/2015 Art. 21): the due times
    /// move by what the procedure's law allows, with no apology. Refused where the law allows
    /// none, a second time, after the result or after the due time; cut to the maximum unless
    /// agreed in writing (`reason` `written_agreement`) where the law allows a longer time.
    pub(super) fn extend_lawfully(&mut self, i: usize, e: &'a Event) -> Result<()> {
        let t = e.at;
        let procedure = self.procedure;
        let Some(rule) = procedure.lawful_extension.as_ref() else {
            let code = ViolationCode::NoLawfulExtension;
            return self.lawful_refused(i, code, &procedure.source);
        };
        let src = rule.source.as_str();
        if self.completed.is_some() {
            let v = Violation::after_result(i, src, e.kind);
            self.violations.push(v);
            return Ok(());
        }
        if self.lawful.is_some() {
            return self.lawful_refused(i, ViolationCode::SecondLawfulExtension, src);
        }
        if t > self.due {
            return self.lawful_refused(i, ViolationCode::LawfulExtensionAfterDue, src);
        }
        let from = |due| match rule.counted {
            ExtensionCount::Added => due,
            ExtensionCount::Total => self.start,
        };
        let max = self.clock.period(from(self.due), rule.time)?.1;
        let statutory_max = self.clock.period(from(self.statutory_due), rule.time)?.1;
        let agreed = rule.longer_by_agreement && e.reason.as_deref() == Some("written_agreement");
        let new_due = match e.new_due_at {
            None => max,
            Some(d) if d <= max || agreed => d,
            Some(_) => {
                let code = ViolationCode::LawfulExtensionTooLong;
                self.violations
                    .push(Violation::lawful_extension(i, code, src, max));
                max
            }
        };
        if new_due <= self.due {
            return Ok(());
        }
        let previous = self.due;
        self.due = new_due;
        self.statutory_due = match e.new_due_at {
            None => self.statutory_due.max(statutory_max),
            Some(_) => self.statutory_due.max(new_due),
        };
        self.lawful = Some(LawfulExtensionAt {
            at: t,
            previous_due_at: previous,
            new_due_at: new_due,
        });
        let when = (rule.when_vi.as_str(), rule.when_en.as_str());
        self.trace
            .push(StepCode::LawfulExtension, Some(t), src, || {
                texts::lawful_extension(when, previous, new_due)
            });
        Ok(())
    }

    fn lawful_refused(&mut self, i: usize, code: ViolationCode, src: &str) -> Result<()> {
        let due = self.due;
        self.violations
            .push(Violation::lawful_extension(i, code, src, due));
        Ok(())
    }

    /// A result, a refusal or a withdrawal: the clock stops for good (a result ready may still
    /// be returned).
    pub(super) fn end(&mut self, i: usize, e: &'a Event) -> Result<()> {
        let t = e.at;
        self.stop_clock(t)?;
        self.phase = Phase::Stopped;
        match e.kind {
            EventKind::ResultReady | EventKind::Returned => {
                self.completed.get_or_insert(t);
                if e.kind == EventKind::Returned {
                    self.closed = Some((e.kind, t));
                }
            }
            EventKind::Refused => {
                if t > self.due {
                    let src = &self.regime.refusal_source;
                    self.violations
                        .push(Violation::refusal_late(i, src, t, self.due));
                }
                self.closed = Some((e.kind, t));
            }
            _ => self.closed = Some((e.kind, t)),
        }
        Ok(())
    }
}
