//! The typed `deadline` interface: WIT records to the core's deadline model and back.
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use thanthien_core::deadline::catalog::{self as cat, Procedure, ProcedureInput};
use thanthien_core::deadline::{self as core, Computed, Dossier, Event as CoreEvent, Options};
use thanthien_core::error::{Error as CoreError, ErrorCode};
use thanthien_core::ruleset::Rules;

use super::exports::thanthien::rules::deadline::{
    CausedBy, Channel, ClockState, ComputeInput, Event as WitEvent, EventKind, Guest, Moment,
    Outcome, Procedure as WitProcedure, ProcessingTime, Reappointment, Status, SupplementMode,
    TimeUnit, Violation,
};
use super::exports::thanthien::rules::types::Error;
use super::{Plugin, error, ruleset};
use thanthien_core::api;

/// A moment of a typed record, refused as the JSON text of it would be: when it does not exist,
/// or lies outside the engine's years.
fn at(m: &Moment, path: &str) -> Result<NaiveDateTime, CoreError> {
    let t = NaiveDate::from_ymd_opt(m.year, u32::from(m.month), u32::from(m.day))
        .and_then(|d| d.and_hms_opt(u32::from(m.hour), u32::from(m.minute), u32::from(m.second)))
        .ok_or_else(|| {
            let text = format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                m.year, m.month, m.day, m.hour, m.minute, m.second
            );
            CoreError::no_such_moment(path.to_owned(), &text)
        })?;
    thanthien_core::time::check_year(m.year, path)?;
    Ok(t)
}

fn moment(t: NaiveDateTime) -> Moment {
    Moment {
        year: t.year(),
        month: t.month() as u8,
        day: t.day() as u8,
        hour: t.hour() as u8,
        minute: t.minute() as u8,
        second: t.second() as u8,
    }
}

fn time(t: ProcessingTime) -> cat::ProcessingTime {
    cat::ProcessingTime {
        amount: t.amount,
        unit: match t.unit {
            TimeUnit::WorkingDays => cat::TimeUnit::WorkingDays,
            TimeUnit::WorkingHours => cat::TimeUnit::WorkingHours,
            TimeUnit::CalendarDays => cat::TimeUnit::CalendarDays,
            TimeUnit::SameDay => cat::TimeUnit::SameDay,
        },
    }
}

fn kind(k: EventKind) -> core::EventKind {
    match k {
        EventKind::Received => core::EventKind::Received,
        EventKind::SupplementRequested => core::EventKind::SupplementRequested,
        EventKind::SupplementReceived => core::EventKind::SupplementReceived,
        EventKind::Paused => core::EventKind::Paused,
        EventKind::Resumed => core::EventKind::Resumed,
        EventKind::Extended => core::EventKind::Extended,
        EventKind::ResultReady => core::EventKind::ResultReady,
        EventKind::Returned => core::EventKind::Returned,
        EventKind::Refused => core::EventKind::Refused,
        EventKind::Withdrawn => core::EventKind::Withdrawn,
        EventKind::Incident => core::EventKind::Incident,
        EventKind::Feedback => core::EventKind::Feedback,
        EventKind::LawfulExtension => core::EventKind::LawfulExtension,
    }
}

fn caused(c: CausedBy) -> core::CausedBy {
    match c {
        CausedBy::Agency => core::CausedBy::Agency,
        CausedBy::Citizen => core::CausedBy::Citizen,
        CausedBy::ForceMajeure => core::CausedBy::ForceMajeure,
    }
}

fn caused_back(c: core::CausedBy) -> CausedBy {
    match c {
        core::CausedBy::Agency => CausedBy::Agency,
        core::CausedBy::Citizen => CausedBy::Citizen,
        core::CausedBy::ForceMajeure => CausedBy::ForceMajeure,
    }
}

fn outcome(c: Computed<'_>) -> Outcome {
    Outcome {
        procedure_code: c.procedure.code.clone(),
        regime_code: c.regime.code.clone(),
        received_at: moment(c.received_at),
        clock_started_at: moment(c.clock_started_at),
        appointment_at: moment(c.appointment_at),
        statutory_due_at: moment(c.statutory_due_at),
        due_at: moment(c.due_at),
        apology_due_by: moment(c.apology_due_by),
        reappointment: c.reappointment.map(|r| Reappointment {
            sent_at: moment(r.sent_at),
            new_due_at: moment(r.new_due_at),
            previous_due_at: moment(r.previous_due_at),
            in_time: r.in_time,
            caused_by: caused_back(r.caused_by),
        }),
        completed_at: c.completed_at.map(moment),
        as_of: moment(c.as_of),
        status: match c.status {
            core::Status::InProgress => Status::InProgress,
            core::Status::AtRisk => Status::AtRisk,
            core::Status::Overdue => Status::Overdue,
            core::Status::CompletedEarly => Status::CompletedEarly,
            core::Status::CompletedOnTime => Status::CompletedOnTime,
            core::Status::CompletedLate => Status::CompletedLate,
            core::Status::Refused => Status::Refused,
            core::Status::Withdrawn => Status::Withdrawn,
        },
        clock: match c.clock {
            core::ClockState::Running => ClockState::Running,
            core::ClockState::Paused => ClockState::Paused,
            core::ClockState::WaitingForSupplement => ClockState::WaitingForSupplement,
            core::ClockState::Stopped => ClockState::Stopped,
        },
        score: c.score,
        within_statutory_time: c.within_statutory_time,
        elapsed_working_minutes: c.elapsed_working_minutes,
        remaining_working_minutes: c.remaining_working_minutes,
        provisional: c.provisional,
        violations: c
            .violations
            .into_iter()
            .map(|v| Violation {
                code: v.code.as_str().to_owned(),
                event_index: v.event_index.and_then(|i| u32::try_from(i).ok()),
                text_vi: v.text_vi,
                text_en: v.text_en,
                source: v.source,
            })
            .collect(),
    }
}

/// The last inline procedure resolved in a batch: records of one batch usually share it.
type ProcedureMemo = Option<(WitProcedure, Procedure)>;

fn same(a: &WitProcedure, b: &WitProcedure) -> bool {
    let time_eq = |x: &ProcessingTime, y: &ProcessingTime| {
        x.amount.to_bits() == y.amount.to_bits() && x.unit == y.unit
    };
    time_eq(&a.processing_time, &b.processing_time)
        && match (&a.committed_time, &b.committed_time) {
            (Some(x), Some(y)) => time_eq(x, y),
            (None, None) => true,
            _ => false,
        }
        && a.supplement == b.supplement
        && a.fees_pause == b.fees_pause
}

fn resolve(p: WitProcedure, memo: &mut ProcedureMemo) -> Result<&Procedure, CoreError> {
    let hit = memo.as_ref().is_some_and(|(key, _)| same(key, &p));
    if !hit {
        let resolved = Procedure::from_input(
            &ProcedureInput {
                processing_time: Some(time(p.processing_time)),
                committed_time: p.committed_time.map(time),
                supplement: Some(match p.supplement {
                    SupplementMode::Restart => cat::SupplementMode::Restart,
                    SupplementMode::Pause => cat::SupplementMode::Pause,
                }),
                fees_pause: Some(p.fees_pause),
                ..ProcedureInput::default()
            },
            "dossier.procedure",
            false,
        )?
        .1;
        *memo = Some((p, resolved));
    }
    memo.as_ref().map(|(_, r)| r).ok_or_else(|| {
        CoreError::new(
            ErrorCode::InternalData,
            "dossier.procedure",
            "Không giữ được thủ tục",
            "The procedure was not kept",
        )
    })
}

/// The events of a typed dossier, checked as the JSON ones are ([`CoreEvent::checked`]).
fn events(events: Vec<WitEvent>) -> Result<Vec<CoreEvent>, CoreError> {
    core::log::check_count(events.len())?;
    events
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            // The path is written only for an error, as `CoreEvent::checked` does for `at`.
            let new_due_at = match &e.new_due_at {
                Some(m) => {
                    Some(at(m, "").map_err(|err| err.at(format!("events[{i}].new_due_at")))?)
                }
                None => None,
            };
            let caused_by = e.caused_by.map(caused);
            CoreEvent::checked(i, kind(e.kind), new_due_at, caused_by, e.reason, |p| {
                at(&e.at, p)
            })
        })
        .collect()
}

fn compute(input: ComputeInput, memo: &mut ProcedureMemo) -> Result<Outcome, CoreError> {
    let d = input.dossier;
    let events = events(d.events).map_err(|e| e.within("dossier"))?;
    let inline: Option<&Procedure> = match d.procedure {
        Some(p) => Some(resolve(p, memo)?),
        None => None,
    };
    let as_of = match &input.as_of {
        Some(m) => Some(at(m, "as_of")?),
        None => None,
    };
    let ruleset = ruleset(input.ruleset)?;
    let rules = Rules::new(ruleset.as_deref());
    let (cal, catalog) = (rules.calendar()?, rules.catalog()?);
    let dossier = Dossier {
        id: None,
        procedure_code: d.procedure_code.as_deref(),
        procedure: inline,
        unit: d.unit.as_deref(),
        channel: d.channel.map(|c| match c {
            Channel::InPerson => core::Channel::InPerson,
            Channel::Postal => core::Channel::Postal,
            Channel::Online => core::Channel::Online,
        }),
        events: &events,
        fee: core::fee::FeeFacts::default(),
    };
    let opts = Options {
        as_of,
        ..Options::default()
    };
    core::compute(&cal, &catalog, &dossier, opts)
        .map(outcome)
        .map_err(|e| e.within("dossier"))
}

impl Guest for Plugin {
    fn compute(input: ComputeInput) -> Result<Outcome, Error> {
        compute(input, &mut None).map_err(error)
    }
    fn compute_batch(inputs: Vec<ComputeInput>) -> Vec<Result<Outcome, Error>> {
        if inputs.len() > api::MAX_BATCH {
            return super::too_large(inputs.len());
        }
        let mut memo = None;
        inputs
            .into_iter()
            .map(|i| compute(i, &mut memo).map_err(error))
            .collect()
    }
}
