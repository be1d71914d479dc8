//! The sentences of a computation's trace, each with the rule it applies.
use chrono::{NaiveDate, NaiveDateTime};

use super::time_words;
use crate::deadline::catalog::{Convention, ProcessingTime, Regime, TimeUnit};
use crate::deadline::conventions::{ApologyLead, Early, JudgeBy};
use crate::deadline::model::{Status, Step, StepCode};
use crate::text::{words_en, words_vi};
use crate::time::{format_datetime, format_dmy as dmy};

// ---- The trace ----

/// The explanation, built only when asked so that computing without it stays cheap.
pub(in crate::deadline) struct Trace {
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
pub(in crate::deadline) fn regime(receipt: NaiveDate, regime: &Regime) -> (String, String) {
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
pub(in crate::deadline) fn start(
    restart: bool,
    at: NaiveDateTime,
    start: NaiveDateTime,
) -> (String, String) {
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
pub(in crate::deadline) fn due(
    time: ProcessingTime,
    c: Convention,
    due: NaiveDateTime,
) -> (String, String) {
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

/// The clock stopping: for a supplement whose complete dossier restarts the period
/// (`Stop::Waiting`), for one that only stops it (`Stop::Supplement`, the procedure's `supplement =
/// "pause"`) or for a pause; with the event's `reason` when it gives one.
pub(in crate::deadline) fn stopped(stop: Stop, reason: &str, t: NaiveDateTime) -> (String, String) {
    let then = match stop {
        Stop::Pause => None,
        Stop::Waiting => Some((
            "thời hạn dừng và sẽ tính lại từ đầu khi nhận đủ hồ sơ",
            "the clock stops and restarts from zero on the complete dossier",
        )),
        Stop::Supplement => Some((
            "thời hạn tạm dừng đến khi nhận hồ sơ bổ sung rồi tính tiếp, theo quy định của thủ tục",
            "the clock stops until the supplement arrives and then runs on, by the procedure's rule",
        )),
    };
    let head = match then {
        Some(_) => ("Yêu cầu bổ sung hồ sơ", "Supplement requested"),
        None => ("Tạm dừng tính thời hạn", "Clock paused"),
    };
    let bracket = match (then.is_some(), reason) {
        (false, "") => String::new(),
        (false, r) => format!(" ({r})"),
        (true, "") => " (Mẫu 02)".to_owned(),
        (true, r) => format!(" (Mẫu 02; {r})"),
    };
    let (then_vi, then_en) = then.map_or((String::new(), String::new()), |(vi, en)| {
        (format!(": {vi}"), format!(": {en}"))
    });
    (
        format!("{}{bracket} lúc {}{then_vi}.", head.0, words_vi(t)),
        format!("{}{bracket} at {}{then_en}.", head.1, words_en(t)),
    )
}

/// What stops the clock, for its explanation.
#[derive(Clone, Copy)]
pub(in crate::deadline) enum Stop {
    /// A supplement request; the complete dossier restarts the period (NĐ 61/2018 Art. 19(4)).
    Waiting,
    /// A supplement request the procedure only pauses the clock for.
    Supplement,
    /// A pause.
    Pause,
}

/// A re-appointment lapsing because the period restarts.
pub(in crate::deadline) fn reappointment_void() -> (String, String) {
    (
        "Lần hẹn lại trước đó không còn tác dụng vì thời hạn tính lại từ đầu.".to_owned(),
        "The earlier re-appointment lapses: the period restarts from zero.".to_owned(),
    )
}

/// The clock running again, on a supplement's return (`returned`) or a resumption, the due time
/// moved.
pub(in crate::deadline) fn resume(
    returned: bool,
    t: NaiveDateTime,
    before: NaiveDateTime,
    due: NaiveDateTime,
) -> (String, String) {
    let (vi, en) = if returned {
        (
            "Nhận hồ sơ bổ sung; tiếp tục",
            "Supplement received; the clock resumes",
        )
    } else {
        ("Tiếp tục", "Clock resumes")
    };
    (
        format!(
            "{vi} tính thời hạn lúc {}; hạn giải quyết {} → {}.",
            words_vi(t),
            words_vi(before),
            words_vi(due)
        ),
        format!(
            "{en} at {}; due time {} → {}.",
            words_en(t),
            words_en(before),
            words_en(due)
        ),
    )
}

/// A second re-appointment refused.
pub(in crate::deadline) fn reappointment_refused() -> (String, String) {
    (
        "Hẹn lại lần thứ hai không được chấp nhận; hạn giải quyết giữ nguyên.".to_owned(),
        "The second re-appointment is not accepted; the due time stands.".to_owned(),
    )
}

/// The re-appointment, sent in time or not.
pub(in crate::deadline) fn reappointment(
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
pub(in crate::deadline) fn lawful_extension(
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
pub(in crate::deadline) fn result(
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
pub(in crate::deadline) fn apology_deadline(
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
            "counted from the next day, ending at the close of office on the last day"
        }
    }
}
