//! The messages of the year-end report's faults: states handed back or merged, and its page.
use super::{Error, ErrorCode};

impl Error {
    /// `invalid_input`: a report state handed back malformed.
    pub fn malformed_report_state(path: &str) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            "Trạng thái báo cáo không đúng cấu trúc (12 tháng, 10 chỉ số)",
            "The report state is malformed (12 months, 10 indicators)",
        )
    }

    /// `invalid_input`: a report state (an edited one: a count never leaves one so) with more
    /// dossiers open past their due time than open, overall or in a procedure's row.
    pub fn report_overdue_above_open(path: &str) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            "Trạng thái báo cáo không nhất quán: số hồ sơ quá hạn nhiều hơn số hồ sơ đang giải \
             quyết",
            "The report state does not add up: more open dossiers past their due time than open",
        )
    }

    /// `invalid_input`: a report state counted another way than this version counts (`found` 1:
    /// no `state_version`, written before the incidents' apologies were counted apart), whose
    /// counters mean something else.
    pub fn report_state_version(path: &str, found: u32, current: u32) -> Error {
        let (vi, en) = if found == 1 {
            (
                "một phiên bản trước (state_version 1, hoặc trạng thái không ghi trường này)"
                    .to_owned(),
                "an earlier version (state_version 1, or a state without the field)".to_owned(),
            )
        } else if found < current {
            (
                format!("một phiên bản trước (state_version {found})"),
                format!("an earlier version (state_version {found})"),
            )
        } else {
            (
                format!("một phiên bản sau (state_version {found})"),
                format!("a later version (state_version {found})"),
            )
        };
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!(
                "Trạng thái báo cáo được đếm theo cách của {vi}, phiên bản này đếm theo cách \
                 {current}: các bộ đếm mang nghĩa khác, không cộng thêm, gộp hay kết thúc được; \
                 hãy đếm lại cả năm từ các hồ sơ bằng cùng một phiên bản"
            ),
            format!(
                "The report state was counted by the method of {en}; this version counts by \
                 method {current}: its counters mean something else, so it cannot be added to, \
                 merged or finished; count the year again from its records with one version"
            ),
        )
    }

    /// `invalid_input`: a report state handed back whose office minutes by length of day are
    /// not as a count leaves them.
    pub fn malformed_working_minutes(path: &str) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            "Số phút làm việc của trạng thái báo cáo không đúng cấu trúc (độ dài ngày làm việc \
             từ 1 đến 86400 giây, tăng dần, không lặp lại)",
            "The report state's working minutes are malformed (lengths of the office day of 1 \
             to 86,400 seconds, in increasing order, none twice)",
        )
    }

    /// `invalid_input`: a counter of a report state handed back above what any unit could count.
    pub fn report_counter_too_large(path: &str, max: u64) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!("Bộ đếm của trạng thái báo cáo vượt quá {max}: trạng thái đã bị sửa"),
            format!("A counter of the report state is above {max}: the state was edited"),
        )
    }

    /// `invalid_input`: report states of another unit or year cannot be merged.
    pub fn report_states_differ(path: &str, unit: &str, year: i32) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!(
                "Trạng thái báo cáo này không phải của đơn vị {unit}, năm {year}: không gộp được"
            ),
            format!("This report state is not of unit {unit}, year {year}: it cannot be merged"),
        )
    }

    /// `invalid_input`: a later report state already counted some procedures together, so which
    /// of them an earlier state counts one by one is lost.
    pub fn report_state_not_mergeable(path: &str, max: usize) -> Error {
        Error::new(
            ErrorCode::InvalidInput,
            path,
            format!(
                "Trạng thái báo cáo sau đã gộp các thủ tục quá {max} thủ tục đầu: không gộp được \
                 chính xác; hãy đếm ít dòng hơn vào mỗi trạng thái"
            ),
            format!(
                "The later report state already counted the procedures past its first {max} \
                 together: it cannot be merged exactly; count fewer lines into each state"
            ),
        )
    }

    /// `internal_data`: the report's page template does not render.
    pub fn report_template(detail: &str) -> Error {
        Error::new(
            ErrorCode::InternalData,
            "report.html",
            format!("Mẫu báo cáo bị lỗi: {detail}"),
            format!("The report template is broken: {detail}"),
        )
    }
}
