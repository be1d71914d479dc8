//! The computation of a dossier: its event log folded, in order, into the clock's state (the
//! state machine of NĐ 61/2018 Art. 19 / NĐ 118/2025: receipt, supplement requests, pauses,
//! one re-appointment, the result or another end), then judged ([`super::status`]). Which
//! sentence explains each step is said here; the sentences are in [`super::texts`].
use chrono::{NaiveDate, NaiveDateTime};

use super::catalog::{Catalog, Procedure, ProcessingTime, Regime, SupplementMode, TimeUnit};
use super::clock::Clock;
use super::log::check_structure;
use super::model::{Dossier, Event, EventKind, StepCode, Violation};
use super::outcome::{Computed, ReappointmentAt};
use super::status;
use super::texts::{self, Trace};
use crate::calendar::Calendar;
use crate::error::{Error, Result};

/// How a computation runs.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The moment the status is wanted for (default: the last event).
    pub as_of: Option<NaiveDateTime>,
    /// Write the trace and list the skipped days.
    pub explain: bool,
    /// A malformed log is an error (`deadline.compute`); otherwise its problems are violations
    /// and the rest is computed (`deadline.check`).
    pub strict: bool,
}

impl Default for Options {
    /// Strict, without explanation, as of the last event: what the reports and letters need.
    fn default() -> Self {
        Options {
            as_of: None,
            explain: false,
            strict: true,
        }
    }
}

/// Where the clock is in the fold.
pub(super) enum Phase {
    Running,
    Paused(NaiveDateTime),
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
    pub extensions: u32,
    pub completed: Option<NaiveDateTime>,
    pub closed: Option<(EventKind, NaiveDateTime)>,
}

/// Computes a dossier's deadlines and status (DOMAIN.md §10.4–10.7).
pub fn compute<'a>(
    cal: &Calendar,
    catalog: &'a Catalog,
    dossier: &Dossier<'a>,
    opts: Options,
) -> Result<Computed<'a>> {
    let (violations, skip) = check_structure(dossier.events, opts.strict)?;
    let kept = || {
        dossier
            .events
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.get(*i).copied().unwrap_or(false))
    };
    let Some((_, received)) = kept().next() else {
        return Err(Error::missing_received("events"));
    };
    let receipt_date = received.at.date();
    let regime = catalog.regime_on(receipt_date, "events[0].at")?;
    let procedure = match (dossier.procedure, dossier.procedure_code) {
        (Some(p), _) => p,
        (None, Some(code)) => catalog.procedure_on(code, receipt_date, "procedure_code")?,
        (None, None) => return Err(Error::missing_procedure("")),
    };
    let as_of = opts
        .as_of
        .unwrap_or_else(|| kept().next_back().map_or(received.at, |(_, e)| e.at));
    let clock = Clock {
        cal,
        catalog,
        unit: dossier.unit,
    };
    let mut fold = Fold::begin(clock, regime, procedure, received.at, opts.explain)?;
    fold.violations = violations;
    for (i, e) in kept().skip(1) {
        if e.at > as_of {
            break;
        }
        fold.event(i, e)?;
    }
    status::finish(fold, received.at, as_of, opts.explain)
}

impl<'a, 'c> Fold<'a, 'c> {
    /// The fold at the receipt: the regime and the first period explained.
    fn begin(
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
            extensions: 0,
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
        let src = if self.time.unit == TimeUnit::SameDay {
            settings.same_day_source.as_str()
        } else {
            self.procedure.source.as_str()
        };
        let (time, convention) = (self.time, settings.convention);
        self.trace.push(StepCode::Due, Some(due), src, || {
            texts::due(time, convention, due)
        });
    }

    /// One event of the log, at or before `as_of`.
    fn event(&mut self, i: usize, e: &'a Event) -> Result<()> {
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
            || (self.procedure.supplement == SupplementMode::Pause
                && kind == EventKind::SupplementRequested)
    }

    pub(super) fn resume_like(&self, kind: EventKind) -> bool {
        kind == EventKind::Resumed
            || (self.procedure.supplement == SupplementMode::Pause
                && kind == EventKind::SupplementReceived)
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
