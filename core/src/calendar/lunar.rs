//! The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
//!
//! **Ground truth.** The calendar issued in Vietnam from 1968 on (UTC+7). Its rules: a month
//! starts on the local day of a new moon; month 11 is the month that contains the December
//! solstice; a "solstice year" (from one month 11 to the next) with 13 months has a leap month,
//! the first month after month 11 that contains no major solar term (no multiple of 30° of the
//! Sun's apparent longitude); it takes the number of the month before it (DOMAIN.md §9).
//!
//! **Astronomy.** New moons use the full series of Meeus, *Astronomical Algorithms* (2nd ed.),
//! ch. 49: all 25 periodic terms and the 14 planetary terms, accurate to a few seconds; ΔT
//! follows the Espenak–Meeus polynomials. The common truncated series misplaces new moons that
//! fall within about a minute of midnight (1944-06-20 23:59:32 UTC+7 is one); this one does not.
//! Major terms use the Sun's apparent longitude of Meeus ch. 25 (about 0.01°, i.e. within
//! ~15 minutes); every month of 1900–2199 is checked against an independent PyEphem reference
//! (`tests/reference/lunar_months.tsv`), so no term in range sits close enough to a day boundary
//! to change a month.
//!
//! **Range.** Solar dates 1900-01-01..=2199-12-31 (lunar year 1899, months 11–12, through
//! lunar year 2199). Outside it every function returns [`LunarError::OutOfRange`]; nothing is
//! extrapolated silently.
//!
//! **Before 1968.** The almanacs printed in Vietnam before 1968 used UTC+8. This engine applies
//! UTC+7 to every year (the proleptic convention of the 1968 reform, also used by the common
//! published Vietnamese algorithm); for the few months before 1968 where the two time zones
//! give different days, its answer is the UTC+7 one and may differ from a pre-1968 printed almanac.

use std::sync::OnceLock;

pub use super::astronomy::{TZ_HOURS, jdn_from_ymd};
/// First lunar year whose months can be asked for (months 11–12 of 1899 cover January 1900).
pub const FIRST_LUNAR_YEAR: i32 = 1899;
/// Last lunar year whose months can be asked for.
pub const LAST_LUNAR_YEAR: i32 = 2199;
/// First solar year supported.
pub const FIRST_SOLAR_YEAR: i32 = 1900;
/// Last solar year supported.
pub const LAST_SOLAR_YEAR: i32 = 2199;

/// A day of the lunisolar calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LunarDate {
    /// Lunar year, named by the Gregorian year in which its month 1 begins.
    pub year: i32,
    /// 1..=12.
    pub month: u8,
    /// 1..=30.
    pub day: u8,
    /// True for the intercalary (nhuận) month.
    pub leap: bool,
}

/// Why a lunar conversion failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LunarError {
    /// Outside 1900-01-01..=2199-12-31 (solar) or lunar years 1899..=2199.
    OutOfRange,
    /// Month number outside 1..=12.
    InvalidMonth,
    /// The year has no leap month with that number.
    NoSuchLeapMonth,
    /// Day 0, day above 30, or day 30 of a 29-day month.
    InvalidDay,
}

/// One solstice year: the months from month 11 of lunar year `y − 1` up to (not including)
/// month 11 of lunar year `y`.
#[derive(Debug)]
struct SolsticeYear {
    /// First days (JDN) of its 12 or 13 months, plus the first day of the next month 11.
    starts: Vec<i64>,
    /// Index into `starts` of the leap month, if any.
    leap_index: Option<usize>,
}

impl SolsticeYear {
    fn month_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Month number and leap flag of the `i`-th month (0 = month 11).
    fn label(&self, i: usize) -> (u8, bool) {
        let shifted = match self.leap_index {
            Some(l) if i >= l => i - 1,
            _ => i,
        };
        let month = ((shifted + 10) % 12 + 1) as u8;
        (month, self.leap_index == Some(i))
    }
}

const SPAN_FIRST: i32 = FIRST_LUNAR_YEAR;
const SPAN_LAST: i32 = LAST_LUNAR_YEAR + 1;
const SPAN_COUNT: usize = (SPAN_LAST - SPAN_FIRST + 1) as usize;

// `MONTHS`: for each solstice year from `SPAN_FIRST` to `SPAN_LAST`, (first day of its month 11
// as JDN, bit i set when its month i has 30 days, its number of months, the index of its leap
// month or 0), computed at build time by `astronomy::solstice_months`.
include!(concat!(env!("OUT_DIR"), "/lunar_months.rs"));
const _: () = assert!(
    MONTHS_FIRST == SPAN_FIRST,
    "the month table starts another year"
);

static SPANS: [OnceLock<SolsticeYear>; SPAN_COUNT] = [const { OnceLock::new() }; SPAN_COUNT];

/// The solstice year ending with month 11 of `y`, read from the table once and kept.
fn solstice_year(y: i32) -> Result<&'static SolsticeYear, LunarError> {
    let i = usize::try_from(y - SPAN_FIRST).map_err(|_| LunarError::OutOfRange)?;
    let (slot, &(first, lengths, months, leap)) = SPANS
        .get(i)
        .zip(MONTHS.get(i))
        .ok_or(LunarError::OutOfRange)?;
    Ok(slot.get_or_init(|| {
        let mut starts = vec![first];
        for m in 0..months {
            let last = starts.last().copied().unwrap_or(first);
            starts.push(last + 29 + i64::from(lengths >> m & 1));
        }
        SolsticeYear {
            starts,
            leap_index: (leap > 0).then_some(usize::from(leap)),
        }
    }))
}

/// Converts a solar (Gregorian) date, given as its Julian Day Number, to the lunar date.
pub fn solar_to_lunar_jdn(jdn: i64, solar_year: i32) -> Result<LunarDate, LunarError> {
    if !(FIRST_SOLAR_YEAR..=LAST_SOLAR_YEAR).contains(&solar_year) {
        return Err(LunarError::OutOfRange);
    }
    let this = solstice_year(solar_year + 1)?;
    let sy = match this.starts.first() {
        Some(&first) if jdn >= first => this,
        _ => solstice_year(solar_year)?,
    };
    let owner = if std::ptr::eq(sy, this) {
        solar_year + 1
    } else {
        solar_year
    };
    let i = sy
        .starts
        .windows(2)
        .position(|w| matches!(w, [a, b] if *a <= jdn && jdn < *b))
        .ok_or(LunarError::OutOfRange)?;
    let (month, leap) = sy.label(i);
    let first_month1 = (0..sy.month_count()).find(|&j| sy.label(j) == (1, false));
    let year = match first_month1 {
        Some(m1) if i >= m1 => owner,
        _ => owner - 1,
    };
    let start = sy.starts.get(i).copied().ok_or(LunarError::OutOfRange)?;
    Ok(LunarDate {
        year,
        month,
        day: (jdn - start + 1) as u8,
        leap,
    })
}

/// Converts a lunar date to the Julian Day Number of its solar day.
///
/// Rejects a leap month the year does not have ([`LunarError::NoSuchLeapMonth`]) and a day
/// beyond the month's length ([`LunarError::InvalidDay`]).
pub fn lunar_to_solar_jdn(date: LunarDate) -> Result<i64, LunarError> {
    if !(FIRST_LUNAR_YEAR..=LAST_LUNAR_YEAR).contains(&date.year) {
        return Err(LunarError::OutOfRange);
    }
    if !(1..=12).contains(&date.month) {
        return Err(LunarError::InvalidMonth);
    }
    if !(1..=30).contains(&date.day) {
        return Err(LunarError::InvalidDay);
    }
    let span_year = if date.month >= 11 {
        date.year + 1
    } else {
        date.year
    };
    let sy = solstice_year(span_year)?;
    let first_month1 = (0..sy.month_count()).find(|&j| sy.label(j) == (1, false));
    let wanted = (date.month, date.leap);
    let i = (0..sy.month_count())
        .find(|&j| {
            let before_new_year = first_month1.is_none_or(|m1| j < m1);
            sy.label(j) == wanted && (before_new_year == (date.month >= 11))
        })
        .ok_or(if date.leap {
            LunarError::NoSuchLeapMonth
        } else {
            LunarError::OutOfRange
        })?;
    let (start, next) = match (sy.starts.get(i), sy.starts.get(i + 1)) {
        (Some(&a), Some(&b)) => (a, b),
        _ => return Err(LunarError::OutOfRange),
    };
    if i64::from(date.day) > next - start {
        return Err(LunarError::InvalidDay);
    }
    let jdn = start + i64::from(date.day) - 1;
    if jdn < jdn_from_ymd(FIRST_SOLAR_YEAR, 1, 1) || jdn > jdn_from_ymd(LAST_SOLAR_YEAR, 12, 31) {
        return Err(LunarError::OutOfRange);
    }
    Ok(jdn)
}

/// Number of days (29 or 30) of a lunar month.
pub fn month_length(year: i32, month: u8, leap: bool) -> Result<u8, LunarError> {
    lunar_to_solar_jdn(LunarDate {
        year,
        month,
        day: 1,
        leap,
    })?;
    match lunar_to_solar_jdn(LunarDate {
        year,
        month,
        day: 30,
        leap,
    }) {
        Ok(_) => Ok(30),
        Err(LunarError::InvalidDay) => Ok(29),
        Err(e) => Err(e),
    }
}

/// The leap month of a lunar year, if it has one.
pub fn leap_month(year: i32) -> Result<Option<u8>, LunarError> {
    if !(FIRST_LUNAR_YEAR..=LAST_LUNAR_YEAR).contains(&year) {
        return Err(LunarError::OutOfRange);
    }
    for span_year in [year, year + 1] {
        let sy = solstice_year(span_year)?;
        if let Some(l) = sy.leap_index {
            let first_month1 = (0..sy.month_count()).find(|&j| sy.label(j) == (1, false));
            let (month, _) = sy.label(l);
            let belongs = match first_month1 {
                Some(m1) if l > m1 => span_year == year,
                _ => span_year == year + 1,
            };
            if belongs {
                return Ok(Some(month));
            }
        }
    }
    Ok(None)
}

const CAN: [&str; 10] = [
    "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
];
const CHI: [&str; 12] = [
    "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
];

/// The sexagenary (can chi) name of a lunar year, e.g. 2025 → "Ất Tỵ".
pub fn year_name(year: i32) -> String {
    let can = CAN
        .get((year + 6).rem_euclid(10) as usize)
        .copied()
        .unwrap_or_default();
    let chi = CHI
        .get((year + 8).rem_euclid(12) as usize)
        .copied()
        .unwrap_or_default();
    let mut name = String::with_capacity(can.len() + 1 + chi.len());
    name.push_str(can);
    name.push(' ');
    name.push_str(chi);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lunar(y: i32, m: u32, d: u32) -> LunarDate {
        solar_to_lunar_jdn(jdn_from_ymd(y, m, d), y).unwrap()
    }

    /// The new moon of 1944-06-20 23:59:32 UTC+7 starts month 5 that day.
    #[test]
    fn new_moon_near_midnight_1944() {
        assert_eq!(
            lunar(1944, 6, 20),
            LunarDate {
                year: 1944,
                month: 5,
                day: 1,
                leap: false
            }
        );
    }

    /// The table the build wrote is what the astronomy gives, for every solstice year.
    #[test]
    fn the_month_table_is_the_astronomy() {
        for y in SPAN_FIRST..=SPAN_LAST {
            let sy = solstice_year(y).unwrap();
            let (starts, leap_index) = super::super::astronomy::solstice_months(y);
            assert_eq!((&sy.starts, sy.leap_index), (&starts, leap_index), "{y}");
        }
    }

    #[test]
    fn year_names() {
        assert_eq!(year_name(2025), "Ất Tỵ");
        assert_eq!(year_name(1968), "Mậu Thân");
        assert_eq!(year_name(2026), "Bính Ngọ");
    }
}
