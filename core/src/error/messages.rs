//! Every error message of the engine, one constructor each, Vietnamese and English side by side
//! (the wording is part of what callers show to officers and citizens). Grouped by where the
//! fault is found; a constructor takes the path of the offending field, relative to the record
//! being read.
use super::{Error, ErrorCode};

impl Error {
    // ---- The JSON boundary ----

    /// `malformed_json`: the text is not JSON.
    pub fn malformed_json(detail: &str) -> Error {
        Error::new(
            ErrorCode::MalformedJson,
            "",
            format!("Dữ liệu vào không phải JSON hợp lệ: {detail}"),
            format!("Input is not valid JSON: {detail}"),
        )
    }

    /// `duplicate_key`: an object names a key twice (`detail` says which, and where).
    pub fn duplicate_key(detail: &str) -> Error {
        Error::new(
            ErrorCode::DuplicateKey,
            "",
            format!("Một đối tượng JSON có hai khóa trùng tên: {detail}"),
            format!("A JSON object names the same key twice: {detail}"),
        )
    }

    /// `batch_too_large`: a list of `n` records, more than `max`.
    pub fn batch_too_large(n: usize, max: usize) -> Error {
        Error::new(
            ErrorCode::BatchTooLarge,
            "",
            format!("Lô quá lớn ({n} bản ghi; tối đa {max})"),
            format!("Batch too large ({n} records; at most {max})"),
        )
    }

    /// `input_too_large`: an input of `n` bytes, more than `max`.
    pub fn input_too_large(n: usize, max: usize) -> Error {
        Error::new(
            ErrorCode::InputTooLarge,
            "",
            format!("Dữ liệu vào quá lớn ({n} byte; tối đa {max})"),
            format!("Input too large ({n} bytes; at most {max})"),
        )
    }

    /// `input_too_large`: a line of a stream the host could not pass on.
    pub fn line_too_large(line: u64, bytes: u64) -> Error {
        Error::new(
            ErrorCode::InputTooLarge,
            "",
            format!("Dòng {line} quá lớn ({bytes} byte)"),
            format!("Line {line} is too large ({bytes} bytes)"),
        )
    }

    /// `unknown_operation`, listing the operations there are.
    pub fn unknown_operation(op: &str, operations: &[&str]) -> Error {
        let op = super::short(op);
        let list = operations.join(", ");
        Error::new(
            ErrorCode::UnknownOperation,
            "",
            format!("Không có thao tác '{op}'. Các thao tác: {list}"),
            format!("Unknown operation '{op}'. Operations: {list}"),
        )
    }

    /// `internal_data`: an answer that could not be written out.
    pub fn unwritable(detail: &str) -> Error {
        Error::new(ErrorCode::InternalData, "", detail, detail)
    }

    /// `internal_data`: a fault in the engine's compiled-in data file `file`, `vi` / `en` being
    /// what is wrong with it.
    pub fn default_data(file: &str, path: String, vi: &str, en: &str) -> Error {
        Error::new(
            ErrorCode::InternalData,
            path,
            format!("Dữ liệu mặc định của bộ máy bị lỗi ({file}): {vi}"),
            format!("The engine's default data is broken ({file}): {en}"),
        )
    }

    /// A record that does not read as its type: serde's own message, under the code it falls
    /// in (`unknown_field`, `missing_field`, else `invalid_input`).
    pub fn serde(code: ErrorCode, path: String, msg: String) -> Error {
        let vi = match code {
            ErrorCode::UnknownField => "Trường không được hỗ trợ",
            ErrorCode::MissingField => "Thiếu trường bắt buộc",
            _ => "Dữ liệu vào sai kiểu hoặc sai cấu trúc",
        };
        let msg = super::short_middle(msg);
        Error::new(code, path, format!("{vi}: {msg}"), msg)
    }

    /// `missing_field`: `field` is required.
    pub fn missing_field(path: String, field: &str) -> Error {
        let field = super::short(field);
        Error::new(
            ErrorCode::MissingField,
            path,
            format!("Thiếu trường bắt buộc: {field}"),
            format!("missing field `{field}`"),
        )
    }

    // ---- Dates and times ----

    /// `invalid_date`.
    pub fn invalid_date(path: &str, text: &str) -> Error {
        let text = super::short(text);
        Error::new(
            ErrorCode::InvalidDate,
            path,
            format!("Ngày không hợp lệ: '{text}' (cần dạng YYYY-MM-DD và là ngày có thật)"),
            format!("Invalid date '{text}' (expected an existing date as YYYY-MM-DD)"),
        )
    }

    /// `invalid_datetime`.
    pub fn invalid_datetime(path: &str, text: &str) -> Error {
        let text = super::short(text);
        Error::new(
            ErrorCode::InvalidDatetime,
            path,
            format!(
                "Thời điểm không hợp lệ: '{text}' (cần YYYY-MM-DDTHH:MM, giờ Việt Nam, hoặc RFC 3339 có múi giờ)"
            ),
            format!(
                "Invalid date-time '{text}' (expected YYYY-MM-DDTHH:MM in Vietnam time, or RFC 3339 with an offset)"
            ),
        )
    }

    /// `invalid_datetime`: a typed moment (WIT record) that does not exist.
    pub fn no_such_moment(path: String, moment: &str) -> Error {
        let moment = super::short(moment);
        Error::new(
            ErrorCode::InvalidDatetime,
            path,
            format!("Thời điểm không có thật: {moment}"),
            format!("No such moment: {moment}"),
        )
    }

    /// `year_out_of_range`: a year outside the years the engine covers.
    pub fn year_outside(path: &str, year: i32, first: i32, last: i32) -> Error {
        Error::new(
            ErrorCode::YearOutOfRange,
            path,
            format!("Năm {year} ngoài khoảng {first}–{last}"),
            format!("Year {year} is outside {first}–{last}"),
        )
    }

    /// `year_out_of_range`: a year outside the working calendar.
    pub fn year_outside_calendar(path: &str, year: i32, first: i32, last: i32) -> Error {
        Error::new(
            ErrorCode::YearOutOfRange,
            path,
            format!("Năm {year} nằm ngoài phạm vi lịch làm việc ({first}–{last})"),
            format!("Year {year} is outside the working calendar ({first}–{last})"),
        )
    }

    /// `invalid_ruleset`: a dated entry that ends before it starts.
    pub fn ends_before_start(path: String, from: &str, to: &str) -> Error {
        let from = super::short(from);
        let to = super::short(to);
        Error::new(
            ErrorCode::InvalidRuleset,
            path,
            format!("Ngày kết thúc ({to}) trước ngày bắt đầu ({from})"),
            format!("Ends ({to}) before it starts ({from})"),
        )
    }

    /// `invalid_ruleset`: a clock time that is not `HH:MM`.
    pub fn invalid_clock(path: &str, text: &str) -> Error {
        let text = super::short(text);
        Error::new(
            ErrorCode::InvalidRuleset,
            path,
            format!("Giờ không hợp lệ: '{text}' (cần HH:MM)"),
            format!("Invalid clock time '{text}' (expected HH:MM)"),
        )
    }

    // ---- Rule data (the defaults and a ruleset) ----

    /// `invalid_ruleset`: calendar data that is malformed at `path` (`vi` / `en`: how).
    pub fn invalid_ruleset_data(path: &str, vi: &str, en: &str) -> Error {
        Error::new(
            ErrorCode::InvalidRuleset,
            path,
            format!("Dữ liệu quy tắc không hợp lệ tại '{path}': {vi}"),
            format!("Invalid ruleset data at '{path}': {en}"),
        )
    }

    /// `ruleset_conflict`: calendar entries that contradict each other at `path`.
    pub fn ruleset_conflict(path: &str, vi: &str, en: &str) -> Error {
        Error::new(
            ErrorCode::RulesetConflict,
            path,
            format!("Dữ liệu quy tắc mâu thuẫn tại '{path}': {vi}"),
            format!("Conflicting ruleset data at '{path}': {en}"),
        )
    }

    // ---- The calendar ----

    /// `year_out_of_range`: a date outside the lunar calendar.
    pub fn outside_lunar_range(path: &str, first: i32, last: i32) -> Error {
        Error::new(
            ErrorCode::YearOutOfRange,
            path,
            format!("Ngày nằm ngoài phạm vi lịch âm ({first}-01-01 đến {last}-12-31)"),
            format!("Date outside the lunar calendar's range ({first}-01-01 to {last}-12-31)"),
        )
    }

    /// `invalid_lunar_month`.
    pub fn invalid_lunar_month(path: &str) -> Error {
        Error::new(
            ErrorCode::InvalidLunarMonth,
            path,
            "Tháng âm lịch phải từ 1 đến 12",
            "A lunar month must be 1 to 12",
        )
    }

    /// `invalid_leap_month`.
    pub fn invalid_leap_month(path: &str) -> Error {
        Error::new(
            ErrorCode::InvalidLeapMonth,
            path,
            "Năm âm lịch này không có tháng nhuận đó",
            "That lunar year has no such leap month",
        )
    }

    /// `invalid_lunar_day`.
    pub fn invalid_lunar_day(path: &str) -> Error {
        Error::new(
            ErrorCode::InvalidLunarDay,
            path,
            "Tháng âm lịch này không có ngày đó (tháng thiếu có 29 ngày)",
            "That lunar month has no such day (a short month has 29 days)",
        )
    }

    /// `days_out_of_range`.
    pub fn days_out_of_range(path: &str, days: i64, max: i64) -> Error {
        Error::new(
            ErrorCode::DaysOutOfRange,
            path,
            format!("Số ngày làm việc {days} vượt quá giới hạn ±{max}"),
            format!("{days} working days is beyond the limit of ±{max}"),
        )
    }

    /// `invalid_hours` (`hours` as written).
    pub fn invalid_hours(path: &str, hours: &str, max: u32) -> Error {
        let hours = super::short(hours);
        Error::new(
            ErrorCode::InvalidHours,
            path,
            format!("Số giờ {hours} không hợp lệ (từ 0 đến {max}, chính xác đến giây)"),
            format!("Invalid hours {hours} (0 to {max}, to the second)"),
        )
    }
}
