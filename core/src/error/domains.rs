//! The messages of the domains' faults: a dossier's log, procedures, evaluation and reports, the
//! home-birth model, letters and surveys (see [`super::messages`] for the boundary's, dates' and
//! the calendar's).
use super::{Error, ErrorCode};

impl Error {
    // ---- A dossier's event log ----

    /// `too_many_events`.
    pub fn too_many_events(path: &str, n: usize, max: usize) -> Error {
        Error::new(
            ErrorCode::TooManyEvents,
            path,
            format!("Hồ sơ có {n} sự kiện; tối đa {max}"),
            format!("The dossier has {n} events; at most {max}"),
        )
    }

    /// `missing_received`.
    pub fn missing_received(path: &str) -> Error {
        Error::new(
            ErrorCode::MissingReceived,
            path,
            "Nhật ký hồ sơ không có sự kiện 'received' (tiếp nhận)",
            "The event log has no 'received' event",
        )
    }

    /// `event_before_received`: event `kind` at `at` (as written).
    pub fn event_before_received(path: String, kind: &str, at: &str) -> Error {
        let kind = super::short(kind);
        let at = super::short(at);
        Error::new(
            ErrorCode::EventBeforeReceived,
            path,
            format!("Sự kiện '{kind}' lúc {at} trước khi tiếp nhận hồ sơ"),
            format!("Event '{kind}' at {at} comes before the dossier was received"),
        )
    }

    /// `events_out_of_order`: an event at `at` after one at `last`.
    pub fn events_out_of_order(path: String, at: &str, last: &str) -> Error {
        let at = super::short(at);
        let last = super::short(last);
        Error::new(
            ErrorCode::EventsOutOfOrder,
            path,
            format!("Sự kiện lúc {at} sớm hơn sự kiện trước đó ({last})"),
            format!("Event at {at} is earlier than the event before it ({last})"),
        )
    }

    /// `missing_field`: an `extended` event without `field`.
    pub fn extension_needs(path: String, field: &str) -> Error {
        let field = super::short(field);
        Error::new(
            ErrorCode::MissingField,
            path,
            format!("Thiếu trường bắt buộc: sự kiện 'extended' cần {field}"),
            format!("missing field `{field}` (required for an 'extended' event)"),
        )
    }

    /// `missing_field`: a dossier without its procedure.
    pub fn missing_procedure(path: &str) -> Error {
        Error::new(
            ErrorCode::MissingField,
            path,
            "Thiếu trường bắt buộc: procedure_code hoặc procedure",
            "missing field `procedure_code` or `procedure`",
        )
    }

    // ---- Procedures and the one-stop rules ----

    /// `invalid_ruleset`: procedure data that is malformed at `path` (`vi` / `en`: how).
    pub fn invalid_procedure_data(path: &str, vi: &str, en: &str) -> Error {
        Error::new(
            ErrorCode::InvalidRuleset,
            path,
            format!("Dữ liệu thủ tục không hợp lệ tại '{path}': {vi}"),
            format!("Invalid procedure data at '{path}': {en}"),
        )
    }

    /// `invalid_duration` (`amount` as written).
    pub fn invalid_duration(path: &str, amount: &str) -> Error {
        let amount = super::short(amount);
        Error::new(
            ErrorCode::InvalidDuration,
            path,
            format!(
                "Thời hạn giải quyết {amount} không hợp lệ (lớn hơn 0, tối đa 3650 ngày; ngày lịch phải là số nguyên)"
            ),
            format!(
                "Invalid processing time {amount} (above 0, at most 3650 days; calendar days must be whole)"
            ),
        )
    }

    /// `ruleset_conflict`: a procedure version given twice.
    pub fn procedure_version_exists(path: &str, code: &str, from: &str) -> Error {
        let code = super::short(code);
        let from = super::short(from);
        Error::new(
            ErrorCode::RulesetConflict,
            path,
            format!("Thủ tục '{code}' đã có một phiên bản từ {from}"),
            format!("Procedure '{code}' already has a version from {from}"),
        )
    }

    /// `no_rules_in_force`: no one-stop rules for a receipt date (the data starts on `first`).
    pub fn no_regime(path: &str, first: &str) -> Error {
        let first = super::short(first);
        Error::new(
            ErrorCode::NoRulesInForce,
            path,
            format!(
                "Chưa có quy định một cửa nào được nạp cho ngày nhận này (dữ liệu bắt đầu từ {first})"
            ),
            format!(
                "No one-stop rules are loaded for this receipt date (the data starts on {first})"
            ),
        )
    }

    /// `unknown_procedure`: a code the catalog knows, not yet in force on the receipt date.
    pub fn procedure_not_in_force(path: &str, code: &str) -> Error {
        let code = super::short(code);
        Error::new(
            ErrorCode::UnknownProcedure,
            path,
            format!("Thủ tục '{code}' chưa có hiệu lực vào ngày nhận hồ sơ"),
            format!("Procedure '{code}' is not in force on the receipt date"),
        )
    }

    /// `unknown_procedure`: a code the catalog does not know.
    pub fn unknown_procedure(path: &str, code: &str) -> Error {
        let code = super::short(code);
        Error::new(
            ErrorCode::UnknownProcedure,
            path,
            format!("Không có thủ tục mã '{code}' trong danh mục"),
            format!("No procedure with code '{code}' in the catalog"),
        )
    }

    /// `invalid_input`: a preview's `procedure` that is neither a code nor a procedure.
    pub fn procedure_code_or_object(path: &str) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            "Dữ liệu vào sai kiểu: procedure phải là mã thủ tục (chuỗi) hoặc một thủ tục (đối tượng)",
            "procedure must be a catalog code (string) or a procedure (object)",
        )
    }

    // ---- Evaluation and reports ----

    /// `invalid_input`: a quarter that does not exist.
    pub fn no_quarter(path: &str, q: u8) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Quý {q} không có (1–4)"),
            format!("No quarter {q} (1–4)"),
        )
    }

    /// `invalid_input`: a period that does not exist.
    pub fn no_period(path: &str, label: &str) -> Error {
        let label = super::short(label);
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Không có kỳ {label}"),
            format!("No period {label}"),
        )
    }

    /// `invalid_input`: a share outside 0–100 (`value` as written).
    pub fn share_outside(path: String, value: &str) -> Error {
        let value = super::short(value);
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Tỷ lệ phải từ 0 đến 100 (đã nhập {value})"),
            format!("A share must be between 0 and 100 (got {value})"),
        )
    }

    /// `invalid_input`: a part larger than its total.
    pub fn part_above_total(path: String, part: u32, total: u32) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("{part} lớn hơn tổng {total}"),
            format!("{part} is more than the total {total}"),
        )
    }

    /// `invalid_input`: a letter's trigger that the data does not name, or one that calls for a
    /// letter of another kind.
    pub fn unknown_trigger(path: &str, code: &str, kind: &str) -> Error {
        let code = super::short(code);
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Không có lý do gửi thư '{code}' cho loại thư '{kind}'"),
            format!("No reason '{code}' calls for a letter of kind '{kind}'"),
        )
    }

    /// `other_unit`: a record of unit `other` in the evaluation or report of `unit`.
    pub fn other_unit(path: String, other: &str, unit: &str) -> Error {
        let other = super::short(other);
        let unit = super::short(unit);
        Error::new(
            ErrorCode::OtherUnit,
            path,
            format!("Hồ sơ của đơn vị {other} không thuộc đơn vị {unit}"),
            format!("A dossier of unit {other} is not one of unit {unit}"),
        )
    }

    // ---- Complaints, denunciations and petitions ----

    /// `no_rules_in_force`: a case received before the first law loaded for its kind.
    pub fn no_grievance_law(kind: &str, first: &str) -> Error {
        Error::new(
            ErrorCode::NoRulesInForce,
            "",
            format!("Chưa có quy định thời hạn cho loại vụ việc '{kind}' trước ngày {first}"),
            format!("No time limits are loaded for '{kind}' cases before {first}"),
        )
    }

    /// `invalid_input`: a second instance for a kind that has none.
    pub fn grievance_instance(path: &str, instance: u8, kind: &str) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!(
                "Vụ việc '{kind}' không có lần giải quyết thứ {instance} (chỉ khiếu nại có lần hai)"
            ),
            format!("A '{kind}' case has no instance {instance} (only complaints have a second)"),
        )
    }

    /// `invalid_input`: an extension longer than the law ever allows.
    pub fn extension_too_long(path: &str, days: u32, max: u32) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Gia hạn {days} ngày; pháp luật cho phép mỗi lần tối đa {max} ngày"),
            format!("An extension of {days} days; the law allows at most {max} days each"),
        )
    }

    /// `invalid_input`: more extensions than the law ever allows.
    pub fn too_many_extensions(path: &str, max: u8) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Pháp luật cho phép gia hạn tối đa {max} lần"),
            format!("The law allows at most {max} extensions"),
        )
    }

    /// `unit_not_in_force`: an administrative level with no rule on a date (the district level
    /// ended on 30/06/2025).
    pub fn level_not_in_force(path: &str, level: &str, date: &str) -> Error {
        Error::new(
            ErrorCode::UnitNotInForce,
            path,
            format!("Cấp '{level}' không tồn tại (hoặc chưa có quy định) vào ngày {date}"),
            format!("The '{level}' level does not exist (or has no rule) on {date}"),
        )
    }

    /// `invalid_input`: a unit whose level the data does not give, where a rule depends on it.
    pub fn unit_level_unknown(path: &str) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            "Dữ liệu không cho biết cấp hành chính của đơn vị: không kiểm tra được lịch tiếp công dân".to_owned(),
            "The data does not give the unit's level: its reception days cannot be checked".to_owned(),
        )
    }

    /// `invalid_input`: a period that ends before it starts.
    pub fn period_backwards(path: &str, from: &str, to: &str) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Khoảng thời gian kết thúc ({to}) trước khi bắt đầu ({from})"),
            format!("The period ends ({to}) before it starts ({from})"),
        )
    }

    /// `invalid_input`: a period longer than the engine judges at once.
    pub fn period_too_long(path: &str, max_days: i64) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Khoảng thời gian dài quá {max_days} ngày"),
            format!("The period is longer than {max_days} days"),
        )
    }

    // ---- The home birth-registration model ----

    /// `unknown_unit`: a commune the model does not know.
    pub fn unknown_commune(path: String, code: &str) -> Error {
        let code = super::short(code);
        Error::new(
            ErrorCode::UnknownUnit,
            path,
            format!("Không có xã mã '{code}' trong dữ liệu của mô hình"),
            format!("No commune with code '{code}' in the model's data"),
        )
    }

    /// `invalid_date`: a birth before the engine's first year.
    pub fn birth_too_early(path: String, first: i32) -> Error {
        Error::new(
            ErrorCode::InvalidDate,
            path,
            format!("Ngày sinh trước năm {first} không hợp lệ cho thủ tục này"),
            format!("A birth date before {first} is not valid for this procedure"),
        )
    }

    /// `invalid_date`: a birth after the application.
    pub fn birth_in_future(path: String) -> Error {
        Error::new(
            ErrorCode::InvalidDate,
            path,
            "Ngày sinh của trẻ ở sau ngày nộp hồ sơ (ngày trong tương lai)",
            "The child's birth date is after the application (a date in the future)",
        )
    }

    /// `invalid_date`: a registration's dates out of order.
    pub fn registration_dates(path: String) -> Error {
        Error::new(
            ErrorCode::InvalidDate,
            path,
            "Ngày sinh, ngày nộp và ngày cấp giấy khai sinh phải theo thứ tự đó (và từ năm 1900)",
            "Birth, application and certificate dates must come in that order (and from 1900)",
        )
    }

    /// `invalid_input`: a negative or non-finite distance.
    pub fn negative_distance(path: String) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            "Khoảng cách phải là số không âm",
            "The distance must be a number, not negative",
        )
    }

    /// `too_many_applications`.
    pub fn too_many_applications(path: &str, n: usize, max: usize) -> Error {
        Error::new(
            ErrorCode::TooManyApplications,
            path,
            format!("Kế hoạch có {n} hồ sơ; tối đa {max}. Hãy chia theo xã hoặc theo tháng."),
            format!(
                "The plan has {n} applications; at most {max}. Split it by commune or by month."
            ),
        )
    }

    /// `invalid_capacity`.
    pub fn invalid_capacity(path: &str, c: i64, max: i64) -> Error {
        Error::new(
            ErrorCode::InvalidCapacity,
            path,
            format!("Số lượt thăm mỗi ngày phải từ 0 đến {max} (đã nhập {c})"),
            format!("Visits per day must be between 0 and {max} (got {c})"),
        )
    }

    /// `invalid_identifier`: a body's identifier for a dossier code (TT 01/2018 Art. 19(1),
    /// TT 10/2016/TT-BTTTT) not in the structure `V1V2V3.Z1Z2.Y1Y2.MX1X2`.
    pub fn invalid_identifier(path: &str, got: &str) -> Error {
        let got = super::short(got);
        Error::new(
            ErrorCode::InvalidIdentifier,
            path,
            format!("Mã định danh cơ quan '{got}' không đúng cấu trúc V1V2V3.Z1Z2.Y1Y2.MX1X2"),
            format!("The body's identifier '{got}' is not in the structure V1V2V3.Z1Z2.Y1Y2.MX1X2"),
        )
    }

    /// `invalid_sequence`: a dossier's number in the day outside 1–9999 (four digits).
    pub fn invalid_sequence(path: &str, got: u32) -> Error {
        Error::new(
            ErrorCode::InvalidSequence,
            path,
            format!("Số thứ tự hồ sơ trong ngày phải từ 1 đến 9999 (đã nhập {got})"),
            format!("The dossier's number in the day must be 1 to 9999 (got {got})"),
        )
    }

    /// `invalid_ruleset`: the model's data changed into something it cannot use.
    pub fn invalid_model_data(path: String, vi: String, en: String) -> Error {
        Error::new(ErrorCode::InvalidRuleset, path, vi, en)
    }

    // ---- Letters ----

    /// `field_too_large`: a text of `n` characters, more than `max`.
    pub fn field_too_large(path: &str, n: usize, max: usize) -> Error {
        Error::new(
            ErrorCode::FieldTooLarge,
            path,
            format!("Trường quá dài ({n} ký tự; tối đa {max})"),
            format!("Field too long ({n} characters; at most {max})"),
        )
    }

    /// `unit_not_in_force`: a unit gone on `date` with no single successor.
    pub fn unit_not_in_force(path: &str, code: &str, date: &str) -> Error {
        let code = super::short(code);
        let date = super::short(date);
        Error::new(
            ErrorCode::UnitNotInForce,
            path,
            format!(
                "Đơn vị '{code}' không còn tồn tại vào ngày {date} và không có đơn vị kế thừa duy nhất"
            ),
            format!("Unit '{code}' does not exist on {date} and has no single successor"),
        )
    }

    /// `unknown_unit`: an issuing unit no data names.
    pub fn unknown_issuing_unit(path: &str, code: &str) -> Error {
        let code = super::short(code);
        Error::new(
            ErrorCode::UnknownUnit,
            path,
            format!("Không có đơn vị mã '{code}'"),
            format!("No unit with code '{code}'"),
        )
    }

    /// `no_rules_in_force`: no form of a kind on the letter's date.
    pub fn no_form(path: &str, kind: &str, date: &str) -> Error {
        let kind = super::short(kind);
        let date = super::short(date);
        Error::new(
            ErrorCode::NoRulesInForce,
            path,
            format!("Chưa có mẫu văn bản '{kind}' vào ngày {date}"),
            format!("No form for '{kind}' is in force on {date}"),
        )
    }

    /// `invalid_input`: a number of a unit's settings outside what it may be.
    pub fn setting_out_of_range(path: &str, value: u64, min: u64, max: u64) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Giá trị {value} nằm ngoài khoảng cho phép {min}–{max}"),
            format!("{value} is outside the allowed range {min}–{max}"),
        )
    }

    /// `invalid_input`: a notice of one kind of case asked for another.
    pub fn notice_kind(path: &str, kind: &str, case_kind: &str) -> Error {
        let kind = super::short(kind);
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Văn bản '{kind}' không dùng cho đơn loại '{case_kind}'"),
            format!("A '{kind}' notice is not for a '{case_kind}' case"),
        )
    }

    /// `missing_field`: a notice of an event the case's log does not hold.
    pub fn notice_without_event(path: &str, event: &str) -> Error {
        Error::new(
            ErrorCode::MissingField,
            path,
            format!("Sổ theo dõi của đơn chưa có sự kiện '{event}' mà văn bản thông báo"),
            format!("The case's log has no '{event}' event for the notice to announce"),
        )
    }

    /// `internal_data`: a kind without its template.
    pub fn no_template(path: &str, kind: &str) -> Error {
        let kind = super::short(kind);
        Error::new(
            ErrorCode::InternalData,
            path,
            format!("Không có mẫu thư '{kind}'"),
            format!("No template for '{kind}'"),
        )
    }

    /// `missing_field`: the fields a letter still needs (the first is the path).
    pub fn letter_needs(missing: &[String]) -> Error {
        let list = missing.join(", ");
        Error::new(
            ErrorCode::MissingField,
            missing.first().cloned().unwrap_or_default(),
            format!("Thiếu dữ liệu để lập văn bản: {list}"),
            format!("Missing data for the letter: {list}"),
        )
    }

    /// `invalid_template`: a template that does not compile, names an unknown field, or does not
    /// render (`vi` / `en`: what happened).
    pub fn invalid_template(path: &str, vi: String, en: String) -> Error {
        Error::new(ErrorCode::InvalidTemplate, path, vi, en)
    }

    /// `template_limit`: a template that would write more than `limit` bytes or run more than
    /// `limit` instructions (`unit_vi` / `unit_en` say which).
    pub fn template_limit(path: &str, limit: u64, unit_vi: &str, unit_en: &str) -> Error {
        Error::new(
            ErrorCode::TemplateLimit,
            path,
            format!("Mẫu thư vượt quá giới hạn {limit} {unit_vi}"),
            format!("The template exceeds its limit of {limit} {unit_en}"),
        )
    }

    /// `internal_data`: the letters' data lacks a kind's rule or template.
    pub fn letter_kind_incomplete(kind: &str) -> Error {
        let kind = super::short(kind);
        Error::new(
            ErrorCode::InternalData,
            "",
            format!("thiếu quy tắc hoặc mẫu thư cho '{kind}'"),
            format!("no rule or template for '{kind}'"),
        )
    }

    /// `invalid_ruleset`: a required letter switched off.
    pub fn letter_required(path: String, kind: &str) -> Error {
        let kind = super::short(kind);
        Error::new(
            ErrorCode::InvalidRuleset,
            path,
            format!("Không thể tắt '{kind}': văn bản bắt buộc theo quy định"),
            format!("'{kind}' cannot be switched off: the law requires it"),
        )
    }

    /// `invalid_ruleset`: a unit's own letter of a required kind.
    pub fn custom_letter_kind(path: String, kind: &str) -> Error {
        let kind = super::short(kind);
        Error::new(
            ErrorCode::InvalidRuleset,
            path,
            format!("Thư riêng của đơn vị phải là thư xã giao, không phải '{kind}'"),
            format!("A unit's own letter must be a courtesy kind, not '{kind}'"),
        )
    }

    // ---- Surveys ----

    /// `invalid_input`: a questionnaire that cannot be scored (`vi` / `en`: why).
    pub fn questionnaire(path: String, vi: String, en: String) -> Error {
        Error::new(ErrorCode::InvalidInput, path, vi, en)
    }
}
