//! Every entry of the official schedules 2010–2027 (`core/data/vn-official-days-off.json`, the
//! project's copy of shared/data/vn-official-days-off.json), read here independently of the
//! engine's own loader.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
use chrono::{Datelike, NaiveDate};
use thanthien_core::calendar::{Calendar, DayKind};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn every_official_entry() {
    let cal = Calendar::default_ref().unwrap();
    let data: serde_json::Value =
        serde_json::from_str(include_str!("../data/vn-official-days-off.json")).unwrap();
    let mut n = 0;
    for year in 2010..=2027 {
        let y = &data[year.to_string()];
        for e in y["days_off"].as_array().unwrap() {
            let d = date(e["date"].as_str().unwrap());
            let view = cal.day(d, "").unwrap();
            assert!(!view.working, "{d} must be off");
            let want = match e["kind"].as_str().unwrap() {
                "holiday" => DayKind::Holiday,
                "compensatory" => DayKind::Compensatory,
                "swap_off" => DayKind::SwapOff,
                other => panic!("kind {other}"),
            };
            assert_eq!(view.kind, want, "{d}");
            assert_eq!(view.provisional, e["conf"] == "low", "{d}");
            n += 1;
        }
        for e in y["working_weekend_days"].as_array().unwrap() {
            let d = date(e["date"].as_str().unwrap());
            let view = cal.day(d, "").unwrap();
            assert!(view.working, "{d} is a make-up working day");
            assert_eq!(view.kind, DayKind::MakeupWorkingDay);
            n += 1;
        }
        // Tết (mùng 1) and Hùng Kings' day as given by the file are never working days.
        for key in ["tet_1_1_lunar", "hung_kings_10_3_lunar"] {
            let d = date(y[key].as_str().unwrap());
            assert!(!cal.is_working(d, "").unwrap(), "{key} {d}");
        }
        // Every other Monday–Friday is a working day and every other weekend day is not.
        let listed: Vec<NaiveDate> = y["days_off"]
            .as_array()
            .unwrap()
            .iter()
            .chain(y["working_weekend_days"].as_array().unwrap())
            .map(|e| date(e["date"].as_str().unwrap()))
            .collect();
        let mut d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        while d.year() == year {
            if !listed.contains(&d) {
                let weekend = d.weekday().num_days_from_monday() >= 5;
                assert_eq!(cal.is_working(d, "").unwrap(), !weekend, "{d}");
            }
            d = d.succ_opt().unwrap();
        }
    }
    assert!(n > 220, "{n}");
}

#[test]
fn labour_code_versions_in_fallback_years() {
    let cal = Calendar::default_ref().unwrap();
    // 2008 (no schedule loaded, LC 1994 as Luật 84/2007/QH11 wrote Điều 73): Tết 4 days = 6/2
    // (30 Tết) .. 9/2 (Sat, mùng 3); "trùng vào ngày nghỉ hằng tuần thì ... nghỉ bù vào ngày
    // tiếp theo", so the Saturday is made up on Monday 11/2 (Sunday 10/2 being a rest day), as
    // the schedules of 2010, 2011 and 2013 under the same code did. Tuesday 5/2 works.
    let tet08: Vec<bool> = (4..=12)
        .map(|d| {
            cal.is_working(date(&format!("2008-02-{d:02}")), "")
                .unwrap()
        })
        .collect();
    assert_eq!(
        tet08,
        [true, true, false, false, false, false, false, false, true]
    );
    assert_eq!(
        cal.day(date("2008-02-11"), "").unwrap().kind,
        DayKind::Compensatory
    );
    assert!(cal.day(date("2008-02-07"), "").unwrap().provisional);
    // 2030 (LC 2019): 2/9 Monday -> the adjacent day is 3/9.
    assert!(!cal.is_working(date("2030-09-03"), "").unwrap());
    assert!(cal.is_working(date("2030-08-30"), "").unwrap());
    // Hùng Kings 2037 is 24 April in Vietnam (25 in China).
    assert_eq!(
        cal.day(date("2037-04-24"), "").unwrap().kind,
        DayKind::Holiday
    );
    assert!(cal.is_working(date("2037-04-23"), "").unwrap());
}

/// The project's copy must equal the shared source when the checkout sits beside it.
#[test]
fn copy_matches_the_shared_source() {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/vn-official-days-off.json"
    );
    let Ok(source) = std::fs::read_to_string(shared) else {
        eprintln!("skipped: {shared} is not beside this checkout");
        return;
    };
    assert_eq!(source, include_str!("../data/vn-official-days-off.json"));
}
