//! The typed `grievance` interface: WIT records to `grievance.compute`'s input and its answer
//! back, the dates as civil-date records. No rule here: the JSON operation's code runs.
use chrono::NaiveDate;
use thanthien_core::api::grievance::{GrievanceInput, compute as json_compute};
use thanthien_core::error::Error as CoreError;
use thanthien_core::grievance::{
    self as core, CaseInput, Complexity as CoreComplexity, DayType as CoreDayType,
    GrievanceEventInput, GrievanceEventKind as CoreEventKind, GrievanceOutput,
    GrievanceStatus as CoreStatus, GrievanceStep as CoreStep,
};

use super::exports::thanthien::rules::calendar::CivilDate;
use super::exports::thanthien::rules::grievance::{
    Complexity, ComputeInput, DayType, Deadline, Event, EventKind, GrievanceCase, Guest, Kind,
    Outcome, Status, Step, Violation,
};
use super::exports::thanthien::rules::types::Error;
use super::{Plugin, batch, civil, error, ruleset};

/// A civil date as the JSON text of it: an impossible one is refused where the JSON one is.
fn text(d: &CivilDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

fn back(s: &str) -> CivilDate {
    civil(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default())
}

fn event_kind(k: EventKind) -> CoreEventKind {
    match k {
        EventKind::Received => CoreEventKind::Received,
        EventKind::Transferred => CoreEventKind::Transferred,
        EventKind::Accepted => CoreEventKind::Accepted,
        EventKind::Refused => CoreEventKind::Refused,
        EventKind::Extended => CoreEventKind::Extended,
        EventKind::Suspended => CoreEventKind::Suspended,
        EventKind::Resumed => CoreEventKind::Resumed,
        EventKind::Decided => CoreEventKind::Decided,
        EventKind::DecisionSent => CoreEventKind::DecisionSent,
        EventKind::Withdrawn => CoreEventKind::Withdrawn,
    }
}

fn case_input(c: GrievanceCase) -> CaseInput {
    CaseInput {
        id: c.id,
        kind: match c.kind {
            Kind::Complaint => core::Kind::Complaint,
            Kind::Denunciation => core::Kind::Denunciation,
            Kind::Petition => core::Kind::Petition,
        },
        instance: c.instance,
        remote_area: c.remote_area,
        complexity: match c.complexity {
            Complexity::Normal => CoreComplexity::Normal,
            Complexity::Complex => CoreComplexity::Complex,
            Complexity::EspeciallyComplex => CoreComplexity::EspeciallyComplex,
        },
        several_places: c.several_places,
        decision_known_on: c.decision_known_on.as_ref().map(text),
        first_result_on: c.first_result_on.as_ref().map(text),
        obstacle_days: c.obstacle_days,
        events: c
            .events
            .into_iter()
            .map(|e: Event| GrievanceEventInput {
                kind: event_kind(e.kind),
                at: text(&e.at),
                days: e.days,
                note: e.note,
            })
            .collect(),
    }
}

fn step(s: CoreStep) -> Step {
    match s {
        CoreStep::Limitation => Step::Limitation,
        CoreStep::Acceptance => Step::Acceptance,
        CoreStep::Transfer => Step::Transfer,
        CoreStep::NotifyAcceptance => Step::NotifyAcceptance,
        CoreStep::Resolution => Step::Resolution,
        CoreStep::SendDecision => Step::SendDecision,
    }
}

fn status(s: CoreStatus) -> Status {
    match s {
        CoreStatus::InTime => Status::InTime,
        CoreStatus::AtRisk => Status::AtRisk,
        CoreStatus::Overdue => Status::Overdue,
        CoreStatus::Suspended => Status::Suspended,
        CoreStatus::ResolvedOnTime => Status::ResolvedOnTime,
        CoreStatus::ResolvedLate => Status::ResolvedLate,
        CoreStatus::Refused => Status::Refused,
        CoreStatus::Transferred => Status::Transferred,
        CoreStatus::Withdrawn => Status::Withdrawn,
    }
}

fn outcome(o: GrievanceOutput) -> Outcome {
    let day = |s: Option<String>| s.as_deref().map(back);
    Outcome {
        id: o.id,
        kind: match o.kind {
            core::Kind::Complaint => Kind::Complaint,
            core::Kind::Denunciation => Kind::Denunciation,
            core::Kind::Petition => Kind::Petition,
        },
        instance: o.instance,
        received: back(&o.received),
        as_of: back(&o.as_of),
        at_risk_working_days: o.at_risk_working_days,
        deadlines: o
            .deadlines
            .into_iter()
            .map(|d| Deadline {
                step: step(d.step),
                from: day(d.from),
                days: d.days,
                added_days: d.added_days,
                day_type: match d.day_type {
                    CoreDayType::Calendar => DayType::Calendar,
                    CoreDayType::Working => DayType::Working,
                },
                due: day(d.due),
                adjusted: d.adjusted,
                done: day(d.done),
                met: d.met,
                source: d.source,
                provisional: d.provisional,
            })
            .collect(),
        status: status(o.status),
        violations: o
            .violations
            .into_iter()
            .map(|v| Violation {
                code: v.code,
                step: step(v.step),
                text_vi: v.text_vi,
                text_en: v.text_en,
                source: v.source,
            })
            .collect(),
        provisional: o.provisional,
        ruleset_version: o.ruleset_version,
    }
}

fn compute(input: ComputeInput) -> Result<Outcome, CoreError> {
    let input = GrievanceInput {
        case: case_input(input.case),
        as_of: input.as_of.as_ref().map(text),
        ruleset: ruleset(input.ruleset)?,
    };
    json_compute(input).map(outcome)
}

impl Guest for Plugin {
    fn compute(input: ComputeInput) -> Result<Outcome, Error> {
        compute(input).map_err(error)
    }
    fn compute_batch(inputs: Vec<ComputeInput>) -> Vec<Result<Outcome, Error>> {
        batch(inputs, compute)
    }
}
