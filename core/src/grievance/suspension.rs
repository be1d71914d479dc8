//! When a suspension (tạm đình chỉ) of a case's resolution stops its clock: the spans the log
//! records, the rule in force on the day each began, and whether the case had been accepted.
//! The resolution's period and the case's status both ask here, so that a case is never
//! `suspended` while its clock runs on.
use chrono::NaiveDate;

use super::case::{Case, GrievanceEventKind, Kind};
use super::{GrievanceData, Suspension};

/// Why a suspension does not stop the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuspensionRefused {
    /// The law in force on its day provides none for the case's kind.
    NoRule,
    /// The case was not yet accepted.
    BeforeAcceptance,
}

/// The rule under which a suspension begun on `start` stops the clock of a resolution running
/// from `from` (`None`: not begun), or why none does. The rule in force on the day the suspension
/// began decides, not the case's receipt (NĐ 155/2026 Art. 22(1): complaints accepted before
/// 01/07/2026 and not yet decided are suspended under it); and what is suspended is the
/// resolution of a case accepted (Luật Tố cáo 2018 Art. 34(1); NĐ 155/2026 Art. 22(1)), whose
/// period runs from its acceptance.
fn rule(
    data: &GrievanceData,
    kind: Kind,
    start: NaiveDate,
    from: Option<NaiveDate>,
) -> Result<&Suspension, SuspensionRefused> {
    let rule = data
        .suspension(kind, start)
        .ok_or(SuspensionRefused::NoRule)?;
    if from.is_none_or(|f| start < f) {
        return Err(SuspensionRefused::BeforeAcceptance);
    }
    Ok(rule)
}

/// The spans the log records up to `until` (every event when `None`): `[start, stop)` each, a
/// second `suspended` while one is open being part of it, and the start of the one still open.
fn spans(
    case: &Case,
    until: Option<NaiveDate>,
) -> (Vec<(NaiveDate, NaiveDate)>, Option<NaiveDate>) {
    let mut spans = Vec::new();
    let mut open: Option<NaiveDate> = None;
    for e in case
        .events
        .iter()
        .filter(|e| until.is_none_or(|u| e.on <= u))
    {
        match e.kind {
            GrievanceEventKind::Suspended if open.is_none() => open = Some(e.on),
            GrievanceEventKind::Resumed => spans.extend(open.take().map(|s| (s, e.on))),
            _ => {}
        }
    }
    (spans, open)
}

/// The lawful suspensions of a resolution running from `from` (an open one runs to the case's
/// last event), and why the others, if any, stop nothing (each reason once).
pub fn stops(
    data: &GrievanceData,
    case: &Case,
    from: Option<NaiveDate>,
) -> (Stops, Vec<SuspensionRefused>) {
    let last = case.events.last().map_or(case.received, |e| e.on);
    let (mut spans, open) = spans(case, None);
    spans.extend(open.map(|s| (s, last)));
    let mut stops = Stops::default();
    let mut refused = Vec::new();
    for (start, stop) in spans {
        match rule(data, case.kind, start, from) {
            Ok(rule) => {
                stops.provisional |= rule.confidence.provisional();
                stops.spans.push((start, stop));
            }
            Err(why) if !refused.contains(&why) => refused.push(why),
            Err(_) => {}
        }
    }
    (stops, refused)
}

/// Whether the case stands suspended on `as_of`: a suspension is open then, and it stops the
/// clock of the resolution running from `from`.
pub fn suspended_on(
    data: &GrievanceData,
    case: &Case,
    as_of: NaiveDate,
    from: Option<NaiveDate>,
) -> bool {
    spans(case, Some(as_of))
        .1
        .is_some_and(|start| rule(data, case.kind, start, from).is_ok())
}

/// The lawful suspensions of a resolution, `[start, stop)` each, and whether a rule allowing
/// one rests on a secondary source.
#[derive(Default)]
pub struct Stops {
    spans: Vec<(NaiveDate, NaiveDate)>,
    /// A rule used rests on a secondary or recalled source.
    pub provisional: bool,
}

impl Stops {
    /// Calendar days suspended in all.
    pub fn days(&self) -> u32 {
        self.before(NaiveDate::MAX)
    }

    /// Calendar days suspended before `d`.
    pub fn before(&self, d: NaiveDate) -> u32 {
        let n: i64 = self
            .spans
            .iter()
            .map(|&(start, stop)| (stop.min(d) - start).num_days().max(0))
            .sum();
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}
