//! Invariants of the calendar, checked exhaustively where cheap and with proptest elsewhere.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use thanthien_core::calendar::Calendar;
use thanthien_core::calendar::lunar::{
    LunarDate, jdn_from_ymd, lunar_to_solar_jdn, month_length, solar_to_lunar_jdn,
};

fn date_from_index(i: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1995, 1, 1)
        .unwrap()
        .checked_add_days(Days::new(u64::from(i)))
        .unwrap()
}

/// Working days in (a, b], counted one day at a time: the reference model.
fn naive_between(cal: &Calendar, a: NaiveDate, b: NaiveDate) -> i64 {
    let mut n = 0;
    let mut d = a.succ_opt().unwrap();
    while d <= b {
        n += i64::from(cal.is_working(d, "").unwrap());
        d = d.succ_opt().unwrap();
    }
    n
}

#[test]
fn solar_lunar_round_trip_every_day_1900_2199() {
    let mut d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2199, 12, 31).unwrap();
    let mut count = 0;
    let mut prev: Option<LunarDate> = None;
    while d <= last {
        let j = jdn_from_ymd(d.year(), d.month(), d.day());
        let l = solar_to_lunar_jdn(j, d.year()).unwrap();
        assert_eq!(lunar_to_solar_jdn(l), Ok(j), "{d} -> {l:?}");
        // Consecutive days are consecutive lunar days, or day 1 of the next month after the
        // last day (29 or 30) of the previous one.
        if let Some(p) = prev {
            if l.day == 1 {
                assert!(p.day == 29 || p.day == 30, "{d}: month of {} days", p.day);
                assert_eq!(month_length(p.year, p.month, p.leap), Ok(p.day));
            } else {
                assert_eq!(
                    (l.year, l.month, l.leap, l.day),
                    (p.year, p.month, p.leap, p.day + 1),
                    "{d}"
                );
            }
        }
        prev = Some(l);
        count += 1;
        d = d.succ_opt().unwrap();
    }
    assert_eq!(count, 300 * 365 + 73); // 73 leap years: 1900 and 2100 are not
}

#[test]
fn lunar_years_have_12_or_13_months_of_29_or_30_days() {
    for y in 1900..2199 {
        let tet = lunar_to_solar_jdn(LunarDate {
            year: y,
            month: 1,
            day: 1,
            leap: false,
        })
        .unwrap();
        let next = lunar_to_solar_jdn(LunarDate {
            year: y + 1,
            month: 1,
            day: 1,
            leap: false,
        })
        .unwrap();
        let len = next - tet;
        assert!(
            [353, 354, 355, 383, 384, 385].contains(&len),
            "{y}: {len} days"
        );
        let leap = thanthien_core::calendar::lunar::leap_month(y).unwrap();
        assert_eq!(leap.is_some(), len > 360, "{y}");
    }
}

fn cal() -> &'static Calendar {
    Calendar::default_ref().unwrap()
}

/// Each year end from 1996 to 2198: one working day on or back from every day between 20
/// December and 10 January is the day a day-by-day walk reaches (the counts cross years).
#[test]
fn one_working_day_across_every_year_end_is_the_walked_one() {
    let walk = |s: NaiveDate, step: fn(&NaiveDate) -> Option<NaiveDate>| {
        let mut d = step(&s).unwrap();
        while !cal().is_working(d, "").unwrap() {
            d = step(&d).unwrap();
        }
        d
    };
    for year in 1996..2199 {
        let from = NaiveDate::from_ymd_opt(year, 12, 20).unwrap();
        for s in from.iter_days().take(22) {
            assert_eq!(
                cal().add_working_days(s, 1, "").unwrap(),
                walk(s, NaiveDate::succ_opt)
            );
            assert_eq!(
                cal().add_working_days(s, -1, "").unwrap(),
                walk(s, NaiveDate::pred_opt)
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn adding_then_counting_gives_n(start in 5_000u32..70_000, n in -3_000i64..3_000) {
        let s = date_from_index(start);
        let end = cal().add_working_days(s, n, "").unwrap();
        prop_assert_eq!(cal().working_days_between(s, end, "").unwrap(), n);
        if n != 0 {
            prop_assert!(cal().is_working(end, "").unwrap());
        }
    }

    #[test]
    fn skipped_count_is_the_non_working_days_between(start in 5_000u32..70_000, n in -800i64..800) {
        let s = date_from_index(start);
        let out = thanthien_core::api::calendar::add_working_days(
            thanthien_core::api::calendar::AddWorkingDaysInput {
                start: thanthien_core::time::format_date(s),
                days: n,
                explain: Some(false),
                ruleset: None,
            },
        )
        .unwrap();
        let end = thanthien_core::time::parse_date(&out.date, "").unwrap();
        let (_, counted) = cal().skipped_days(s, end, 0, "").unwrap();
        let (lo, hi) = if s <= end { (s, end) } else { (end, s) };
        let mut d = lo.succ_opt().unwrap();
        let mut by_day = 0u64;
        while d < hi {
            by_day += u64::from(!cal().is_working(d, "").unwrap());
            d = d.succ_opt().unwrap();
        }
        prop_assert_eq!(out.skipped_count, by_day);
        prop_assert_eq!(counted, by_day);
    }

    /// One working day on or back is the day a day-by-day walk reaches, across weeks,
    /// holidays and year ends.
    #[test]
    fn one_working_day_on_or_back_is_the_walked_one(start in 400u32..74_000) {
        let s = date_from_index(start);
        let walk = |step: fn(&NaiveDate) -> Option<NaiveDate>| {
            let mut d = step(&s).unwrap();
            while !cal().is_working(d, "").unwrap() {
                d = step(&d).unwrap();
            }
            d
        };
        prop_assert_eq!(cal().add_working_days(s, 1, "").unwrap(), walk(NaiveDate::succ_opt));
        prop_assert_eq!(cal().add_working_days(s, -1, "").unwrap(), walk(NaiveDate::pred_opt));
    }

    #[test]
    fn adding_is_monotone(start in 5_000u32..70_000, n in -3_000i64..3_000) {
        let s = date_from_index(start);
        let a = cal().add_working_days(s, n, "").unwrap();
        let b = cal().add_working_days(s, n + 1, "").unwrap();
        prop_assert!(a < b, "{a} !< {b}");
    }

    #[test]
    fn counting_agrees_with_the_day_by_day_model(a in 0u32..74_000, len in 0u32..800) {
        let from = date_from_index(a);
        let to = from.checked_add_days(Days::new(u64::from(len))).unwrap();
        prop_assume!(to.year() <= 2199);
        prop_assert_eq!(cal().working_days_between(from, to, "").unwrap(), naive_between(cal(), from, to));
        prop_assert_eq!(
            cal().working_days_between(to, from, "").unwrap(),
            -(naive_between(cal(), from.pred_opt().unwrap(), to.pred_opt().unwrap()))
        );
    }

    #[test]
    fn adding_agrees_with_stepping(start in 0u32..74_000, n in 1i64..60) {
        let s = date_from_index(start);
        let mut d = s;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap();
            if cal().is_working(d, "").unwrap() {
                left -= 1;
            }
        }
        prop_assert_eq!(cal().add_working_days(s, n, "").unwrap(), d);
    }

    #[test]
    fn working_hours_add_then_measure(start in 0u32..70_000, minute in 0u32..1_440, secs in 0i64..2_000_000) {
        let s: NaiveDateTime = date_from_index(start).and_hms_opt(minute / 60, minute % 60, 0).unwrap();
        let clock = cal().clock_start(s, None, "").unwrap();
        let end = cal().add_working_seconds(s, secs, None, "").unwrap();
        prop_assert!(end >= clock);
        prop_assert_eq!(cal().working_seconds_between(s, end, None, "").unwrap(), secs);
        prop_assert_eq!(cal().working_seconds_between(clock, end, None, "").unwrap(), secs);
    }
}
