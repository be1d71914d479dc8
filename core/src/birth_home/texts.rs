//! Every reason the home-birth assessment gives, Vietnamese and English, with the article or the
//! model's data it rests on: the file to review against Luật Hộ tịch 2014 and QĐ 491/QĐ-UBND 2020.
//! Which reason applies is decided in [`super::assess`].
use chrono::NaiveDate;

use super::model::{Criterion, CriterionCode, CriterionResult};
use super::{Program, Sources};
use crate::text::amount_text;
use crate::time::format_dmy as dmy;

use CriterionCode as C;
use CriterionResult::{Fail, NeedsInformation, Pass};

fn criterion(
    code: CriterionCode,
    result: CriterionResult,
    vi: String,
    en: String,
    source: &str,
) -> Criterion {
    Criterion {
        code,
        result,
        reason_vi: vi,
        reason_en: en,
        source: source.to_owned(),
    }
}

fn fixed(
    code: CriterionCode,
    result: CriterionResult,
    vi: &str,
    en: &str,
    source: &str,
) -> Criterion {
    criterion(code, result, vi.to_owned(), en.to_owned(), source)
}

/// Art. 13: the commune where a parent resides registers the birth (`None`: no residence given).
pub fn resident_commune(resides: Option<bool>, src: &Sources) -> Criterion {
    match resides {
        None => fixed(
            C::ResidentCommune,
            NeedsInformation,
            "Chưa có nơi cư trú của cha hoặc mẹ.",
            "No parent's commune of residence was given.",
            &src.resident_commune,
        ),
        Some(true) => fixed(
            C::ResidentCommune,
            Pass,
            "Cha hoặc mẹ cư trú tại xã đăng ký.",
            "A parent resides in the registering commune.",
            &src.resident_commune,
        ),
        Some(false) => fixed(
            C::ResidentCommune,
            Fail,
            "Cha, mẹ không cư trú tại xã này: đăng ký tại xã nơi cha hoặc mẹ cư trú.",
            "Neither parent resides in this commune: register where a parent resides.",
            &src.resident_commune,
        ),
    }
}

/// The commune runs the model on `date` (`source`: the program's, with its assumption).
pub fn program_commune(runs: bool, date: NaiveDate, source: &str) -> Criterion {
    if runs {
        criterion(
            C::ProgramCommune,
            Pass,
            format!(
                "Xã thực hiện mô hình cấp giấy khai sinh tại nhà vào ngày {}.",
                dmy(date)
            ),
            format!(
                "The commune runs the home-registration model on {}.",
                dmy(date)
            ),
            source,
        )
    } else {
        criterion(
            C::ProgramCommune,
            Fail,
            format!(
                "Xã không thực hiện mô hình vào ngày {}: đăng ký tại Bộ phận Một cửa.",
                dmy(date)
            ),
            format!(
                "The commune does not run the model on {}: register at the one-stop desk.",
                dmy(date)
            ),
            source,
        )
    }
}

/// The commune was in the model, but `date` lies after the period its decision set and no
/// decision to continue it is loaded.
pub fn program_ended(date: NaiveDate, p: &Program) -> Criterion {
    criterion(
        C::ProgramCommune,
        Fail,
        format!(
            "Mô hình cấp giấy khai sinh tại nhà thực hiện {} ({}); ngày {} nằm ngoài thời gian đó và chưa có quyết định cho tiếp tục: đăng ký tại Bộ phận Một cửa.",
            p.period_vi,
            p.period_source,
            dmy(date)
        ),
        format!(
            "The home-registration model ran {} ({}); {} is outside that period and no decision to continue it is loaded: register at the one-stop desk.",
            p.period_en,
            p.period_source,
            dmy(date)
        ),
        &p.period_source,
    )
}

/// The program's source with the assumption its commune entry rests on.
pub fn program_source(source: &str, assumption: Option<&str>) -> String {
    match assumption {
        Some(a) => format!("{source} (giả định: {a})"),
        None => source.to_owned(),
    }
}

/// Art. 35: a birth with a foreign element is registered under its own procedure.
pub fn no_foreign_element(foreign: bool, src: &Sources) -> Criterion {
    if foreign {
        fixed(
            C::NoForeignElement,
            Fail,
            "Có yếu tố nước ngoài: đăng ký khai sinh có yếu tố nước ngoài theo thủ tục riêng, không thực hiện tại nhà.",
            "A foreign element: registered under the foreign-element procedure, not at home.",
            &src.foreign_element_fail,
        )
    } else {
        fixed(
            C::NoForeignElement,
            Pass,
            "Không có yếu tố nước ngoài.",
            "No foreign element.",
            &src.foreign_element,
        )
    }
}

/// Art. 15(1): registration within `days` of the birth (the last day `deadline`).
pub fn within_period(
    (on_time, free): (bool, bool),
    days: u32,
    deadline: NaiveDate,
    moved: bool,
    source: &str,
) -> Criterion {
    let (d, d_en) = if moved {
        let d = dmy(deadline);
        (
            format!("{d}, ngày làm việc tiếp theo vì ngày thứ {days} là ngày nghỉ"),
            format!("{d}, the next working day, as day {days} is a day off"),
        )
    } else {
        (dmy(deadline), dmy(deadline))
    };
    if on_time {
        criterion(
            C::Within60Days,
            Pass,
            format!("Nộp trong {days} ngày kể từ ngày sinh (hạn {d})."),
            format!("Within {days} days of the birth (deadline {d_en})."),
            source,
        )
    } else {
        let (fee, fee_en) = if free {
            ("được miễn lệ phí", "free of charge")
        } else {
            ("nộp lệ phí", "with the fee")
        };
        criterion(
            C::Within60Days,
            Fail,
            format!(
                "Quá {days} ngày kể từ ngày sinh (hạn {d}): vẫn được đăng ký tại Bộ phận Một cửa và {fee}."
            ),
            format!(
                "More than {days} days after the birth (deadline {d_en}): still registered, at the office, {fee_en}."
            ),
            source,
        )
    }
}

/// Art. 16(1): the birth certificate, or a witness statement or a written commitment.
pub fn papers(at_hand: bool, src: &Sources) -> Criterion {
    if at_hand {
        fixed(
            C::Papers,
            Pass,
            "Có giấy chứng sinh, văn bản làm chứng hoặc giấy cam đoan.",
            "A birth certificate from the health facility, a witness statement or a commitment is at hand.",
            &src.papers,
        )
    } else {
        fixed(
            C::Papers,
            NeedsInformation,
            "Cần giấy chứng sinh; nếu không có, văn bản của người làm chứng hoặc giấy cam đoan.",
            "A birth certificate is needed; without one, a witness statement or a written commitment.",
            &src.papers,
        )
    }
}

/// A birth combined with paternity recognition (`rule`: the combined procedure's source on the
/// date): at home only where the commune's rule says so.
pub fn no_paternity_recognition(combined: bool, at_home: bool, rule: &str) -> Criterion {
    let with = |x: &str| format!("{rule}; {x}");
    match (combined, at_home) {
        (true, true) => fixed(
            C::NoPaternityRecognition,
            Pass,
            "Kết hợp nhận cha, mẹ, con: xã giải quyết cả tại nhà theo quy định của xã.",
            "Combined with paternity recognition: the commune handles it at home too, by its rule.",
            &with("bộ quy tắc của xã"),
        ),
        (true, false) => fixed(
            C::NoPaternityRecognition,
            Fail,
            "Kết hợp nhận cha, mẹ, con: giải quyết tại Bộ phận Một cửa.",
            "Combined with paternity recognition: handled at the office.",
            &with("quy ước của mô hình"),
        ),
        (false, _) => fixed(
            C::NoPaternityRecognition,
            Pass,
            "Không kết hợp nhận cha, mẹ, con.",
            "No paternity recognition combined.",
            rule,
        ),
    }
}

/// A hamlet the commune does not serve.
pub fn hamlet_not_served(name: &str, src: &Sources) -> Criterion {
    criterion(
        C::ServiceArea,
        Fail,
        format!("Ấp/khóm '{name}' không có trong danh sách phục vụ của xã."),
        format!("Hamlet '{name}' is not in the commune's service list."),
        &src.hamlet_list,
    )
}

/// The service area by distance (`None`: neither hamlet nor distance given).
pub fn service_area(distance_km: Option<f64>, max_km: f64, src: &Sources) -> Criterion {
    let Some(d) = distance_km else {
        return fixed(
            C::ServiceArea,
            NeedsInformation,
            "Chưa có ấp/khóm hoặc khoảng cách từ nhà đến trụ sở xã.",
            "Neither the hamlet nor the distance from home to the commune office is given.",
            &src.radius,
        );
    };
    let (d, max) = (amount_text(d), amount_text(max_km));
    if distance_km.is_some_and(|x| x <= max_km) {
        criterion(
            C::ServiceArea,
            Pass,
            format!("Nhà trong phạm vi phục vụ ({d} km, tối đa {max} km)."),
            format!("Home within the service area ({d} km, at most {max} km)."),
            &src.radius,
        )
    } else {
        criterion(
            C::ServiceArea,
            Fail,
            format!("Nhà ngoài phạm vi phục vụ ({d} km, tối đa {max} km)."),
            format!("Home outside the service area ({d} km, at most {max} km)."),
            &src.radius,
        )
    }
}

/// The child is alive (BLDS 2015 Art. 30); a child who has died is registered at the office.
pub fn child_alive(alive: bool, src: &Sources) -> Criterion {
    if alive {
        fixed(
            C::ChildAlive,
            Pass,
            "Trẻ còn sống.",
            "The child is alive.",
            &src.child_alive,
        )
    } else {
        fixed(
            C::ChildAlive,
            Fail,
            "Trẻ đã mất: gia đình được hướng dẫn đăng ký khai sinh và khai tử tại Bộ phận Một cửa, không thăm nhà kèm lời chúc mừng; trẻ sống dưới 24 giờ thì không phải đăng ký, trừ khi cha mẹ yêu cầu.",
            "The child has died: the family is helped to register the birth and the death at the office, with no congratulatory visit; a child who lived less than 24 hours need not be registered unless the parents ask.",
            &src.child_died,
        )
    }
}

/// What a family that qualifies does next.
pub fn next_home_visit() -> (String, String) {
    (
        "Gia đình đủ điều kiện: cán bộ tư pháp - hộ tịch sẽ hẹn ngày đến nhà trao giấy khai sinh.".to_owned(),
        "The family qualifies: the civil-status officer will arrange a home visit to hand over the certificate.".to_owned(),
    )
}

/// What a family missing a piece of information does next.
pub fn next_add(c: &Criterion) -> (String, String) {
    (
        format!("Xin bổ sung thông tin: {}", c.reason_vi),
        format!("Please add: {}", c.reason_en),
    )
}
