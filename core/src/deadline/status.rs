//! A folded dossier judged at `as_of`: its status, the TT 01/2018 Art. 13 indicator-1 score
//! (2 early, 1 on time, 0 late; DOMAIN.md §10.7), the apology deadline one working day before the
//! due time it had before any re-appointment (NĐ 61/2018 Art. 19(9)), the office time elapsed and
//! left, and whether any day used rests on unconfirmed data.
use chrono::NaiveDateTime;

use super::fee::Fee;
use super::fold::{Fold, Phase, last_day};
use super::model::{CausedBy, ClockState, EventKind, Status, StepCode};
use super::outcome::{Computed, has_notice};
use super::texts;
use crate::calendar::answer::skipped_days;
use crate::error::Result;

/// Most skipped days listed in a trace.
pub const MAX_SKIPPED_LISTED: usize = 60;

/// What the status is judged against.
struct Judged {
    status: Status,
    score: Option<u8>,
    clock: ClockState,
}

fn judge(
    fold: &Fold<'_, '_>,
    as_of: NaiveDateTime,
    apology_due_by: NaiveDateTime,
    judge_against: NaiveDateTime,
) -> Judged {
    let j = |status, score, clock| Judged {
        status,
        score,
        clock,
    };
    match fold.closed {
        Some((EventKind::Refused, _)) => j(Status::Refused, None, ClockState::Stopped),
        Some((EventKind::Withdrawn, _)) => j(Status::Withdrawn, None, ClockState::Stopped),
        _ => match (fold.completed, &fold.phase) {
            (Some(c), _) if c > judge_against => {
                j(Status::CompletedLate, Some(0), ClockState::Stopped)
            }
            (Some(c), _) if c.date() < judge_against.date() => {
                j(Status::CompletedEarly, Some(2), ClockState::Stopped)
            }
            (Some(_), _) => j(Status::CompletedOnTime, Some(1), ClockState::Stopped),
            (None, Phase::Waiting) => j(Status::InProgress, None, ClockState::WaitingForSupplement),
            (None, Phase::Paused(_)) => j(Status::InProgress, None, ClockState::Paused),
            (None, _) if as_of > fold.due => j(Status::Overdue, Some(0), ClockState::Running),
            (None, _)
                if as_of > apology_due_by
                    && fold.reappointment.is_none()
                    && has_notice(
                        &fold.time,
                        fold.lawful.is_some(),
                        apology_due_by,
                        fold.start,
                    ) =>
            {
                j(Status::AtRisk, None, ClockState::Running)
            }
            (None, _) => j(Status::InProgress, None, ClockState::Running),
        },
    }
}

/// The apology deadline (one working day before the due time the dossier had before any
/// re-appointment), the time the result is judged against, and whether that is the original
/// due time by DOMAIN §10.7's convention (an agency-caused re-appointment still counts late).
fn due_times(fold: &Fold<'_, '_>) -> Result<(NaiveDateTime, NaiveDateTime, bool)> {
    let counts_late = fold.clock.settings().reappointment_counts_late;
    let agency_reappointed = fold
        .reappointment
        .as_ref()
        .is_some_and(|r| r.caused_by == CausedBy::Agency);
    let original_due = fold
        .reappointment
        .as_ref()
        .map_or(fold.due, |r| r.previous_due_at);
    let apology_due_by = fold.clock.apology_by(original_due)?;
    let late_by_convention = agency_reappointed && counts_late;
    let judge_against = if late_by_convention {
        original_due
    } else {
        fold.due
    };
    Ok((apology_due_by, judge_against, late_by_convention))
}

/// The computation's answer from the folded log.
pub(super) fn finish<'a>(
    mut fold: Fold<'a, '_>,
    received_at: NaiveDateTime,
    as_of: NaiveDateTime,
    explain: bool,
    fee: Fee,
) -> Result<Computed<'a>> {
    if let Some(s) = fold.run_since
        && as_of > s
    {
        fold.elapsed += fold.clock.working_secs(s, as_of)?;
    }
    let convention = fold.clock.settings().convention;
    let (apology_due_by, judge_against, late_by_convention) = due_times(&fold)?;
    let judged = judge(&fold, as_of, apology_due_by, judge_against);
    if let Some(c) = fold.completed {
        let status = judged.status;
        fold.trace.push(
            StepCode::Result,
            Some(c),
            &fold.regime.result_source,
            || texts::result(status, c, judge_against, late_by_convention),
        );
    }
    let remaining = match (&fold.phase, fold.completed) {
        (Phase::Running, None) => Some(fold.clock.working_secs(as_of, fold.due)?),
        (Phase::Paused(p), None) => Some(fold.clock.working_secs(*p, fold.due)?.max(0)),
        _ => None,
    };
    let cal = fold.clock.cal;
    let provisional = cal.provisional_between(
        received_at.date(),
        last_day(&fold, apology_due_by),
        "events",
    )?;
    let skipped = if explain {
        let (from, to) = (fold.start.date(), fold.due.date());
        skipped_days(cal, from, to, MAX_SKIPPED_LISTED, "events")?
    } else {
        Vec::new()
    };
    if explain
        && has_notice(
            &fold.time,
            fold.lawful.is_some(),
            apology_due_by,
            fold.start,
        )
    {
        let form = &fold.regime.apology_form;
        fold.trace.push(
            StepCode::ApologyDeadline,
            Some(apology_due_by),
            &fold.regime.apology_source,
            || texts::apology_deadline(form, apology_due_by),
        );
    }
    Ok(Computed {
        procedure: fold.procedure,
        regime: fold.regime,
        convention,
        received_at,
        clock_started_at: fold.start,
        appointment_at: fold.appointment,
        statutory_due_at: fold.statutory_due,
        due_at: fold.due,
        apology_due_by,
        within_statutory_time: fold.completed.map(|c| c <= fold.statutory_due),
        reappointment: fold.reappointment,
        lawful_extension: fold.lawful,
        completed_at: fold.completed,
        as_of,
        status: judged.status,
        clock: judged.clock,
        score: judged.score,
        elapsed_working_minutes: fold.elapsed / 60,
        remaining_working_minutes: remaining.map(|r| r / 60),
        provisional,
        violations: fold.violations,
        trace: fold.trace.steps,
        skipped_days: skipped,
        fee,
    })
}
