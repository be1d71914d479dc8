//! Every sentence the deadline rules write: the trace of a computation and the violations of an
//! event log, in Vietnamese and English, each with the rule it applies. This is the file a lawyer
//! reviews; the state machine ([`super::fold`]) only says which sentence applies and when.
//! Sources come from the data (`procedures.toml`'s regimes) wherever the law differs by date; the
//! three written here are the structural checks of every log.
use chrono::{NaiveDate, NaiveDateTime};

use super::catalog::{Convention, ProcessingTime, Regime, TimeUnit};
use super::conventions::{ApologyLead, Early, JudgeBy};
use super::model::{EventKind, Status, Step, StepCode, Violation, ViolationCode};
use crate::error::Error;
use crate::text::{amount_text, words_en, words_vi};
use crate::time::{format_datetime, format_dmy as dmy};

/// Source of the receipt rules every log is checked against.
const RECEIPT_SOURCE: &str = "NĐ 61/2018 Điều 17";
/// Source of "nothing before the receipt".
const BEFORE_RECEIPT_SOURCE: &str = "NĐ 61/2018 Điều 17, 20";
/// The convention that a log is in time order.
const ORDER_SOURCE: &str = "Quy ước DOMAIN §10.5 (nhật ký theo thứ tự thời gian)";

fn violation(
    code: ViolationCode,
    i: Option<usize>,
    source: &str,
    vi: String,
    en: String,
) -> Violation {
    Violation {
        code,
        event_index: i,
        text_vi: vi,
        text_en: en,
        source: source.to_owned(),
    }
}

/// A processing time in words, Vietnamese and English (`3 ngày làm việc`, `3 working days`).
pub fn time_words(t: ProcessingTime) -> (String, String) {
    let n = amount_text(t.amount);
    match t.unit {
        TimeUnit::WorkingDays => (format!("{n} ngày làm việc"), format!("{n} working days")),
        TimeUnit::WorkingHours => (format!("{n} giờ làm việc"), format!("{n} working hours")),
        TimeUnit::CalendarDays => (format!("{n} ngày"), format!("{n} calendar days")),
        TimeUnit::SameDay => ("trong ngày".to_owned(), "the same day".to_owned()),
    }
}

// ---- Violations ----

impl Violation {
    /// A log without `received`: the error's own sentence.
    pub fn missing_received(e: Error) -> Violation {
        violation(
            ViolationCode::MissingReceived,
            None,
            RECEIPT_SOURCE,
            e.message_vi,
            e.message_en,
        )
    }

    /// An event before the receipt (a result there is its own code).
    pub fn before_receipt(i: usize, result: bool, e: Error) -> Violation {
        let code = if result {
            ViolationCode::ResultBeforeReceipt
        } else {
            ViolationCode::EventBeforeReceived
        };
        violation(
            code,
            Some(i),
            BEFORE_RECEIPT_SOURCE,
            e.message_vi,
            e.message_en,
        )
    }

    /// An event earlier than the one before it.
    pub fn out_of_order(i: usize, e: Error) -> Violation {
        violation(
            ViolationCode::EventsOutOfOrder,
            Some(i),
            ORDER_SOURCE,
            e.message_vi,
            e.message_en,
        )
    }

    pub(super) fn after_closure(i: usize, src: &str, kind: EventKind, closed: EventKind) -> Self {
        let (k, c) = (kind.as_str(), closed.as_str());
        violation(
            ViolationCode::EventAfterClosure,
            Some(i),
            src,
            format!("Sự kiện '{k}' sau khi hồ sơ đã kết thúc ({c}); bỏ qua"),
            format!("Event '{k}' after the dossier was closed ({c}); ignored"),
        )
    }

    pub(super) fn duplicate_received(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::DuplicateReceived,
            Some(i),
            src,
            "Hồ sơ được tiếp nhận lần thứ hai; bỏ qua".to_owned(),
            "The dossier is received a second time; ignored".to_owned(),
        )
    }

    pub(super) fn after_result(i: usize, src: &str, kind: EventKind) -> Self {
        let k = kind.as_str();
        violation(
            ViolationCode::EventAfterResult,
            Some(i),
            src,
            format!("Sự kiện '{k}' sau khi đã có kết quả; bỏ qua"),
            format!("Event '{k}' after the result was ready; ignored"),
        )
    }

    pub(super) fn second_supplement_request(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::SecondSupplementRequest,
            Some(i),
            src,
            "Yêu cầu bổ sung hồ sơ lần thứ hai: chỉ được hướng dẫn bổ sung một lần".to_owned(),
            "A second supplement request: the citizen must be guided to supplement once".to_owned(),
        )
    }

    pub(super) fn supplement_request_late(i: usize, src: &str, limit: i64) -> Self {
        violation(
            ViolationCode::SupplementRequestLate,
            Some(i),
            src,
            format!("Yêu cầu bổ sung gửi sau {limit} ngày làm việc kể từ khi tiếp nhận"),
            format!("Supplement request sent more than {limit} working days after receipt"),
        )
    }

    pub(super) fn pause_not_allowed(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::PauseNotAllowed,
            Some(i),
            src,
            "Thủ tục này không dừng thời hạn khi chờ nộp phí; không tính tạm dừng".to_owned(),
            "This procedure's clock does not stop while waiting for fees; pause not counted"
                .to_owned(),
        )
    }

    pub(super) fn supplement_request_after_due(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::SupplementRequestAfterDue,
            Some(i),
            src,
            "Yêu cầu bổ sung sau khi đã hết thời hạn giải quyết".to_owned(),
            "Supplement requested after the processing period ended".to_owned(),
        )
    }

    pub(super) fn pause_after_due(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::PauseAfterDue,
            Some(i),
            src,
            "Tạm dừng sau khi đã quá hạn: không làm thay đổi thời hạn".to_owned(),
            "Pause after the due time: it does not move the due time".to_owned(),
        )
    }

    pub(super) fn already_stopped(i: usize, src: &str, kind: EventKind) -> Self {
        let k = kind.as_str();
        violation(
            ViolationCode::AlreadyStopped,
            Some(i),
            src,
            format!("Sự kiện '{k}' khi thời hạn đã dừng; bỏ qua"),
            format!("Event '{k}' while the clock is already stopped; ignored"),
        )
    }

    /// A supplement or a resumption with nothing to end.
    pub(super) fn unmatched(i: usize, src: &str, kind: EventKind) -> Self {
        let code = if kind == EventKind::SupplementReceived {
            ViolationCode::SupplementReceivedWithoutRequest
        } else {
            ViolationCode::ResumeWithoutPause
        };
        let k = kind.as_str();
        violation(
            code,
            Some(i),
            src,
            format!("Sự kiện '{k}' khi không có yêu cầu bổ sung hoặc tạm dừng tương ứng; bỏ qua"),
            format!("Event '{k}' without a matching supplement request or pause; ignored"),
        )
    }

    pub(super) fn second_reappointment(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::SecondReappointment,
            Some(i),
            src,
            "Hẹn lại lần thứ hai: chỉ được hẹn lại một lần; không chấp nhận".to_owned(),
            "A second re-appointment: only one is allowed; not accepted".to_owned(),
        )
    }

    pub(super) fn reappointment_not_later(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::ReappointmentNotLater,
            Some(i),
            src,
            "Thời hạn hẹn lại không muộn hơn thời hạn hiện tại; bỏ qua".to_owned(),
            "The re-appointed time is not later than the current due time; ignored".to_owned(),
        )
    }

    pub(super) fn reappointment_late(
        i: usize,
        src: &str,
        t: NaiveDateTime,
        deadline: NaiveDateTime,
    ) -> Self {
        violation(
            ViolationCode::ReappointmentAfterApologyDeadline,
            Some(i),
            src,
            format!(
                "Phiếu xin lỗi và hẹn lại gửi lúc {}, sau hạn {}",
                words_vi(t),
                words_vi(deadline)
            ),
            format!(
                "Apology and re-appointment sent at {}, after the deadline {}",
                words_en(t),
                words_en(deadline)
            ),
        )
    }

    pub(super) fn refusal_late(i: usize, src: &str, t: NaiveDateTime, due: NaiveDateTime) -> Self {
        violation(
            ViolationCode::RefusalAfterProcessingPeriod,
            Some(i),
            src,
            format!(
                "Từ chối lúc {}, sau thời hạn giải quyết {}",
                words_vi(t),
                words_vi(due)
            ),
            format!(
                "Refused at {}, after the processing period ended at {}",
                words_en(t),
                words_en(due)
            ),
        )
    }

    /// A lawful extension the log cannot apply (`code`: none allowed, a second one, after the
    /// due time, or longer than allowed, up to `max`); ignored, or cut to `max`.
    pub(super) fn lawful_extension(
        i: usize,
        code: ViolationCode,
        src: &str,
        max: NaiveDateTime,
    ) -> Self {
        let (vi, en) = match code {
            ViolationCode::NoLawfulExtension => (
                "Luật của thủ tục này không cho kéo dài thời hạn; bỏ qua".to_owned(),
                "The procedure's law allows no extension; ignored".to_owned(),
            ),
            ViolationCode::SecondLawfulExtension => (
                "Kéo dài thời hạn lần thứ hai; bỏ qua".to_owned(),
                "A second lawful extension; ignored".to_owned(),
            ),
            ViolationCode::LawfulExtensionAfterDue => (
                "Kéo dài thời hạn sau khi đã hết hạn; bỏ qua".to_owned(),
                "A lawful extension after the due time; ignored".to_owned(),
            ),
            _ => (
                format!("Kéo dài quá mức luật cho phép; tính đến {}", words_vi(max)),
                format!("Longer than the law allows; counted to {}", words_en(max)),
            ),
        };
        violation(code, Some(i), src, vi, en)
    }
}

// ---- The trace ----

/// The explanation, built only when asked so that computing without it stays cheap.
pub(super) struct Trace {
    pub on: bool,
    pub steps: Vec<Step>,
}

impl Trace {
    /// Records a step; `text` runs only when the trace is on.
    pub fn push(
        &mut self,
        step: StepCode,
        at: Option<NaiveDateTime>,
        source: &str,
        text: impl FnOnce() -> (String, String),
    ) {
        if self.on {
            let (text_vi, text_en) = text();
            self.steps.push(Step {
                step,
                at: at.map(format_datetime),
                source: source.to_owned(),
                text_vi,
                text_en,
            });
        }
    }
}

/// The rules in force on the receipt date.
pub(super) fn regime(receipt: NaiveDate, regime: &Regime) -> (String, String) {
    (
        format!(
            "Áp dụng quy định đang có hiệu lực vào ngày tiếp nhận {}: {}",
            dmy(receipt),
            regime.name_vi
        ),
        format!(
            "The rules in force on the receipt date {} apply: {}",
            dmy(receipt),
            regime.name_en
        ),
    )
}

/// Receipt (or the complete dossier after a supplement) at `at`, the clock from `start`.
pub(super) fn start(restart: bool, at: NaiveDateTime, start: NaiveDateTime) -> (String, String) {
    let (what_vi, what_en) = if restart {
        (
            "Nhận đủ hồ sơ bổ sung; thời hạn tính lại từ đầu",
            "Complete dossier received; the period restarts from zero",
        )
    } else {
        ("Tiếp nhận hồ sơ", "Dossier received")
    };
    let moved = start != at;
    (
        format!(
            "{what_vi} lúc {}{}.",
            words_vi(at),
            if moved {
                format!("; ngoài giờ làm việc nên tính từ {}", words_vi(start))
            } else {
                String::new()
            }
        ),
        format!(
            "{what_en} at {}{}.",
            words_en(at),
            if moved {
                format!(
                    "; outside office hours, so counted from {}",
                    words_en(start)
                )
            } else {
                String::new()
            }
        ),
    )
}

/// The due time of a period.
pub(super) fn due(time: ProcessingTime, c: Convention, due: NaiveDateTime) -> (String, String) {
    let (tv, te) = time_words(time);
    (
        format!(
            "Thời hạn giải quyết {tv} ({}): hẹn trả kết quả lúc {}.",
            convention_vi(c, time.unit),
            words_vi(due)
        ),
        format!(
            "Processing time {te} ({}): result due at {}.",
            convention_en(c, time.unit),
            words_en(due)
        ),
    )
}

/// The clock stopping for a supplement (`waiting`) or a pause, for `reason`.
pub(super) fn stopped(waiting: bool, reason: &str, t: NaiveDateTime) -> (String, String) {
    let (vi, en) = if waiting {
        (
            "Yêu cầu bổ sung hồ sơ (Mẫu 02): thời hạn dừng và sẽ tính lại từ đầu khi nhận đủ",
            "Supplement requested (Mẫu 02): the clock stops and restarts from zero on the complete dossier",
        )
    } else {
        ("Tạm dừng tính thời hạn", "Clock paused")
    };
    (
        format!("{vi} ({reason}) lúc {}.", words_vi(t)),
        format!("{en} ({reason}) at {}.", words_en(t)),
    )
}

/// A re-appointment lapsing because the period restarts.
pub(super) fn reappointment_void() -> (String, String) {
    (
        "Lần hẹn lại trước đó không còn tác dụng vì thời hạn tính lại từ đầu.".to_owned(),
        "The earlier re-appointment lapses: the period restarts from zero.".to_owned(),
    )
}

/// The clock running again, the due time moved.
pub(super) fn resume(
    t: NaiveDateTime,
    before: NaiveDateTime,
    due: NaiveDateTime,
) -> (String, String) {
    (
        format!(
            "Tiếp tục tính thời hạn lúc {}; hạn giải quyết {} → {}.",
            words_vi(t),
            words_vi(before),
            words_vi(due)
        ),
        format!(
            "Clock resumes at {}; due time {} → {}.",
            words_en(t),
            words_en(before),
            words_en(due)
        ),
    )
}

/// A second re-appointment refused.
pub(super) fn reappointment_refused() -> (String, String) {
    (
        "Hẹn lại lần thứ hai không được chấp nhận; hạn giải quyết giữ nguyên.".to_owned(),
        "The second re-appointment is not accepted; the due time stands.".to_owned(),
    )
}

/// The re-appointment, sent in time or not.
pub(super) fn reappointment(
    form: &str,
    previous: NaiveDateTime,
    new_due: NaiveDateTime,
    in_time: bool,
) -> (String, String) {
    (
        format!(
            "Hẹn lại ngày trả kết quả ({form}): {} → {}; {}.",
            words_vi(previous),
            words_vi(new_due),
            if in_time {
                "gửi đúng hạn (trước 1 ngày làm việc)"
            } else {
                "gửi muộn hơn hạn xin lỗi"
            }
        ),
        format!(
            "Re-appointment ({form}): {} → {}; {}.",
            words_en(previous),
            words_en(new_due),
            if in_time {
                "sent in time (1 working day before)"
            } else {
                "sent after the apology deadline"
            }
        ),
    )
}

/// A lawful extension (`when`: the case the law names): the due time moves with no apology.
pub(super) fn lawful_extension(
    when: (&str, &str),
    previous: NaiveDateTime,
    new_due: NaiveDateTime,
) -> (String, String) {
    (
        format!(
            "Kéo dài thời hạn theo luật ({}): {} → {}; không phải trễ hạn, không xin lỗi.",
            when.0,
            words_vi(previous),
            words_vi(new_due)
        ),
        format!(
            "Extension the law allows ({}): {} → {}; not a delay, no apology.",
            when.1,
            words_en(previous),
            words_en(new_due)
        ),
    )
}

/// The result judged against `due`, naming the conventions used: what the time is (`judge_by`),
/// what early means, and DOMAIN §10.7's convention when it applied.
pub(super) fn result(
    status: Status,
    at: NaiveDateTime,
    due: NaiveDateTime,
    (by, early, late_by_convention): (JudgeBy, Early, bool),
) -> (String, String) {
    let (vi, en) = match status {
        Status::CompletedEarly => ("trước hạn (2 điểm)", "early (2 points)"),
        Status::CompletedOnTime => ("đúng hạn (1 điểm)", "on time (1 point)"),
        _ => ("quá hạn (0 điểm)", "late (0 points)"),
    };
    let (due_vi, due_en) = match by {
        JudgeBy::Statutory => ("thời hạn pháp luật cho phép", "the time the law allows"),
        JudgeBy::Commitment => ("thời hạn xã cam kết", "the commune's commitment"),
    };
    let (early_vi, early_en) = match early {
        Early::EarlierDay => (
            "trước hạn: ngày làm việc sớm hơn",
            "early: an earlier working day",
        ),
        Early::BeforeDueTime => ("trước hạn: trước giờ hạn", "early: before the due time"),
    };
    let (conv_vi, conv_en) = if late_by_convention {
        (
            " Hồ sơ đã hẹn lại do lỗi cơ quan được tính là quá hạn (quy ước DOMAIN §10.7).",
            " A dossier re-appointed through the agency's fault counts as late (DOMAIN §10.7).",
        )
    } else {
        ("", "")
    };
    (
        format!(
            "Có kết quả lúc {}: {vi} so với hạn {} ({due_vi}; quy ước judge_by, early: {early_vi}).{conv_vi}",
            words_vi(at),
            words_vi(due),
        ),
        format!(
            "Result at {}: {en} against the due time {} ({due_en}; conventions judge_by, early: {early_en}).{conv_en}",
            words_en(at),
            words_en(due),
        ),
    )
}

/// When the apology is due if the dossier will be late.
pub(super) fn apology_deadline(
    form: &str,
    by: NaiveDateTime,
    lead: ApologyLead,
) -> (String, String) {
    let (vi, en) = match lead {
        ApologyLead::SameClockTime => ("cùng giờ", "the same clock time"),
        ApologyLead::PreviousDayClose => ("hết giờ làm việc", "the close"),
    };
    (
        format!(
            "Nếu trễ hạn do lỗi cơ quan, phải gửi {form} trước {} (1 ngày làm việc trước hạn, {vi}; quy ước apology_lead).",
            words_vi(by)
        ),
        format!(
            "If late through the agency's fault, the apology ({form}) must go out by {} (1 working day before the due time, {en}; convention apology_lead).",
            words_en(by)
        ),
    )
}

fn convention_vi(c: Convention, u: TimeUnit) -> &'static str {
    match (u, c) {
        (TimeUnit::SameDay, _) => "nhận sau giờ chốt thì trả ngày làm việc tiếp theo",
        (TimeUnit::CalendarDays, _) => {
            "ngày cuối không phải ngày làm việc thì lùi sang ngày làm việc tiếp theo"
        }
        (TimeUnit::WorkingHours, _) | (_, Convention::WorkingHours) => {
            "chỉ tính trong giờ làm việc"
        }
        (_, Convention::CivilCode) => {
            "tính từ ngày hôm sau, hết hạn khi hết giờ làm việc ngày cuối"
        }
    }
}

fn convention_en(c: Convention, u: TimeUnit) -> &'static str {
    match (u, c) {
        (TimeUnit::SameDay, _) => "received after the cut-off: the next working day",
        (TimeUnit::CalendarDays, _) => "a last day that is not a working day moves to the next one",
        (TimeUnit::WorkingHours, _) | (_, Convention::WorkingHours) => {
            "counted in office hours only"
        }
        (_, Convention::CivilCode) => {
            "counted from the next day, ending at the close of the last day"
        }
    }
}
