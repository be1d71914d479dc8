//! The reasons an evaluation gives for each score, Vietnamese and English, as the officer reads
//! them beside the indicator (TT 01/2018/TT-VPCP Art. 13); the scores themselves are decided in
//! [`super::dossier`] and [`super::unit`].
use chrono::NaiveDateTime;

use super::record::PublicationInput;
use crate::time::format_hm_dmy;

/// Reasons in both languages.
pub type Texts = (String, String);

const SCORE_VI: [&str; 3] = ["0 điểm", "1 điểm", "2 điểm"];

fn when_vi(t: NaiveDateTime) -> String {
    format_hm_dmy(t, " ngày ")
}

fn when_en(t: NaiveDateTime) -> String {
    format_hm_dmy(t, " on ")
}

fn pair(vi: &str, en: &str) -> Texts {
    (vi.to_owned(), en.to_owned())
}

/// Indicator 1: the result at `done` against `due`, scored `s`.
pub fn result(done: NaiveDateTime, due: NaiveDateTime, s: u8) -> Texts {
    let i = usize::from(s);
    (
        format!(
            "Có kết quả lúc {}, hạn {}: {}.",
            when_vi(done),
            when_vi(due),
            ["quá hạn", "đúng hạn", "trước hạn"]
                .get(i)
                .copied()
                .unwrap_or("")
        ),
        format!(
            "Result at {}, due {}: {}.",
            when_en(done),
            when_en(due),
            ["late", "on time", "early"].get(i).copied().unwrap_or("")
        ),
    )
}

/// Indicators 1 and 7 of a dossier without a result.
pub fn no_result() -> Texts {
    pair("Chưa có kết quả.", "No result yet.")
}

/// Indicator 2: each body's step and its score.
pub fn steps(steps: &[(String, u8)]) -> Texts {
    let list = steps
        .iter()
        .map(|(u, s)| {
            format!(
                "{u}: {}",
                SCORE_VI.get(usize::from(*s)).copied().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    (
        format!("Điểm thấp nhất của các bước ({list})."),
        format!("The lowest score of the steps ({list})."),
    )
}

/// Indicator 2 without a finished step.
pub fn no_steps() -> Texts {
    pair(
        "Không có bước nào của các cơ quan đã xong.",
        "No finished step of a participating body.",
    )
}

/// Indicator 3: `own` contacts and `citizen` more through the citizen's fault, counted from the
/// log's supplement requests or given.
pub fn contacts(own: u32, citizen: u32, from_log: bool) -> Texts {
    let (log_vi, log_en) = if from_log {
        (
            " (theo các yêu cầu bổ sung trong nhật ký, trừ lỗi của người nộp)",
            " (the log's supplement requests not caused by the citizen)",
        )
    } else {
        ("", "")
    };
    let (fault_vi, fault_en) = if citizen > 0 {
        (
            format!(
                "; thêm {citizen} lần do lỗi của người nộp hồ sơ, không tính vào mức 0 điểm (Điều 13(3)(c))"
            ),
            format!(
                "; {citizen} more through the applicant's fault, which do not count towards 0 points (Art. 13(3)(c))"
            ),
        )
    } else {
        (String::new(), String::new())
    };
    (
        format!("{own} lần phải liên hệ để hoàn thiện hồ sơ{log_vi}{fault_vi}."),
        format!("{own} contact(s) to complete the dossier{log_en}{fault_en}."),
    )
}

/// Indicator 4: `n` bodies contacted.
pub fn bodies(n: u32) -> Texts {
    (
        format!("Phải liên hệ {n} cơ quan, đơn vị."),
        format!("{n} bod(ies) contacted."),
    )
}

/// Indicator 4 without data.
pub fn no_bodies() -> Texts {
    pair(
        "Không có số cơ quan phải liên hệ.",
        "The number of bodies contacted is not given.",
    )
}

/// Indicator 6: how the procedure was published.
pub fn publication(p: PublicationInput) -> Texts {
    let (vi, en) = match (p.accurate, p.posted, p.electronic) {
        (false, _, _) => (
            "Công khai không chính xác hoặc không kịp thời.",
            "Published inaccurately or late.",
        ),
        (true, true, true) => (
            "Niêm yết tại nơi tiếp nhận và công khai điện tử.",
            "Posted at the desk and published electronically.",
        ),
        (true, true, false) => (
            "Chỉ niêm yết tại nơi tiếp nhận.",
            "Posted at the desk only.",
        ),
        (true, false, true) => ("Chỉ công khai điện tử.", "Published electronically only."),
        (true, false, false) => ("Không công khai.", "Not published."),
    };
    pair(vi, en)
}

/// Indicator 6 without data.
pub fn no_publication() -> Texts {
    pair(
        "Không có thông tin công khai thủ tục.",
        "Publication is not given.",
    )
}

/// Indicator 7 without data.
pub fn no_complaint_data() -> Texts {
    pair(
        "Không có thông tin phản ánh về thái độ.",
        "No information on complaints about attitude.",
    )
}

/// Indicator 7: `n` complaints (only those verified as founded when `verified_only`).
pub fn complaints(n: u32, verified_only: bool) -> Texts {
    if verified_only {
        (
            format!("{n} phản ánh về thái độ được xác minh là đúng."),
            format!("{n} complaint(s) about attitude verified as founded."),
        )
    } else {
        (
            format!(
                "{n} phản ánh, kiến nghị về thái độ (không tính phản ánh được kết luận là không đúng hoặc vu cáo)."
            ),
            format!(
                "{n} complaint(s) about attitude (those concluded untrue or slanderous not counted)."
            ),
        )
    }
}

/// Indicator 7 without a complaint: `base`, and when only complaints verified as founded were
/// given, the assumption that none awaits verification.
pub fn no_complaint(base: Texts, verified_only: bool) -> Texts {
    if !verified_only {
        return base;
    }
    (
        format!(
            "{} Chỉ có số phản ánh được xác minh là đúng: giả định không có phản ánh đang chờ xác minh (Điều 13(7) chỉ không tính phản ánh được kết luận là không đúng hoặc vu cáo).",
            base.0
        ),
        format!(
            "{} Only complaints verified as founded were given: none is assumed to await verification (Art. 13(7) leaves out only those concluded untrue or slanderous).",
            base.1
        ),
    )
}

/// Indicator 7 of an early result without a complaint.
pub fn early_no_complaint() -> Texts {
    pair(
        "Trả kết quả trước hạn, không có phản ánh.",
        "Early, no complaint.",
    )
}

/// Indicator 7 of an on-time result without a complaint.
pub fn on_time_no_complaint() -> Texts {
    pair(
        "Trả kết quả đúng hạn, không có phản ánh.",
        "On time, no complaint.",
    )
}

/// Indicator 7 of a late result without a complaint: the text is silent, the ruleset decides.
pub fn late_no_complaint() -> Texts {
    pair(
        "Trả kết quả quá hạn, không có phản ánh (Điều 13(7) không quy định: quy ước của bộ quy tắc).",
        "Late, no complaint (not named by Art. 13(7): the ruleset's convention).",
    )
}

/// Indicator 5 at unit level: `k` of `n` procedures handled end to end at the desk (`share` %,
/// `need` % for 2 points), and how many are received and returned there.
pub fn one_stop(k: u32, n: u32, share: f64, need: f64, at_desk: Option<(u32, u32)>) -> String {
    let desk = match at_desk {
        Some((r, t)) => format!("; {r}/{t} thủ tục tiếp nhận và trả kết quả tại Bộ phận Một cửa"),
        None => String::new(),
    };
    format!(
        "{k}/{n} thủ tục được tiếp nhận, thẩm định, phê duyệt tại Bộ phận Một cửa ({share:.1}%; mức 2 điểm của cấp này: {need}%){desk}."
    )
}

fn protracted(p: Option<u32>) -> String {
    match p {
        Some(0) => "không có phản ánh, kiến nghị kéo dài".to_owned(),
        Some(n) => format!("{n} phản ánh, kiến nghị kéo dài"),
        None => "không có thông tin về phản ánh, kiến nghị kéo dài (tính là không có)".to_owned(),
    }
}

/// Indicator 8 without any petition.
pub fn no_feedback(p: Option<u32>) -> String {
    format!(
        "Không tiếp nhận phản ánh, kiến nghị trong kỳ; {}.",
        protracted(p)
    )
}

/// Indicator 8 with protracted petitions and no count of the period's petitions.
pub fn protracted_only(p: u32) -> String {
    format!("{p} phản ánh, kiến nghị kéo dài (Điều 13(8)(c): 0 điểm).")
}

/// Indicator 8 at unit level: `k` of `n` petitions handled on time, and the protracted ones.
pub fn feedback(k: u32, n: u32, share: f64, p: Option<u32>) -> String {
    format!(
        "{k}/{n} phản ánh, kiến nghị được xử lý đúng hạn ({share:.1}%); {}.",
        protracted(p)
    )
}

/// Indicator 9 at unit level.
pub fn online(procedures: f64, dossiers: f64, late: u32, unresolved: Option<u32>) -> String {
    let unresolved = match unresolved {
        Some(u) => format!("{u} hồ sơ trực tuyến chưa giải quyết"),
        None => {
            "không có thông tin về hồ sơ trực tuyến chưa giải quyết (tính là không có)".to_owned()
        }
    };
    format!(
        "{procedures}% thủ tục trực tuyến mức 3, 4; {dossiers}% hồ sơ trực tuyến; {late} hồ sơ trực tuyến trễ hạn; {unresolved}."
    )
}
