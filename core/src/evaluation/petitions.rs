//! TT 01/2018/TT-VPCP indicator 8 (Art. 13(8), "tiếp nhận, xử lý phản ánh, kiến nghị") from a
//! unit's grievance log instead of the counts typed in `unit_facts`.
use super::{Evaluation, UnitFactsInput, UnitScores};
use crate::grievance::GrievanceLogSummary;

/// Indicator 8's counts from the log, over the kinds the convention names
/// (`indicator8_kinds`): the cases handled are those closed in the period and those open past
/// their deadline at its end; on time, those closed with every deadline of the unit met;
/// protracted, those open past their deadline. A case still open in time counts in the period
/// it closes.
pub fn facts_from_log(
    rules: &Evaluation,
    facts: Option<&UnitFactsInput>,
    log: &GrievanceLogSummary,
) -> UnitFactsInput {
    let (mut total, mut on_time, mut protracted) = (0u32, 0u32, 0u32);
    for kind in &rules.conventions.indicator8_kinds {
        if let Some(c) = log.of(*kind) {
            let closed = c.closed_on_time.saturating_add(c.closed_late);
            total = total.saturating_add(closed).saturating_add(c.overdue);
            on_time = on_time.saturating_add(c.closed_on_time);
            protracted = protracted.saturating_add(c.overdue);
        }
    }
    let mut out = facts.cloned().unwrap_or_default();
    out.feedback_total = Some(total);
    out.feedback_on_time = Some(on_time);
    out.feedback_protracted = Some(protracted);
    out
}

/// Says in indicator 8's reason that its counts come from the log.
pub fn mark_from_log(scores: &mut UnitScores) {
    for i in scores.indicators.iter_mut().filter(|i| i.number == 8) {
        if let Some(r) = i.reason_vi.as_mut() {
            r.insert_str(
                0,
                "Theo sổ theo dõi khiếu nại, tố cáo, kiến nghị, phản ánh: ",
            );
        }
    }
}
