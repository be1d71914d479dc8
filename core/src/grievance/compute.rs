//! `grievance.compute`: the deadlines a case's log gives under the law in force on its receipt,
//! whether each was met, the violations, the status at `as_of`, and the trace.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case::{Case, Complexity, GrievanceEventKind, Kind};
use super::suspension::{self, Stops};
use super::texts;
use super::{DayType, GrievanceData, Period, RunsFrom, before_law};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::time::format_date;

/// A step the law limits.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum GrievanceStep {
    /// Filing the complaint within its limitation period (thời hiệu).
    Limitation,
    /// Accepting or refusing it (thụ lý).
    Acceptance,
    /// Sending it on when not competent.
    Transfer,
    /// Notifying the acceptance (denunciations).
    NotifyAcceptance,
    /// Resolving it (decision or conclusion).
    Resolution,
    /// Sending the decision or conclusion.
    SendDecision,
}

/// Every step, in the order a case meets them.
const STEPS: [GrievanceStep; 6] = [
    GrievanceStep::Limitation,
    GrievanceStep::Acceptance,
    GrievanceStep::Transfer,
    GrievanceStep::NotifyAcceptance,
    GrievanceStep::Resolution,
    GrievanceStep::SendDecision,
];

/// Where a case stands at `as_of`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum GrievanceStatus {
    /// Open, its current deadline more than the at-risk lead away.
    InTime,
    /// Open, its current deadline within the at-risk lead.
    AtRisk,
    /// Open past its current deadline.
    Overdue,
    /// Suspended (the time not counted).
    Suspended,
    /// Decided by its deadline.
    ResolvedOnTime,
    /// Decided after it.
    ResolvedLate,
    /// Not accepted.
    Refused,
    /// Sent on to the competent body.
    Transferred,
    /// Withdrawn.
    Withdrawn,
}

/// One deadline of the case.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Deadline {
    /// The step.
    pub step: GrievanceStep,
    /// The day it counts from (absent until its event happens).
    pub from: Option<String>,
    /// Its length in law.
    pub days: Option<u32>,
    /// Days added to it: lawful extensions, time suspended, days of an objective obstacle.
    pub added_days: u32,
    /// Calendar or working days.
    pub day_type: DayType,
    /// The last day (absent until it starts, or where the law sets no period).
    pub due: Option<String>,
    /// What changed it: `remote_area`, `complex`, `several_places`, `extension`, `suspension`,
    /// `obstacle`, `moved_to_working_day`.
    pub adjusted: Vec<String>,
    /// When the step was done.
    pub done: Option<String>,
    /// Done by its last day.
    pub met: Option<bool>,
    /// Law and article.
    pub source: String,
    /// Rests on a secondary or recalled source, or on calendar days not confirmed.
    pub provisional: bool,
}

/// A breach of a time limit, or a finding of one.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrievanceViolation {
    /// Stable code.
    pub code: String,
    /// The step.
    pub step: GrievanceStep,
    /// In Vietnamese.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
    /// Law and article.
    pub source: String,
}

/// One line of the trace.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TraceLine {
    /// The step.
    pub step: GrievanceStep,
    /// In Vietnamese.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
    /// Law and article.
    pub source: String,
}

/// Answer of `grievance.compute`.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrievanceOutput {
    /// The unit's reference.
    pub id: Option<String>,
    /// Kind of case.
    pub kind: Kind,
    /// 1 or 2.
    pub instance: u8,
    /// Received on.
    pub received: String,
    /// The day judged.
    pub as_of: String,
    /// A convention (the law is silent): an open case is `at_risk` from this many working days
    /// before its current deadline.
    pub at_risk_working_days: u32,
    /// The deadlines, in the order a case meets them.
    pub deadlines: Vec<Deadline>,
    /// Where it stands.
    pub status: GrievanceStatus,
    /// Breaches and findings.
    pub violations: Vec<GrievanceViolation>,
    /// Some deadline rests on a secondary or recalled source, or on calendar days not
    /// confirmed.
    pub provisional: bool,
    /// How each deadline was reached.
    pub trace: Vec<TraceLine>,
    /// Rule data used.
    pub ruleset_version: String,
}

/// The case's inputs to the rules: the periods (with the at-risk lead) and the calendar.
pub struct Law<'a> {
    /// The periods.
    pub data: &'a GrievanceData,
    /// The working calendar.
    pub cal: &'a Calendar,
}

/// Computes a read case at `as_of` (default: its last event).
pub fn compute(
    law: &Law<'_>,
    case: &Case,
    id: Option<String>,
    as_of: Option<NaiveDate>,
    version: String,
) -> Result<GrievanceOutput> {
    let first = law.data.first_day(case.kind);
    if first.is_none_or(|f| case.received < f) {
        return Err(before_law(case.kind, first).at("events[0].at"));
    }
    let last = case.events.last().map_or(case.received, |e| e.on);
    let as_of = as_of.unwrap_or(last);
    let mut out = Work::default();
    for step in STEPS {
        if let Some(p) = law
            .data
            .period(case.kind, case.instance, step, case.received)
        {
            out.deadline(law, case, p)?;
        }
    }
    let status = status(law, case, &out.deadlines, as_of)?;
    Ok(GrievanceOutput {
        id,
        kind: case.kind,
        instance: case.instance,
        received: format_date(case.received),
        as_of: format_date(as_of),
        at_risk_working_days: law.data.at_risk_working_days,
        provisional: out.deadlines.iter().any(|d| d.provisional),
        deadlines: out.deadlines,
        status,
        violations: out.violations,
        trace: out.trace,
        ruleset_version: version,
    })
}

#[derive(Default)]
struct Work {
    deadlines: Vec<Deadline>,
    violations: Vec<GrievanceViolation>,
    trace: Vec<TraceLine>,
}

impl Work {
    /// One step's deadline, its violations and its trace line.
    fn deadline(&mut self, law: &Law<'_>, case: &Case, p: &Period) -> Result<()> {
        let (days, mut adjusted) = length(case, p);
        let anchor = anchor(case, p.runs_from);
        let done = done_on(case, p.step);
        let (mut due, mut added, mut provisional) = (None, 0, false);
        if p.step == GrievanceStep::Resolution && anchor.is_none() {
            // Not accepted yet: a suspension already logged stops nothing, and says why.
            self.suspensions(law, case, p, None);
        }
        if let (Some(from), Some(days)) = (anchor, days) {
            let end = self.end(law, case, p, from, days)?;
            adjusted.extend(end.adjusted);
            (due, added) = (Some(end.due), end.added);
            let total = days.saturating_add(added);
            provisional = end.provisional || on_unconfirmed_days(law.cal, p, from, total, end.due)?;
        }
        let met = match (due, done) {
            (Some(due), Some(done)) => Some(done <= due),
            _ => None,
        };
        if met == Some(false) {
            self.violations.push(texts::late(p.step, &p.source));
        }
        self.trace
            .push(texts::trace(p, anchor, (days, added), due, &adjusted));
        self.deadlines.push(Deadline {
            step: p.step,
            from: anchor.map(format_date),
            days,
            added_days: added,
            day_type: p.day_type,
            due: due.map(format_date),
            adjusted,
            done: done.map(format_date),
            met,
            source: p.source.clone(),
            provisional: p.confidence.provisional() || provisional,
        });
        Ok(())
    }

    /// The last day of a period of `days` from `from`, with the extensions and suspensions the
    /// law allows for the resolution (each breach recorded), what moved it, the days added, and
    /// whether a suspension rule it used rests on a secondary source.
    fn end(
        &mut self,
        law: &Law<'_>,
        case: &Case,
        p: &Period,
        from: NaiveDate,
        days: u32,
    ) -> Result<End> {
        let mut adjusted = Vec::new();
        let mut extra = 0u32;
        if p.step == GrievanceStep::Limitation && case.obstacle_days > 0 {
            extra = extra.saturating_add(case.obstacle_days);
            adjusted.push("obstacle".to_owned());
        }
        let (base, was_moved) = period_end(law.cal, p.day_type, from, days.saturating_add(extra))?;
        if p.step != GrievanceStep::Resolution {
            let adjusted = moved(adjusted, was_moved);
            return Ok(End {
                due: base,
                adjusted,
                added: extra,
                provisional: false,
            });
        }
        let end_after = |extra: u32| {
            period_end(law.cal, p.day_type, from, days.saturating_add(extra)).map(|(d, _)| d)
        };
        let stops = self.suspensions(law, case, p, Some(from));
        let (ext, n) = self.extensions(case, p, &stops, end_after)?;
        if n > 0 {
            adjusted.push("extension".to_owned());
        }
        if stops.days() > 0 {
            adjusted.push("suspension".to_owned());
        }
        let added = ext.saturating_add(stops.days());
        let (due, was_moved) = period_end(law.cal, p.day_type, from, days.saturating_add(added))?;
        let adjusted = moved(adjusted, was_moved);
        Ok(End {
            due,
            adjusted,
            added,
            provisional: stops.provisional,
        })
    }

    /// The days the lawful extensions add (and how many there were); each unlawful one is a
    /// violation that adds nothing. An extension is lawful only before the period it extends has
    /// run out (`end_after(days)`: the last day with `days` added), the days suspended before it
    /// not counted in that period (Luật Tố cáo 2018 Art. 34(2)).
    fn extensions(
        &mut self,
        case: &Case,
        p: &Period,
        stops: &Stops,
        end_after: impl Fn(u32) -> Result<NaiveDate>,
    ) -> Result<(u32, u8)> {
        let allowed = match case.complexity {
            Complexity::Normal => 0,
            Complexity::Complex => p.extensions_complex.unwrap_or(0),
            Complexity::EspeciallyComplex => p.extensions_especially_complex.unwrap_or(0),
        };
        let most = p
            .extensions_especially_complex
            .max(p.extensions_complex)
            .unwrap_or(0);
        let (mut days, mut n) = (0u32, 0u8);
        for e in case.all(GrievanceEventKind::Extended) {
            let path = format!("events[{}].days", e.index);
            let asked = e.days.unwrap_or(0);
            let max = p.extension_days.unwrap_or(0);
            if most > 0 && asked > max {
                return Err(Error::extension_too_long(&path, asked, max));
            }
            let code = if allowed == 0 {
                "extension_not_allowed"
            } else if n >= allowed {
                "extension_beyond_allowed"
            } else if e.on > end_after(days.saturating_add(stops.before(e.on)))? {
                "extension_after_due"
            } else {
                days = days.saturating_add(asked);
                n += 1;
                continue;
            };
            self.violations
                .push(texts::extension(code, p, case.complexity, allowed));
        }
        if usize::from(most) < case.all(GrievanceEventKind::Extended).count() && most > 0 {
            return Err(Error::too_many_extensions("events", most));
        }
        Ok((days, n))
    }

    /// The suspensions of the resolution running from `from` that stop its clock; each reason
    /// another stops nothing is a violation.
    fn suspensions(
        &mut self,
        law: &Law<'_>,
        case: &Case,
        p: &Period,
        from: Option<NaiveDate>,
    ) -> Stops {
        let (stops, refused) = suspension::stops(law.data, case, from);
        for why in refused {
            self.violations.push(texts::suspension_refused(why, p));
        }
        stops
    }
}

/// A period's last day and what made it.
struct End {
    due: NaiveDate,
    adjusted: Vec<String>,
    added: u32,
    provisional: bool,
}

/// Whether a period of `days` from `from` ending on `due` rests on calendar data not confirmed
/// (DOMAIN §10.2): a day a working-day count passes, or the days a calendar period's last day
/// moved across to reach a working day.
fn on_unconfirmed_days(
    cal: &Calendar,
    p: &Period,
    from: NaiveDate,
    days: u32,
    due: NaiveDate,
) -> Result<bool> {
    let start = match p.day_type {
        DayType::Working => from,
        DayType::Calendar => from
            .checked_add_days(chrono::Days::new(u64::from(days)))
            .map_or(due, |d| d.min(due)),
    };
    cal.provisional_between(start, due, "events")
}

/// The end of a period of `days` of `day_type` after `from`, and whether a calendar period's
/// last day, a day off, moved to the next working day; past the calendar, an error at the case's
/// events (whose dates set it).
fn period_end(cal: &Calendar, t: DayType, from: NaiveDate, days: u32) -> Result<(NaiveDate, bool)> {
    match t {
        DayType::Calendar => cal
            .days_period_end(from, days, "events")
            .map(|e| (e.day, e.moved())),
        DayType::Working => cal
            .add_working_days(from, i64::from(days), "events")
            .map(|d| (d, false)),
    }
}

/// `adjusted` with `moved_to_working_day` when the last day moved.
fn moved(mut adjusted: Vec<String>, was_moved: bool) -> Vec<String> {
    if was_moved {
        adjusted.push("moved_to_working_day".to_owned());
    }
    adjusted
}

/// The period's length for this case, and what chose it: the first of the remote and complex
/// length, the remote one, the complex one (complaints) and the several-places one that applies
/// and that the period sets, else its plain length. A remote second complaint's limitation is
/// 45 days however complex the case (Luật Khiếu nại 2011 Art. 33(1)).
fn length(case: &Case, p: &Period) -> (Option<u32>, Vec<String>) {
    let complex = case.complexity != Complexity::Normal && case.kind == Kind::Complaint;
    let choices: [(bool, Option<u32>, &[&str]); 4] = [
        (
            case.remote && complex,
            p.remote_complex_days,
            &["remote_area", "complex"],
        ),
        (case.remote, p.remote_days, &["remote_area"]),
        (complex, p.complex_days, &["complex"]),
        (
            case.several_places,
            p.several_places_days,
            &["several_places"],
        ),
    ];
    let chosen = choices
        .iter()
        .find_map(|&(applies, days, tags)| days.filter(|_| applies).map(|d| (d, tags)));
    match chosen {
        Some((d, tags)) => (Some(d), tags.iter().map(|t| (*t).to_owned()).collect()),
        None => (p.days, Vec::new()),
    }
}

/// The day a period counts from, once its event has happened.
fn anchor(case: &Case, r: RunsFrom) -> Option<NaiveDate> {
    match r {
        RunsFrom::DecisionKnown => case.decision_known,
        RunsFrom::FirstResult => case.first_result,
        RunsFrom::Received => Some(case.received),
        RunsFrom::Accepted => case.first(GrievanceEventKind::Accepted).map(|e| e.on),
        RunsFrom::Decided => case.first(GrievanceEventKind::Decided).map(|e| e.on),
    }
}

/// The day a step was done.
fn done_on(case: &Case, step: GrievanceStep) -> Option<NaiveDate> {
    let on = |k| case.first(k).map(|e| e.on);
    match step {
        GrievanceStep::Limitation => Some(case.received),
        GrievanceStep::Acceptance => {
            on(GrievanceEventKind::Accepted).or_else(|| on(GrievanceEventKind::Refused))
        }
        GrievanceStep::Transfer => on(GrievanceEventKind::Transferred),
        GrievanceStep::NotifyAcceptance => None,
        GrievanceStep::Resolution => on(GrievanceEventKind::Decided),
        GrievanceStep::SendDecision => on(GrievanceEventKind::DecisionSent),
    }
}

/// Where the case stands at `as_of`.
fn status(
    law: &Law<'_>,
    case: &Case,
    deadlines: &[Deadline],
    as_of: NaiveDate,
) -> Result<GrievanceStatus> {
    let happened = |k| case.first(k).is_some_and(|e| e.on <= as_of);
    let met = |s: GrievanceStep| deadlines.iter().find(|d| d.step == s).and_then(|d| d.met);
    if happened(GrievanceEventKind::Withdrawn) {
        return Ok(GrievanceStatus::Withdrawn);
    }
    if happened(GrievanceEventKind::Decided) {
        return Ok(if met(GrievanceStep::Resolution) == Some(false) {
            GrievanceStatus::ResolvedLate
        } else {
            GrievanceStatus::ResolvedOnTime
        });
    }
    if happened(GrievanceEventKind::Refused) {
        return Ok(GrievanceStatus::Refused);
    }
    if happened(GrievanceEventKind::Transferred) {
        return Ok(GrievanceStatus::Transferred);
    }
    let date_of = |s: GrievanceStep, f: fn(&Deadline) -> Option<&str>| {
        let d = deadlines.iter().find(|d| d.step == s).and_then(f);
        d.map(|d| crate::time::parse_date(d, "")).transpose()
    };
    let from = date_of(GrievanceStep::Resolution, |d| d.from.as_deref())?;
    if suspension::suspended_on(law.data, case, as_of, from) {
        return Ok(GrievanceStatus::Suspended);
    }
    // Before acceptance the acceptance period runs; where none is set (petitions), a resolution
    // period counted from receipt does.
    let due_of = |s: GrievanceStep| date_of(s, |d| d.due.as_deref());
    let due = if happened(GrievanceEventKind::Accepted) {
        due_of(GrievanceStep::Resolution)?
    } else {
        due_of(GrievanceStep::Acceptance)?.or(due_of(GrievanceStep::Resolution)?)
    };
    let Some(due) = due else {
        return Ok(GrievanceStatus::InTime);
    };
    if as_of > due {
        return Ok(GrievanceStatus::Overdue);
    }
    let lead = law.data.at_risk_working_days;
    let risk_from = law.cal.add_working_days(due, -i64::from(lead), "as_of")?;
    Ok(if as_of >= risk_from {
        GrievanceStatus::AtRisk
    } else {
        GrievanceStatus::InTime
    })
}
