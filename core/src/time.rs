//! Dates and local date-times at the boundary: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` taken as
//! Vietnam time, or RFC 3339 with an offset converted to UTC+7 (DOMAIN.md §10.1: Vietnam uses
//! UTC+7 with no daylight saving).
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::error::{Error, Result};

/// Seconds east of UTC of Vietnam time.
pub const VN_OFFSET_SECONDS: i32 = 7 * 3600;
/// First solar year the engine covers: the range of its lunisolar calendar
/// ([`crate::calendar::lunar`]), which every dated rule builds on.
pub const FIRST_YEAR: i32 = 1900;
/// Last solar year the engine covers.
pub const LAST_YEAR: i32 = 2199;

/// Parses a run of ASCII digits.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        n.checked_mul(10)?.checked_add(u32::from(digit))
    })
}

fn ymd(s: &str) -> Option<NaiveDate> {
    let (y, rest) = (s.get(0..4)?, s.get(4..)?);
    let (m, d) = (rest.get(1..3)?, rest.get(4..)?);
    if rest.len() != 6 || rest.get(0..1)? != "-" || rest.get(3..4)? != "-" {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(digits(y)?).ok()?, digits(m)?, digits(d)?)
}

/// `HH:MM` or `HH:MM:SS` (and an ignored fraction of a second after `SS`).
fn hms(s: &str) -> Option<NaiveTime> {
    let (h, m) = (digits(s.get(0..2)?)?, digits(s.get(3..5)?)?);
    if s.get(2..3)? != ":" {
        return None;
    }
    let sec = match s.len() {
        5 => 0,
        _ if s.get(5..6)? == ":" => {
            let frac = s.get(8..).unwrap_or("");
            if !frac.is_empty()
                && (frac.len() < 2 || !frac.starts_with('.') || digits(frac.get(1..)?).is_none())
            {
                return None;
            }
            digits(s.get(6..8)?)?
        }
        _ => return None,
    };
    NaiveTime::from_hms_opt(h, m, sec)
}

/// Refuses a year outside the solar years the engine covers ([`FIRST_YEAR`] to [`LAST_YEAR`])
/// with `year_out_of_range`.
pub fn check_year(year: i32, path: &str) -> Result<()> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Ok(());
    }
    Err(Error::year_outside(path, year, FIRST_YEAR, LAST_YEAR))
}

/// Parses `YYYY-MM-DD`, rejecting impossible dates such as 2025-02-29 and years outside the
/// engine's ([`check_year`]): every date a caller sends passes here, so no field is read (or
/// scored) in year 0 or 9999.
pub fn parse_date(s: &str, path: &str) -> Result<NaiveDate> {
    let d = ymd(s).ok_or_else(|| invalid_date(s, path))?;
    check_year(d.year(), path)?;
    Ok(d)
}

/// A date from its numbers (a typed record, generated data), refused as [`parse_date`] refuses
/// its text when it does not exist or lies outside the engine's years.
pub fn date_of(year: i32, month: u32, day: u32, path: &str) -> Result<NaiveDate> {
    let d = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| invalid_date(&format!("{year:04}-{month:02}-{day:02}"), path))?;
    check_year(year, path)?;
    Ok(d)
}

fn invalid_date(s: &str, path: &str) -> Error {
    Error::invalid_date(path, s)
}

/// A date-time with an explicit offset, converted to Vietnam time.
fn with_offset(s: &str) -> Option<NaiveDateTime> {
    let (date, rest) = (ymd(s.get(0..10)?)?, s.get(10..)?);
    if !(rest.starts_with('T') || rest.starts_with('t')) {
        return None;
    }
    let rest = rest.get(1..)?;
    let (clock, offset_secs) =
        if let Some(c) = rest.strip_suffix('Z').or_else(|| rest.strip_suffix('z')) {
            (c, 0i64)
        } else {
            let split = rest.len().checked_sub(6)?;
            let (c, off) = (rest.get(..split)?, rest.get(split..)?);
            let sign = match off.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            if off.get(3..4)? != ":" {
                return None;
            }
            let (oh, om) = (
                i64::from(digits(off.get(1..3)?)?),
                i64::from(digits(off.get(4..6)?)?),
            );
            if oh > 23 || om > 59 {
                return None;
            }
            (c, sign * (oh * 3600 + om * 60))
        };
    if clock.len() < 8 {
        return None;
    }
    let local = date.and_time(hms(clock)?);
    local.checked_add_signed(chrono::Duration::seconds(
        i64::from(VN_OFFSET_SECONDS) - offset_secs,
    ))
}

/// Parses a local date-time (`YYYY-MM-DDTHH:MM[:SS]`, Vietnam time) or an RFC 3339 date-time
/// with an offset, and returns it in Vietnam time; its year must be the engine's, as in
/// [`parse_date`].
pub fn parse_datetime(s: &str, path: &str) -> Result<NaiveDateTime> {
    let t = parse_datetime_any_year(s, path)?;
    check_year(t.year(), path)?;
    Ok(t)
}

fn parse_datetime_any_year(s: &str, path: &str) -> Result<NaiveDateTime> {
    let naive = || -> Option<NaiveDateTime> {
        if !(s.len() == 16 || s.len() == 19) || s.get(10..11)? != "T" {
            return None;
        }
        Some(ymd(s.get(0..10)?)?.and_time(hms(s.get(11..)?)?))
    };
    naive()
        .or_else(|| with_offset(s))
        .ok_or_else(|| Error::invalid_datetime(path, s))
}

/// `YYYY-MM-DD` (written digit by digit: this runs for every answer of every batch record).
pub fn format_date(d: NaiveDate) -> String {
    ShortText::date(d).as_str().to_owned()
}

/// `DD/MM/YYYY`, as Vietnamese texts write a date.
pub fn format_dmy(d: NaiveDate) -> String {
    let mut text = ShortText::default();
    text.digits(d.day(), 2);
    text.push(b'/');
    text.digits(d.month(), 2);
    text.push(b'/');
    text.digits(d.year().unsigned_abs(), 4);
    text.as_str().to_owned()
}

/// `HH:MM` of a moment, and its `DD/MM/YYYY` date after `between` (`09:30 ngày 05/02/2025`), as
/// the texts of letters and evaluations write a moment (written digit by digit, as chrono's
/// `%H:%M` writes it, without chrono's formatting machinery in the browser packages).
pub fn format_hm_dmy(t: NaiveDateTime, between: &str) -> String {
    let mut text = ShortText::default();
    text.digits(t.hour(), 2);
    text.push(b':');
    text.digits(t.minute(), 2);
    format!("{}{between}{}", text.as_str(), format_dmy(t.date()))
}

/// `YYYY-MM-DD` exactly (four digits of year, no sign), the form of the dates the engine
/// writes; `None` for anything else. Unlike [`parse_date`], no year range and no error.
pub fn date_of_text(s: &str) -> Option<NaiveDate> {
    ymd(s)
}

/// `YYYY-MM-DDTHH:MM`, with `:SS` only when the seconds are not zero.
pub fn format_datetime(dt: NaiveDateTime) -> String {
    ShortText::moment(dt).as_str().to_owned()
}

/// A date's or a moment's text, written digit by digit in place rather than allocated.
#[derive(Default)]
struct ShortText {
    bytes: [u8; 19],
    len: usize,
}

impl ShortText {
    fn date(d: NaiveDate) -> Self {
        let mut text = ShortText::default();
        text.digits(d.year().unsigned_abs(), 4);
        text.push(b'-');
        text.digits(d.month(), 2);
        text.push(b'-');
        text.digits(d.day(), 2);
        text
    }

    fn moment(dt: NaiveDateTime) -> Self {
        let (mut text, t) = (ShortText::date(dt.date()), dt.time());
        text.push(b'T');
        text.digits(t.hour(), 2);
        text.push(b':');
        text.digits(t.minute(), 2);
        if t.second() != 0 {
            text.push(b':');
            text.digits(t.second(), 2);
        }
        text
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    fn digits(&mut self, value: u32, width: u32) {
        for place in (0..width).rev() {
            self.push(b'0' + (value / 10u32.pow(place) % 10) as u8);
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// A moment of an answer: written as [`format_datetime`] writes it, straight into the answer's
/// text on the text path (a dossier's answer holds a dozen; none is allocated there), and read
/// back by [`parse_datetime`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(pub NaiveDateTime);

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(ShortText::moment(self.0).as_str())
    }
}

impl serde::Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(ShortText::moment(self.0).as_str())
    }
}

impl crate::de::encode::Encode for Stamp {
    fn encode(&self, _: &mut crate::de::encode::Writer) -> serde_json::Value {
        serde_json::Value::String(ShortText::moment(self.0).as_str().to_owned())
    }
}

impl<'de> serde::Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_datetime(&text, "")
            .map(Stamp)
            .map_err(|e| serde::de::Error::custom(e.message_en))
    }
}

/// Described as the text it is written as (the schema of a `String` field).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Stamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

/// Parses `HH:MM` (or `24:00`) into seconds after midnight.
pub fn parse_clock(s: &str, path: &str) -> Result<u32> {
    let secs = if s == "24:00" {
        Some(86_400)
    } else {
        hms(s)
            .filter(|_| s.len() == 5)
            .map(|t| t.num_seconds_from_midnight())
    };
    secs.ok_or_else(|| Error::invalid_clock(path, s))
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

/// A date (`YYYY-MM-DD`, taken at 07:00, the opening of the desk) or a date-time.
pub fn parse_moment_or_day(text: &str, path: &str) -> Result<NaiveDateTime> {
    if text.len() > 10 {
        parse_datetime(text, path)
    } else {
        Ok(parse_date(text, path)?
            .and_hms_opt(7, 0, 0)
            .unwrap_or_default())
    }
}

/// The shapes of the date and time texts for the published JSON Schemas: a field read by
/// [`parse_date`] or [`parse_datetime`] is described by one of these (`schemars(with = …)`), so
/// that a schema says what the parsers take. A date's year is one of [`FIRST_YEAR`] to
/// [`LAST_YEAR`], its month 01–12 and its day 01–31; whether the day exists in its month is
/// checked by the engine. A moment's year is left open: an offset may move it into the engine's
/// years (`1899-12-31T20:00Z` is 1900-01-01 in Vietnam), which the engine checks.
#[cfg(feature = "schema")]
pub mod text {
    use std::borrow::Cow;

    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

    macro_rules! shape {
        ($name:ident, $pattern:literal, $doc:literal) => {
            #[doc = $doc]
            pub struct $name;
            impl JsonSchema for $name {
                fn schema_name() -> Cow<'static, str> {
                    stringify!($name).into()
                }
                fn inline_schema() -> bool {
                    true
                }
                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    json_schema!({ "type": "string", "pattern": $pattern })
                }
            }
        };
    }

    shape!(
        Date,
        "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        "`YYYY-MM-DD` ([`super::parse_date`])."
    );
    shape!(
        Moment,
        "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]",
        "`YYYY-MM-DDTHH:MM[:SS]`, or RFC 3339 with an offset ([`super::parse_datetime`])."
    );
    shape!(
        DateOrMoment,
        "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
        "A date, or a moment (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`)."
    );

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::time::{FIRST_YEAR, LAST_YEAR, parse_date, parse_datetime};

        fn pattern<T: JsonSchema>() -> regex::Regex {
            let schema = T::json_schema(&mut SchemaGenerator::default());
            let text = schema
                .get("pattern")
                .and_then(|p| p.as_str())
                .unwrap_or_default();
            regex::Regex::new(text).unwrap_or_else(|e| panic!("{text}: {e}"))
        }

        /// Every four-digit year, month and day the date pattern takes, [`parse_date`] takes or
        /// refuses only as a day its month lacks; every date of the engine's years matches.
        #[test]
        fn date_pattern_is_the_parsers() {
            let date = pattern::<Date>();
            for year in 1000..=9999 {
                for (month, day) in [(1, 1), (2, 29), (12, 31), (0, 1), (13, 1), (1, 0), (1, 32)] {
                    let text = format!("{year}-{month:02}-{day:02}");
                    let in_range = (FIRST_YEAR..=LAST_YEAR).contains(&year);
                    let well_formed = (1..=12).contains(&month) && (1..=31).contains(&day);
                    assert_eq!(date.is_match(&text), in_range && well_formed, "{text}");
                    if parse_date(&text, "d").is_ok() {
                        assert!(date.is_match(&text), "{text}");
                    }
                }
            }
        }

        /// A moment the parser takes matches the moment patterns, and their hour and minute are
        /// the parser's: 24:00 and 12:60 match neither.
        #[test]
        fn moment_patterns_take_what_the_parser_takes() {
            let (moment, either) = (pattern::<Moment>(), pattern::<DateOrMoment>());
            let taken = [
                "1900-01-01T00:00",
                "2199-12-31T23:59:59",
                "1899-12-31T20:00:00Z",
                "2025-02-28t08:30:00+07:00",
            ];
            for text in taken {
                assert!(parse_datetime(text, "t").is_ok(), "{text}");
                assert!(moment.is_match(text) && either.is_match(text), "{text}");
            }
            for text in ["2025-02-28T24:00", "2025-02-28T12:60", "2025-13-01T08:00"] {
                assert!(parse_datetime(text, "t").is_err(), "{text}");
                assert!(!moment.is_match(text), "{text}");
            }
            assert!(either.is_match("2025-02-28") && !either.is_match("2025-00-28"));
        }
    }
}

impl crate::de::lean::Decode for Stamp {
    fn decode(
        value: serde_json::Value,
        at: &crate::de::Path<'_>,
    ) -> std::result::Result<Self, crate::de::DeError> {
        crate::de::lean::by_serde(value, at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn dates() {
        assert_eq!(
            format_date(parse_date("2025-01-29", "").unwrap()),
            "2025-01-29"
        );
        for bad in [
            "2025-02-29",
            "2025-1-29",
            "29/01/2025",
            "2025-01-29 ",
            "+025-01-29",
            "2025-13-01",
            "",
            "2025-01-2a",
        ] {
            assert_eq!(
                parse_date(bad, "d").unwrap_err().code,
                ErrorCode::InvalidDate,
                "{bad}"
            );
        }
    }

    #[test]
    fn datetimes() {
        let f = |s: &str| parse_datetime(s, "").map(format_datetime);
        assert_eq!(f("2025-01-24T16:50").unwrap(), "2025-01-24T16:50");
        assert_eq!(f("2025-01-24T16:50:05").unwrap(), "2025-01-24T16:50:05");
        assert_eq!(f("2025-01-24T09:50:00Z").unwrap(), "2025-01-24T16:50");
        assert_eq!(f("2025-01-24T18:50:00+09:00").unwrap(), "2025-01-24T16:50");
        assert_eq!(
            f("2025-01-24T16:50:00.250+07:00").unwrap(),
            "2025-01-24T16:50"
        );
        assert_eq!(f("2025-01-24T23:30:00-01:00").unwrap(), "2025-01-25T07:30");
        for bad in [
            "2025-01-24 16:50",
            "2025-01-24T25:00",
            "2025-02-29T10:00",
            "2025-01-24T16:50+07",
            "2025-01-24T16:50:00+7:00",
            "2025-01-24T16",
        ] {
            assert_eq!(
                parse_datetime(bad, "t").unwrap_err().code,
                ErrorCode::InvalidDatetime,
                "{bad}"
            );
        }
    }

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("07:30", "").unwrap(), 27_000);
        assert_eq!(parse_clock("24:00", "").unwrap(), 86_400);
        assert!(parse_clock("7:30", "").is_err());
        assert!(parse_clock("07:30:00", "").is_err());
    }

    #[test]
    fn stamps_are_written_as_format_datetime_writes_them() {
        let v = parse_datetime("2025-01-24T16:50:05", "").unwrap();
        for (v, written) in [
            (v, "2025-01-24T16:50:05"),
            (v.with_second(0).unwrap(), "2025-01-24T16:50"),
        ] {
            let text = serde_json::to_string(&Stamp(v)).unwrap();
            assert_eq!(text, format!("\"{written}\""));
            assert_eq!(Stamp(v).to_string(), written);
            assert_eq!(serde_json::from_str::<Stamp>(&text).unwrap(), Stamp(v));
        }
        assert!(serde_json::from_str::<Stamp>("\"2025-02-30T10:00\"").is_err());
    }
}
