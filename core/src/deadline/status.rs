//! A folded dossier judged at `as_of`: its status, the TT 01/2018 Art. 13 indicator-1 score
//! (2 early, 1 on time, 0 late; DOMAIN.md §10.7), the apology deadline one working day before the
//! due time it had before a re-appointment the agency caused, or the one a re-appointment the
//! citizen caused set (NĐ 61/2018 Art. 19(9)), the office time elapsed and left, and whether any
//! day used rests on unconfirmed data.
use chrono::NaiveDateTime;

use super::conventions::{JudgeBy, Settings};
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

/// The due times a dossier is judged by, under the conventions in force.
struct Dues {
    /// When the apology is due.
    apology_due_by: NaiveDateTime,
    /// Whether the period gives a day's notice before it ends (see [`has_notice`]).
    notice: bool,
    /// A result after this is late.
    judge_against: NaiveDateTime,
    /// Past this with no result, the dossier is overdue.
    overdue_after: NaiveDateTime,
    /// DOMAIN §10.7's convention applied (an agency-caused re-appointment still counts late).
    late_by_convention: bool,
    /// The voluntary commitment's due time, when the procedure has one.
    commitment_due: Option<NaiveDateTime>,
    /// The agency re-appointed the dossier: its apology is already sent, so it is not at risk.
    agency_reappointed: bool,
}

fn judge(fold: &Fold<'_, '_>, as_of: NaiveDateTime, d: &Dues) -> Judged {
    let j = |status, score, clock| Judged {
        status,
        score,
        clock,
    };
    match fold.closed {
        Some((EventKind::Refused, _)) => j(Status::Refused, None, ClockState::Stopped),
        Some((EventKind::Withdrawn, _)) => j(Status::Withdrawn, None, ClockState::Stopped),
        _ => match (fold.completed, &fold.phase) {
            (Some(c), _) => {
                let score = fold.clock.settings().early.score(c, d.judge_against);
                let status = match score {
                    0 => Status::CompletedLate,
                    2 => Status::CompletedEarly,
                    _ => Status::CompletedOnTime,
                };
                j(status, Some(score), ClockState::Stopped)
            }
            (None, Phase::Waiting) => j(Status::InProgress, None, ClockState::WaitingForSupplement),
            (None, Phase::Paused(..)) => j(Status::InProgress, None, ClockState::Paused),
            (None, _) if as_of > d.overdue_after => {
                j(Status::Overdue, Some(0), ClockState::Running)
            }
            (None, _) if as_of > d.apology_due_by && !d.agency_reappointed && d.notice => {
                j(Status::AtRisk, None, ClockState::Running)
            }
            (None, _) => j(Status::InProgress, None, ClockState::Running),
        },
    }
}

/// The due times by the `judge_by` convention: the time the law allows (the statutory due time,
/// which no re-appointment of the agency moves, a later time the citizen asked for does; an
/// accepted one moves the time judged) or the commune's commitment (the appointment); the apology
/// one working day before the first of them, before a re-appointment the agency caused (NĐ
/// 61/2018 Art. 19(9)), or before the time judged after one the citizen or force majeure caused:
/// the agency's delay can only start from it.
fn due_times(fold: &Fold<'_, '_>) -> Result<Dues> {
    let s = fold.clock.settings();
    let reappointed = fold.reappointment.as_ref();
    let agency = reappointed.is_some_and(|r| r.caused_by == CausedBy::Agency);
    let late_by_convention = agency && s.reappointment_counts_late;
    let appointed = reappointed.map_or(fold.due, |r| r.previous_due_at);
    let (original, current, time) = match s.judge_by {
        JudgeBy::Commitment => (appointed, fold.due, fold.time),
        JudgeBy::Statutory => {
            let law = fold
                .asked_due
                .map_or(fold.statutory_due, |a| a.max(fold.statutory_due));
            let current = if reappointed.is_some() {
                fold.due.max(law)
            } else {
                law
            };
            (law, current, fold.procedure.processing_time)
        }
    };
    let not_agency = reappointed.is_some() && !agency;
    let apology_due_by = fold
        .clock
        .apology_by(if not_agency { current } else { original })?;
    Ok(Dues {
        apology_due_by,
        notice: has_notice(&time, fold.lawful.is_some(), apology_due_by, fold.start),
        judge_against: if late_by_convention {
            original
        } else {
            current
        },
        overdue_after: current,
        late_by_convention,
        commitment_due: fold.procedure.committed_time.map(|_| appointed),
        agency_reappointed: agency,
    })
}

/// The computation's answer from the folded log.
pub(super) fn finish<'a>(
    mut fold: Fold<'a, '_>,
    received_at: NaiveDateTime,
    as_of: NaiveDateTime,
    (explain, fee, settings): (bool, Fee, &'a Settings),
) -> Result<Computed<'a>> {
    if let Some(s) = fold.run_since
        && as_of > s
    {
        fold.elapsed += fold.clock.working_secs(s, as_of)?;
    }
    let dues = due_times(&fold)?;
    let judged = judge(&fold, as_of, &dues);
    let apology_due_by = dues.apology_due_by;
    if let Some(c) = fold.completed {
        let (status, due) = (judged.status, dues.judge_against);
        let how = (settings.judge_by, settings.early, dues.late_by_convention);
        fold.trace.push(
            StepCode::Result,
            Some(c),
            &fold.regime.result_source,
            || texts::result(status, c, due, how),
        );
    }
    let remaining = match (&fold.phase, fold.completed) {
        (Phase::Running, None) => Some(fold.clock.working_secs(as_of, fold.due)?),
        (Phase::Paused(p, _), None) => Some(fold.clock.working_secs(*p, fold.due)?.max(0)),
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
    if explain && dues.notice {
        let form = &fold.regime.apology_form;
        fold.trace.push(
            StepCode::ApologyDeadline,
            Some(apology_due_by),
            &fold.regime.apology_source,
            || texts::apology_deadline(form, apology_due_by, settings.apology_lead),
        );
    }
    Ok(Computed {
        procedure: fold.procedure,
        regime: fold.regime,
        convention: settings.convention,
        received_at,
        clock_started_at: fold.start,
        appointment_at: fold.appointment,
        statutory_due_at: fold.statutory_due,
        due_at: fold.due,
        apology_due_by,
        within_statutory_time: fold.completed.map(|c| c <= fold.statutory_due),
        judged_against_at: dues.judge_against,
        commitment_met: dues.commitment_due.zip(fold.completed).map(|(d, c)| c <= d),
        has_notice: dues.notice,
        conventions: settings,
        reappointment: fold.reappointment,
        agency_reappointment: fold.agency_reappointment,
        lawful_extension: fold.lawful,
        completed_at: fold.completed,
        closed_at: fold
            .closed
            .filter(|(k, _)| matches!(k, EventKind::Refused | EventKind::Withdrawn))
            .map(|(_, t)| t),
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
