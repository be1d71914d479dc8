//! The dossier code (mã số hồ sơ) the one-stop system gives each dossier (NĐ 61/2018 Art. 17(3),
//! 26), in the structure of TT 01/2018/TT-VPCP Art. 19(1): `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`,
//! the receiving body's identifier (TT 10/2016/TT-BTTTT), the receipt date (two digits each of
//! year, month, day) and the dossier's number in that day (four digits). Made from its parts and
//! checked against the receipt date.
use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};

/// What is wrong with a dossier code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    /// Not in the structure of Art. 19(1).
    Malformed,
    /// Its date is not the receipt date.
    OtherDate,
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` is a body's identifier `V1V2V3.Z1Z2.Y1Y2.MX1X2` (digits, and a capital letter
/// before the last two digits).
pub fn identifier_ok(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    match parts.as_slice() {
        [v, z, y, m] => {
            let mut m = m.chars();
            digits(v, 3)
                && digits(z, 2)
                && digits(y, 2)
                && m.next().is_some_and(|c| c.is_ascii_uppercase())
                && digits(m.as_str(), 2)
        }
        _ => false,
    }
}

/// The problem with `code` for a dossier received on `received`, if any.
pub fn check(code: &str, received: NaiveDate) -> Option<CodeProblem> {
    let mut parts = code.split('-');
    let (Some(id), Some(date), Some(number), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Some(CodeProblem::Malformed);
    };
    if !identifier_ok(id) || !digits(date, 6) || !digits(number, 4) {
        return Some(CodeProblem::Malformed);
    }
    (!is_yymmdd(date, received)).then_some(CodeProblem::OtherDate)
}

/// Whether six digits are `received` as `YYMMDD` (compared as a number: this runs for every
/// dossier of a report).
fn is_yymmdd(six: &str, received: NaiveDate) -> bool {
    let yy = received.year().rem_euclid(100).unsigned_abs();
    six.parse::<u32>().ok() == Some(yy * 10_000 + received.month() * 100 + received.day())
}

fn yymmdd(d: NaiveDate) -> String {
    format!(
        "{:02}{:02}{:02}",
        d.year().rem_euclid(100),
        d.month(),
        d.day()
    )
}

/// The code of the `number`th dossier (1–9999) received on `received` by the body `identifier`.
pub fn make(identifier: &str, received: NaiveDate, number: u32) -> Result<String> {
    if !identifier_ok(identifier) {
        return Err(Error::invalid_identifier("unit_identifier", identifier));
    }
    if !(1..=9999).contains(&number) {
        return Err(Error::invalid_sequence("number", number));
    }
    Ok(format!("{identifier}-{}-{number:04}", yymmdd(received)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code
    use super::*;

    #[test]
    fn codes_are_made_and_checked() {
        let d = NaiveDate::from_ymd_opt(2025, 6, 23).unwrap();
        let code = make("000.00.26.H59", d, 12).unwrap();
        assert_eq!(code, "000.00.26.H59-250623-0012");
        assert_eq!(check(&code, d), None);
        let next = NaiveDate::from_ymd_opt(2025, 6, 24).unwrap();
        assert_eq!(check(&code, next), Some(CodeProblem::OtherDate));
        for bad in [
            "H59.250102.00001",
            "000.00.26.h59-250623-0012",
            "000.00.26.H59-2506230-012",
        ] {
            assert_eq!(check(bad, d), Some(CodeProblem::Malformed), "{bad}");
        }
        assert!(make("000.00.26", d, 1).is_err());
        assert!(make("000.00.26.H59", d, 0).is_err());
        assert!(make("000.00.26.H59", d, 10_000).is_err());
    }
}
