//! A unit's grievance log over a period: what was received, accepted, resolved on time or late,
//! refused, transferred or withdrawn, and what stood open or overdue at its end, per kind. The
//! year-end report's section and TT 01/2018 indicator 8 are built from it.
//!
//! Each case is judged on its own log cut at the period's last day, so an event after the
//! period never changes it. A case belongs to the period when it was received in it, closed in
//! it, or still open at its end.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::case::{Case, CaseInput, GrievanceEventKind, Kind, read};
use super::compute::{GrievanceOutput, GrievanceStatus, GrievanceStep, Law, compute};
use crate::error::Error;

/// One kind's counts over the period.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KindCounts {
    /// Kind of case.
    pub kind: Option<Kind>,
    /// Received in the period.
    pub received: u32,
    /// Carried over into the period (kỳ trước chuyển sang): received before it and not closed
    /// before it (a column of the periodic statistics of complaints and denunciations, whose
    /// form was not read in a legal text [R]). Every case counted is closed in the period or open at its end: `received` +
    /// `carried_over` = `closed_on_time` + `closed_late` + `open`. Absent from a report saved by
    /// an earlier version (read as 0 by `report.render`).
    #[serde(default)]
    pub carried_over: u32,
    /// Accepted (thụ lý) in the period.
    pub accepted: u32,
    /// Decided in the period, every deadline met.
    pub resolved_on_time: u32,
    /// Decided in the period, some deadline missed.
    pub resolved_late: u32,
    /// Refused in the period.
    pub refused: u32,
    /// Sent on to the competent body in the period.
    pub transferred: u32,
    /// Withdrawn in the period.
    pub withdrawn: u32,
    /// Open at the period's end.
    pub open: u32,
    /// Of which past their current deadline ("kéo dài").
    pub overdue: u32,
    /// Closed in the period (decided, refused, transferred or withdrawn) with every deadline met.
    pub closed_on_time: u32,
    /// Closed in the period with some deadline missed.
    pub closed_late: u32,
}

/// A case of the log that is not counted, and why.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseNotCounted {
    /// Its place in the log.
    pub index: usize,
    /// Its reference.
    pub id: Option<String>,
    /// `invalid_case` or `outside_period`.
    pub reason_code: String,
    /// The error, for an invalid case.
    pub error: Option<Error>,
}

/// The log over a period.
#[derive(
    Clone, Debug, Serialize, thanthien_derive::Encode, Deserialize, thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrievanceLogSummary {
    /// First day of the period.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Cases counted.
    pub cases: u32,
    /// Per kind: complaint, denunciation, petition (each present, zeros included).
    pub kinds: Vec<KindCounts>,
    /// Cases not counted.
    pub not_counted: Vec<CaseNotCounted>,
    /// Some period used rests on a secondary or recalled source.
    pub provisional: bool,
}

impl GrievanceLogSummary {
    /// The counts of `kind`.
    pub fn of(&self, kind: Kind) -> Option<&KindCounts> {
        self.kinds.iter().find(|k| k.kind == Some(kind))
    }
}

const KINDS: [Kind; 3] = [Kind::Complaint, Kind::Denunciation, Kind::Petition];

/// Summarises `cases` (each a `case` of `grievance.compute`, the list at `path` of the input)
/// over `[from, to]`.
pub fn summarize(
    law: &Law<'_>,
    (cases, path): (Vec<Value>, &str),
    (from, to): (NaiveDate, NaiveDate),
) -> GrievanceLogSummary {
    let mut kinds: Vec<KindCounts> = KINDS
        .iter()
        .map(|k| KindCounts {
            kind: Some(*k),
            ..KindCounts::default()
        })
        .collect();
    let mut out = GrievanceLogSummary {
        from: crate::time::format_date(from),
        to: crate::time::format_date(to),
        cases: 0,
        kinds: Vec::new(),
        not_counted: Vec::new(),
        provisional: false,
    };
    for (i, value) in cases.into_iter().enumerate() {
        match judged(law, value, to) {
            Ok((id, case, answer)) => {
                let counts = kinds.iter_mut().find(|k| k.kind == Some(case.kind));
                if let Some(c) = counts.filter(|_| belongs(&case, &answer, (from, to))) {
                    add(c, &case, &answer, from);
                    out.cases += 1;
                    out.provisional |= answer.provisional;
                } else {
                    out.not_counted
                        .push(not_counted(i, id, "outside_period", None));
                }
            }
            Err((id, e)) => {
                let e = e.within(&format!("{path}[{i}]"));
                out.not_counted
                    .push(not_counted(i, id, "invalid_case", Some(e)));
            }
        }
    }
    out.kinds = kinds;
    out
}

fn not_counted(
    index: usize,
    id: Option<String>,
    code: &str,
    error: Option<Error>,
) -> CaseNotCounted {
    CaseNotCounted {
        index,
        id,
        reason_code: code.to_owned(),
        error,
    }
}

type Judged = (Option<String>, Case, GrievanceOutput);

/// A case read, its log cut at `to`, and computed at `to`.
fn judged(law: &Law<'_>, value: Value, to: NaiveDate) -> Result<Judged, (Option<String>, Error)> {
    let input = crate::de::from_value::<CaseInput>(value).map_err(|e| (None, e))?;
    let id = input.id.clone();
    let fail = |e: Error| (id.clone(), e);
    let mut case = read(&input).map_err(fail)?;
    if case.received > to {
        let answer = compute(law, &case, None, Some(case.received), String::new()).map_err(fail)?;
        return Ok((id, case, answer));
    }
    case.events.retain(|e| e.on <= to);
    let answer = compute(law, &case, None, Some(to), String::new()).map_err(fail)?;
    Ok((id, case, answer))
}

/// The day a case closed (its decision, refusal, transfer or withdrawal), if it did.
fn closed_on(case: &Case) -> Option<NaiveDate> {
    use GrievanceEventKind as E;
    case.events
        .iter()
        .find(|e| {
            matches!(
                e.kind,
                E::Decided | E::Refused | E::Transferred | E::Withdrawn
            )
        })
        .map(|e| e.on)
}

fn is_open(s: GrievanceStatus) -> bool {
    use GrievanceStatus as S;
    matches!(s, S::InTime | S::AtRisk | S::Overdue | S::Suspended)
}

/// Received by the period's end, and received in it, closed in it or open at its end.
fn belongs(case: &Case, answer: &GrievanceOutput, (from, to): (NaiveDate, NaiveDate)) -> bool {
    case.received <= to
        && (case.received >= from
            || closed_on(case).is_some_and(|d| d >= from)
            || is_open(answer.status))
}

fn add(c: &mut KindCounts, case: &Case, answer: &GrievanceOutput, from: NaiveDate) {
    use GrievanceEventKind as E;
    let inside = |k: E| case.first(k).is_some_and(|e| e.on >= from);
    // The unit's own deadlines: a complaint filed out of time is the complainant's.
    let late = answer
        .deadlines
        .iter()
        .any(|d| d.met == Some(false) && d.step != GrievanceStep::Limitation);
    let bump = |n: &mut u32, yes: bool| *n += u32::from(yes);
    bump(&mut c.received, case.received >= from);
    bump(&mut c.carried_over, case.received < from);
    bump(&mut c.accepted, inside(E::Accepted));
    bump(&mut c.resolved_on_time, inside(E::Decided) && !late);
    bump(&mut c.resolved_late, inside(E::Decided) && late);
    bump(&mut c.refused, inside(E::Refused));
    bump(&mut c.transferred, inside(E::Transferred));
    bump(&mut c.withdrawn, inside(E::Withdrawn));
    let open = is_open(answer.status);
    bump(&mut c.open, open);
    bump(&mut c.overdue, answer.status == GrievanceStatus::Overdue);
    let closed = !open && closed_on(case).is_some_and(|d| d >= from);
    bump(&mut c.closed_on_time, closed && !late);
    bump(&mut c.closed_late, closed && late);
}
