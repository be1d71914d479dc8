//! Every lunar month 1900–2199 against the independent DE421/PyEphem reference
//! (`tests/reference/make_lunar_reference.py`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
use thanthien_core::calendar::lunar::*;

#[test]
fn every_month_matches_reference() {
    let text = include_str!("../../tests/reference/lunar_months.tsv");
    let mut checked = 0;
    let mut bad = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (y, m, leap, first, len): (i32, u8, bool, &str, u8) = (
            f[0].parse().unwrap(),
            f[1].parse().unwrap(),
            f[2] == "1",
            f[3],
            f[4].parse().unwrap(),
        );
        let ymd: Vec<u32> = first.split('-').map(|p| p.parse().unwrap()).collect();
        let want = jdn_from_ymd(ymd[0] as i32, ymd[1], ymd[2]);
        let got = lunar_to_solar_jdn(LunarDate {
            year: y,
            month: m,
            day: 1,
            leap,
        });
        if ymd[0] as i32 > LAST_SOLAR_YEAR {
            assert_eq!(got, Err(LunarError::OutOfRange), "{line}");
            continue;
        }
        let got_len = month_length(y, m, leap);
        if got != Ok(want) || got_len != Ok(len) {
            bad.push(format!("{line} -> {got:?} len {got_len:?}"));
        }
        checked += 1;
    }
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
    assert!(checked > 3700, "{checked}");
}
