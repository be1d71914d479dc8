//! The words of `grievance.compute`: trace lines and violations, in Vietnamese and English.
use chrono::NaiveDate;

use super::compute::{GrievanceStep, GrievanceViolation, TraceLine};
use super::suspension::SuspensionRefused;
use super::{Complexity, DayType, Period};
use crate::time::format_dmy;

fn step_words(s: GrievanceStep) -> (&'static str, &'static str) {
    match s {
        GrievanceStep::Limitation => ("Thời hiệu khiếu nại", "Limitation period"),
        GrievanceStep::Acceptance => ("Thụ lý", "Acceptance"),
        GrievanceStep::Transfer => ("Chuyển đơn", "Transfer"),
        GrievanceStep::NotifyAcceptance => ("Thông báo thụ lý", "Notice of acceptance"),
        GrievanceStep::Resolution => ("Giải quyết", "Resolution"),
        GrievanceStep::SendDecision => ("Gửi quyết định, kết luận", "Sending the decision"),
    }
}

fn unit_words(t: DayType) -> (&'static str, &'static str) {
    match t {
        DayType::Calendar => ("ngày", "days"),
        DayType::Working => ("ngày làm việc", "working days"),
    }
}

/// How a step's deadline was reached.
pub fn trace(
    p: &Period,
    from: Option<NaiveDate>,
    (days, added): (Option<u32>, u32),
    due: Option<NaiveDate>,
    adjusted: &[String],
) -> TraceLine {
    let (sv, se) = step_words(p.step);
    let (uv, ue) = unit_words(p.day_type);
    let notes = if adjusted.is_empty() {
        String::new()
    } else {
        format!(" [{}]", adjusted.join(", "))
    };
    let (plus_vi, plus_en) = if added > 0 {
        (format!(" (+{added} {uv})"), format!(" (+{added} {ue})"))
    } else {
        (String::new(), String::new())
    };
    let (text_vi, text_en) = match (from, days, due) {
        (Some(f), Some(n), Some(d)) => (
            format!(
                "{sv}: {n} {uv}{plus_vi} kể từ {}: hạn cuối {}{notes}",
                format_dmy(f),
                format_dmy(d)
            ),
            format!(
                "{se}: {n} {ue}{plus_en} from {}: last day {}{notes}",
                format_dmy(f),
                format_dmy(d)
            ),
        ),
        (_, None, _) => (
            format!("{sv}: pháp luật không quy định thời hạn; đơn vị có thể đặt trong bộ quy tắc"),
            format!("{se}: the law sets no period; a unit may set one in its ruleset"),
        ),
        _ => (
            format!(
                "{sv}: {} {uv}, chưa bắt đầu (chưa có sự kiện tính thời hạn)",
                days.unwrap_or(0)
            ),
            format!(
                "{se}: {} {ue}, not started (its event has not happened)",
                days.unwrap_or(0)
            ),
        ),
    };
    TraceLine {
        step: p.step,
        text_vi,
        text_en,
        source: p.source.clone(),
    }
}

/// A step done after its last day (for the limitation, the complaint filed after it).
pub fn late(step: GrievanceStep, source: &str) -> GrievanceViolation {
    let (sv, se) = step_words(step);
    let (code, vi, en) = match step {
        GrievanceStep::Limitation => (
            "limitation_passed".to_owned(),
            "Đơn nộp sau khi hết thời hiệu: không được thụ lý nếu không có lý do chính đáng (Luật Khiếu nại Điều 11(6))".to_owned(),
            "Filed after the limitation period: not accepted unless there is a legitimate reason (Law on Complaints Art. 11(6))".to_owned(),
        ),
        _ => (
            format!("{}_late", step_code(step)),
            format!("{sv} quá hạn"),
            format!("{se} after its last day"),
        ),
    };
    GrievanceViolation {
        code,
        step,
        text_vi: vi,
        text_en: en,
        source: source.to_owned(),
    }
}

fn step_code(s: GrievanceStep) -> &'static str {
    match s {
        GrievanceStep::Limitation => "limitation",
        GrievanceStep::Acceptance => "acceptance",
        GrievanceStep::Transfer => "transfer",
        GrievanceStep::NotifyAcceptance => "notify_acceptance",
        GrievanceStep::Resolution => "resolution",
        GrievanceStep::SendDecision => "send_decision",
    }
}

/// An extension the law does not allow here (`code`), which moves nothing.
pub fn extension(code: &str, p: &Period, c: Complexity, allowed: u8) -> GrievanceViolation {
    let level = match c {
        Complexity::Normal => ("không phức tạp", "not complex"),
        Complexity::Complex => ("phức tạp", "complex"),
        Complexity::EspeciallyComplex => ("đặc biệt phức tạp", "especially complex"),
    };
    let (vi, en) = match code {
        "extension_after_due" => (
            "Gia hạn sau khi đã hết thời hạn giải quyết: không được tính".to_owned(),
            "Extension decided after the resolution period ended: not counted".to_owned(),
        ),
        _ => (
            format!(
                "Vụ việc {} được gia hạn tối đa {allowed} lần: lần gia hạn này không được tính",
                level.0
            ),
            format!(
                "A {} case may be extended at most {allowed} time(s): this extension is not counted",
                level.1
            ),
        ),
    };
    GrievanceViolation {
        code: code.to_owned(),
        step: GrievanceStep::Resolution,
        text_vi: vi,
        text_en: en,
        source: p.source.clone(),
    }
}

/// A suspension the law does not let stop the clock: the period runs on.
pub fn suspension_refused(why: SuspensionRefused, p: &Period) -> GrievanceViolation {
    let (code, vi, en) = match why {
        SuspensionRefused::NoRule => (
            "suspension_not_allowed",
            "Pháp luật áp dụng cho vụ việc không quy định tạm đình chỉ: thời hạn vẫn tính",
            "The law governing the case provides no suspension: the period runs on",
        ),
        SuspensionRefused::BeforeAcceptance => (
            "suspension_before_acceptance",
            "Tạm đình chỉ trước khi thụ lý: việc tạm đình chỉ áp dụng cho việc giải quyết vụ việc \
             đã thụ lý, thời hạn giải quyết tính từ ngày thụ lý và vẫn tính",
            "Suspended before the case was accepted: a suspension applies to the resolution of \
             an accepted case, whose period runs from acceptance and runs on",
        ),
    };
    GrievanceViolation {
        code: code.to_owned(),
        step: GrievanceStep::Resolution,
        text_vi: vi.to_owned(),
        text_en: en.to_owned(),
        source: p.source.clone(),
    }
}
