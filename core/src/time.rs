//! Dates and local date-times at the boundary: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` taken as
//! Vietnam time, or RFC 3339 with an offset converted to UTC+7 (DOMAIN.md §10.1: Vietnam uses
//! UTC+7 with no daylight saving).
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::error::{Error, ErrorCode, Result};

/// Seconds east of UTC of Vietnam time.
pub const VN_OFFSET_SECONDS: i32 = 7 * 3600;

/// Parses `YYYY-MM-DD`, rejecting impossible dates such as 2025-02-29.
pub fn parse_date(s: &str, path: &str) -> Result<NaiveDate> {
    let ok_shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let parsed = if ok_shape {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    } else {
        None
    };
    parsed.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidDate,
            path,
            format!("Ngày không hợp lệ: '{s}' (cần dạng YYYY-MM-DD và là ngày có thật)"),
            format!("Invalid date '{s}' (expected an existing date as YYYY-MM-DD)"),
        )
    })
}

/// Parses a local date-time (`YYYY-MM-DDTHH:MM[:SS]`, Vietnam time) or an RFC 3339 date-time
/// with an offset, and returns it in Vietnam time.
pub fn parse_datetime(s: &str, path: &str) -> Result<NaiveDateTime> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .ok()
        .filter(|_| s.len() == 16 || s.len() == 19);
    if let Some(dt) = naive {
        return Ok(dt);
    }
    let offset = FixedOffset::east_opt(VN_OFFSET_SECONDS);
    match (DateTime::parse_from_rfc3339(s), offset) {
        (Ok(dt), Some(vn)) => Ok(dt.with_timezone(&vn).naive_local()),
        _ => Err(Error::new(
            ErrorCode::InvalidDatetime,
            path,
            format!(
                "Thời điểm không hợp lệ: '{s}' (cần YYYY-MM-DDTHH:MM, giờ Việt Nam, hoặc RFC 3339 có múi giờ)"
            ),
            format!(
                "Invalid date-time '{s}' (expected YYYY-MM-DDTHH:MM in Vietnam time, or RFC 3339 with an offset)"
            ),
        )),
    }
}

/// `YYYY-MM-DD`.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `YYYY-MM-DDTHH:MM`, with `:SS` only when the seconds are not zero.
pub fn format_datetime(dt: NaiveDateTime) -> String {
    if dt.second() == 0 {
        dt.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        dt.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// Parses `HH:MM` into seconds after midnight.
pub fn parse_clock(s: &str, path: &str) -> Result<u32> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .ok()
        .filter(|_| s.len() == 5)
        .map(|t| t.num_seconds_from_midnight())
        .or_else(|| (s == "24:00").then_some(86_400))
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidRuleset,
                path,
                format!("Giờ không hợp lệ: '{s}' (cần HH:MM)"),
                format!("Invalid clock time '{s}' (expected HH:MM)"),
            )
        })
}

/// Julian Day Number of a date.
pub fn jdn(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) + 1_721_425
}

/// The date of a Julian Day Number, if chrono can represent it.
pub fn from_jdn(j: i64) -> Option<NaiveDate> {
    i32::try_from(j - 1_721_425)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// English lowercase weekday name (`monday` …), the contract's `weekday`.
pub fn weekday_name(d: NaiveDate) -> &'static str {
    match d.weekday() {
        chrono::Weekday::Mon => "monday",
        chrono::Weekday::Tue => "tuesday",
        chrono::Weekday::Wed => "wednesday",
        chrono::Weekday::Thu => "thursday",
        chrono::Weekday::Fri => "friday",
        chrono::Weekday::Sat => "saturday",
        chrono::Weekday::Sun => "sunday",
    }
}

/// Vietnamese weekday name (`Thứ Hai` … `Chủ nhật`).
pub fn weekday_name_vi(d: NaiveDate) -> &'static str {
    match d.weekday() {
        chrono::Weekday::Mon => "Thứ Hai",
        chrono::Weekday::Tue => "Thứ Ba",
        chrono::Weekday::Wed => "Thứ Tư",
        chrono::Weekday::Thu => "Thứ Năm",
        chrono::Weekday::Fri => "Thứ Sáu",
        chrono::Weekday::Sat => "Thứ Bảy",
        chrono::Weekday::Sun => "Chủ nhật",
    }
}
