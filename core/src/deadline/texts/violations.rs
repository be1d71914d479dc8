//! The sentences of the violations an event log can break, each with the rule it applies.
use chrono::NaiveDateTime;

use super::violation;
use crate::deadline::model::{EventKind, Violation, ViolationCode};
use crate::error::Error;
use crate::text::{words_en, words_vi};

// ---- Violations ----

impl Violation {
    /// A log without `received`: the error's own sentence.
    pub fn missing_received(e: Error, src: &str) -> Violation {
        violation(
            ViolationCode::MissingReceived,
            None,
            src,
            e.message_vi,
            e.message_en,
        )
    }

    /// An event before the receipt (a result there is its own code).
    pub fn before_receipt(i: usize, result: bool, e: Error, src: &str) -> Violation {
        let code = if result {
            ViolationCode::ResultBeforeReceipt
        } else {
            ViolationCode::EventBeforeReceived
        };
        violation(code, Some(i), src, e.message_vi, e.message_en)
    }

    /// An event earlier than the one before it.
    pub fn out_of_order(i: usize, e: Error, src: &str) -> Violation {
        violation(
            ViolationCode::EventsOutOfOrder,
            Some(i),
            src,
            e.message_vi,
            e.message_en,
        )
    }

    pub(in crate::deadline) fn after_closure(
        i: usize,
        src: &str,
        kind: EventKind,
        closed: EventKind,
    ) -> Self {
        let (k, c) = (kind.as_str(), closed.as_str());
        violation(
            ViolationCode::EventAfterClosure,
            Some(i),
            src,
            format!("Sự kiện '{k}' sau khi hồ sơ đã kết thúc ({c}); bỏ qua"),
            format!("Event '{k}' after the dossier was closed ({c}); ignored"),
        )
    }

    pub(in crate::deadline) fn duplicate_received(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::DuplicateReceived,
            Some(i),
            src,
            "Hồ sơ được tiếp nhận lần thứ hai; bỏ qua".to_owned(),
            "The dossier is received a second time; ignored".to_owned(),
        )
    }

    pub(in crate::deadline) fn after_result(i: usize, src: &str, kind: EventKind) -> Self {
        let k = kind.as_str();
        violation(
            ViolationCode::EventAfterResult,
            Some(i),
            src,
            format!("Sự kiện '{k}' sau khi đã có kết quả; bỏ qua"),
            format!("Event '{k}' after the result was ready; ignored"),
        )
    }

    pub(in crate::deadline) fn second_supplement_request(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::SecondSupplementRequest,
            Some(i),
            src,
            "Yêu cầu bổ sung hồ sơ lần thứ hai: chỉ được hướng dẫn bổ sung một lần".to_owned(),
            "A second supplement request: the citizen must be guided to supplement once".to_owned(),
        )
    }

    pub(in crate::deadline) fn supplement_request_late(i: usize, src: &str, limit: i64) -> Self {
        violation(
            ViolationCode::SupplementRequestLate,
            Some(i),
            src,
            format!("Yêu cầu bổ sung gửi sau {limit} ngày làm việc kể từ khi tiếp nhận"),
            format!("Supplement request sent more than {limit} working days after receipt"),
        )
    }

    pub(in crate::deadline) fn pause_not_allowed(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::PauseNotAllowed,
            Some(i),
            src,
            "Thủ tục này không dừng thời hạn khi chờ nộp phí; không tính tạm dừng".to_owned(),
            "This procedure's clock does not stop while waiting for fees; pause not counted"
                .to_owned(),
        )
    }

    pub(in crate::deadline) fn supplement_request_after_due(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::SupplementRequestAfterDue,
            Some(i),
            src,
            "Yêu cầu bổ sung sau khi đã hết thời hạn giải quyết".to_owned(),
            "Supplement requested after the processing period ended".to_owned(),
        )
    }

    pub(in crate::deadline) fn pause_after_due(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::PauseAfterDue,
            Some(i),
            src,
            "Tạm dừng sau khi đã quá hạn: không làm thay đổi thời hạn".to_owned(),
            "Pause after the due time: it does not move the due time".to_owned(),
        )
    }

    pub(in crate::deadline) fn already_stopped(i: usize, src: &str, kind: EventKind) -> Self {
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
    pub(in crate::deadline) fn unmatched(i: usize, src: &str, kind: EventKind) -> Self {
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

    pub(in crate::deadline) fn second_reappointment(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::SecondReappointment,
            Some(i),
            src,
            "Hẹn lại lần thứ hai: chỉ được hẹn lại một lần; không chấp nhận".to_owned(),
            "A second re-appointment: only one is allowed; not accepted".to_owned(),
        )
    }

    pub(in crate::deadline) fn reappointment_not_later(i: usize, src: &str) -> Self {
        violation(
            ViolationCode::ReappointmentNotLater,
            Some(i),
            src,
            "Thời hạn hẹn lại không muộn hơn thời hạn hiện tại; bỏ qua".to_owned(),
            "The re-appointed time is not later than the current due time; ignored".to_owned(),
        )
    }

    pub(in crate::deadline) fn reappointment_late(
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

    pub(in crate::deadline) fn refusal_late(
        i: usize,
        src: &str,
        t: NaiveDateTime,
        due: NaiveDateTime,
    ) -> Self {
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
    pub(in crate::deadline) fn lawful_extension(
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

    /// A dossier code the regime's structure refuses (TT 01/2018 Art. 19(1)).
    pub(in crate::deadline) fn dossier_code(code: ViolationCode, src: &str, id: &str) -> Self {
        let (vi, en) = match code {
            ViolationCode::DossierCodeOtherDate => (
                format!("Mã hồ sơ {id}: ngày trong mã khác ngày tiếp nhận"),
                format!("Dossier code {id}: its date is not the receipt date"),
            ),
            _ => (
                format!("Mã hồ sơ {id} không đúng cấu trúc V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX"),
                format!(
                    "Dossier code {id} is not in the structure V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX"
                ),
            ),
        };
        violation(code, None, src, vi, en)
    }
}
