//! A dossier's event log folded, in order, into the clock's state: the state machine of
//! NĐ 61/2018 Art. 19 / NĐ 118/2025 (receipt, supplement requests, pauses, one re-appointment,
//! the result or another end; the transitions are in [`super::transitions`]). Which sentence
//! explains each step is said here; the sentences are in [`super::texts`].
use chrono::{NaiveDate, NaiveDateTime};

use super::catalog::{Procedure, ProcessingTime, Regime};
use super::clock::Clock;
use super::model::{Event, EventKind, StepCode, Violation};
use super::outcome::{LawfulExtensionAt, ReappointmentAt};
use super::texts::{self, Trace};
use crate::error::Result;

/// Where the clock is in the fold.
pub(super) enum Phase {
    Running,
    /// Stopped at a time, by a supplement request the procedure only pauses for (`true`) or by a
    /// pause.
    Paused(NaiveDateTime, bool),
    Waiting,
    Stopped,
}

/// The state of the fold over the events.
pub(super) struct Fold<'a, 'c> {
    pub clock: Clock<'c>,
    pub regime: &'a Regime,
    pub procedure: &'a Procedure,
    /// The time the appointment uses (committed or statutory).
    pub time: ProcessingTime,
    pub trace: Trace,
    pub violations: Vec<Violation>,
    pub phase: Phase,
    pub start: NaiveDateTime,
    pub due: NaiveDateTime,
    pub statutory_due: NaiveDateTime,
    pub appointment: NaiveDateTime,
    pub run_since: Option<NaiveDateTime>,
    pub elapsed: i64,
    pub supplements: u32,
    pub reappointment: Option<ReappointmentAt<'a>>,
    /// The agency's own re-appointment in force (its apology states it, Art. 19(9)).
    pub agency_reappointment: Option<ReappointmentAt<'a>>,
    /// The agency's re-appointments, of which the regime allows `max_reappointments`.
    pub extensions: u32,
    /// The last time a re-appointment the citizen or force majeure caused set: the agency's delay
    /// is judged from it.
    pub asked_due: Option<NaiveDateTime>,
    pub lawful: Option<LawfulExtensionAt>,
    pub completed: Option<NaiveDateTime>,
    pub closed: Option<(EventKind, NaiveDateTime)>,
}

impl<'a, 'c> Fold<'a, 'c> {
    /// The fold at the receipt: the regime and the first period explained.
    pub(super) fn begin(
        clock: Clock<'c>,
        regime: &'a Regime,
        procedure: &'a Procedure,
        received: NaiveDateTime,
        explain: bool,
    ) -> Result<Self> {
        let mut trace = Trace {
            on: explain,
            steps: Vec::new(),
        };
        trace.push(StepCode::Regime, Some(received), &regime.name_vi, || {
            texts::regime(received.date(), regime)
        });
        let time = procedure.appointment_time();
        let (start, due) = clock.period(received, time)?;
        let statutory_due = match procedure.committed_time {
            Some(_) => clock.period(received, procedure.processing_time)?.1,
            None => due,
        };
        let mut fold = Fold {
            clock,
            regime,
            procedure,
            time,
            trace,
            violations: Vec::new(),
            phase: Phase::Running,
            start,
            due,
            statutory_due,
            appointment: due,
            run_since: Some(start),
            elapsed: 0,
            supplements: 0,
            reappointment: None,
            agency_reappointment: None,
            extensions: 0,
            asked_due: None,
            lawful: None,
            completed: None,
            closed: None,
        };
        fold.explain_start(received, false);
        Ok(fold)
    }

    pub(super) fn committed(&self) -> bool {
        self.procedure.committed_time.is_some()
    }

    /// The clock start and the due time of the current period, explained.
    pub(super) fn explain_start(&mut self, at: NaiveDateTime, restart: bool) {
        let (start, due, regime) = (self.start, self.due, self.regime);
        let (step, source) = if restart {
            (StepCode::Restart, &regime.supplement_source)
        } else {
            (StepCode::ClockStart, &regime.clock_start_source)
        };
        self.trace
            .push(step, Some(at), source, || texts::start(restart, at, start));
        let settings = self.clock.settings();
        // The procedure's own rule: a same-day matter cites its law's cut-off (Luật Hộ tịch
        // Art. 5(3), NĐ 23/2015 Art. 7).
        let src = self.procedure.source.as_str();
        let (time, convention) = (self.time, settings.convention);
        self.trace.push(StepCode::Due, Some(due), src, || {
            texts::due(time, convention, due)
        });
    }

    /// One event of the log, at or before `as_of`.
    pub(super) fn event(&mut self, i: usize, e: &'a Event) -> Result<()> {
        if matches!(e.kind, EventKind::Incident | EventKind::Feedback) {
            return Ok(());
        }
        if let Some((k, _)) = self.closed {
            let src = &self.regime.result_source;
            self.violations
                .push(Violation::after_closure(i, src, e.kind, k));
            return Ok(());
        }
        match e.kind {
            EventKind::Received => {
                let src = &self.regime.clock_start_source;
                self.violations.push(Violation::duplicate_received(i, src));
                Ok(())
            }
            k if k == EventKind::SupplementRequested || self.pause_like(k) => self.stop(i, e),
            k if k == EventKind::SupplementReceived || self.resume_like(k) => self.resume(i, e),
            EventKind::Extended => self.extend(i, e),
            EventKind::LawfulExtension => self.extend_lawfully(i, e),
            EventKind::ResultReady
            | EventKind::Returned
            | EventKind::Refused
            | EventKind::Withdrawn => self.end(i, e),
            // Pauses, resumptions and supplements are all matched by the guarded arms above.
            _ => Ok(()),
        }
    }

    pub(super) fn pause_like(&self, kind: EventKind) -> bool {
        kind == EventKind::Paused
            || (!self.procedure.supplement_restarts() && kind == EventKind::SupplementRequested)
    }

    pub(super) fn resume_like(&self, kind: EventKind) -> bool {
        kind == EventKind::Resumed
            || (!self.procedure.supplement_restarts() && kind == EventKind::SupplementReceived)
    }

    /// The running clock's office time up to `t`, added to the elapsed time.
    pub(super) fn stop_clock(&mut self, t: NaiveDateTime) -> Result<()> {
        if let Some(s) = self.run_since.take() {
            self.elapsed += self.clock.working_secs(s, t)?.max(0);
        }
        Ok(())
    }
}

/// The day a fold's dates reach: the later of the due times and the apology deadline.
pub(super) fn last_day(fold: &Fold<'_, '_>, apology_due_by: NaiveDateTime) -> NaiveDate {
    fold.due.max(fold.statutory_due).max(apology_due_by).date()
}
