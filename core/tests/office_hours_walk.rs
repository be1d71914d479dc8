//! Working time under office hours that change over time and differ by unit, against a walk
//! day by day and session by session (DOMAIN.md §10.3–10.4): the office time between two
//! moments is what the walk counts, and the moment `n` seconds of office time after a start is
//! where the walk runs out (at a session's close when it runs out there; for `n = 0`, the clock
//! start: the start itself inside a session, else the next opening).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)] // test code

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use proptest::prelude::*;
use thanthien_core::calendar::{Calendar, CalendarInput, OfficeHoursInput};

/// One office-hours entry: unit (`None` for every unit), first day, sessions in minutes.
type Entry = (Option<&'static str>, NaiveDate, Vec<(u32, u32)>);

/// The data's own default, in force from the calendar's first year.
fn default_entry() -> Entry {
    (
        None,
        NaiveDate::from_ymd_opt(1995, 1, 1).unwrap(),
        vec![(7 * 60, 11 * 60 + 30), (13 * 60 + 30, 17 * 60)],
    )
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn calendar(entries: &[Entry]) -> Calendar {
    let input: Vec<OfficeHoursInput> = entries
        .iter()
        .map(|(unit, from, sessions)| OfficeHoursInput {
            unit: unit.map(str::to_owned),
            from: from.to_string(),
            sessions: sessions
                .iter()
                .map(|&(a, b)| [clock(a), clock(b)])
                .collect(),
            ..OfficeHoursInput::default()
        })
        .collect();
    Calendar::with_overrides(
        &CalendarInput {
            office_hours: &input,
            ..CalendarInput::default()
        },
        "ruleset",
    )
    .unwrap()
}

/// The sessions (seconds) in force for `unit` on `d`: the unit's latest entry from on or
/// before `d`, else the latest entry for every unit (a later entry for the same unit and day
/// replaces an earlier one).
fn sessions_on(entries: &[Entry], unit: Option<&str>, d: NaiveDate) -> Vec<(u32, u32)> {
    let latest = |u: Option<&str>| {
        entries
            .iter()
            .enumerate()
            .filter(|(_, (eu, from, _))| *eu == u && *from <= d)
            .max_by_key(|(i, (_, from, _))| (*from, *i))
            .map(|(_, (_, _, s))| s.iter().map(|&(a, b)| (a * 60, b * 60)).collect())
    };
    unit.and_then(|u| latest(Some(u)))
        .or_else(|| latest(None))
        .unwrap_or_default()
}

fn secs(t: NaiveDateTime) -> u32 {
    t.time().num_seconds_from_midnight()
}

fn at(d: NaiveDate, s: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap())
}

/// Office seconds in `[from, to)`, `from <= to`, day by day.
fn walk_between(
    cal: &Calendar,
    entries: &[Entry],
    unit: Option<&str>,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> i64 {
    let mut total = 0i64;
    let mut d = from.date();
    while d <= to.date() {
        if cal.is_working(d, "").unwrap() {
            let lo = if d == from.date() { secs(from) } else { 0 };
            let hi = if d == to.date() { secs(to) } else { 86_400 };
            for (a, b) in sessions_on(entries, unit, d) {
                total += i64::from(b.min(hi).saturating_sub(a.max(lo)));
            }
        }
        d = d + Days::new(1);
    }
    total
}

/// The moment `n` office seconds after `start`, session by session.
fn walk_add(
    cal: &Calendar,
    entries: &[Entry],
    unit: Option<&str>,
    start: NaiveDateTime,
    n: i64,
) -> NaiveDateTime {
    let mut left = n;
    let mut d = start.date();
    loop {
        if cal.is_working(d, "").unwrap() {
            let lo = if d == start.date() { secs(start) } else { 0 };
            for (a, b) in sessions_on(entries, unit, d) {
                if lo >= b {
                    continue;
                }
                let from = lo.max(a);
                let avail = i64::from(b - from);
                if left <= avail {
                    return at(d, from + left as u32);
                }
                left -= avail;
            }
        }
        d = d + Days::new(1);
    }
}

fn day_in(range: std::ops::Range<u32>) -> impl Strategy<Value = NaiveDate> {
    range.prop_map(|k| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(u64::from(k)))
}

/// One to three disjoint sessions, in minutes, sorted.
fn sessions() -> impl Strategy<Value = Vec<(u32, u32)>> {
    proptest::collection::btree_set(0u32..1_440, 2..=6).prop_map(|set| {
        let v: Vec<u32> = set.into_iter().collect();
        v.chunks_exact(2).map(|p| (p[0], p[1])).collect()
    })
}

fn entries() -> impl Strategy<Value = Vec<Entry>> {
    let entry = (
        prop_oneof![Just(None), Just(Some("u1"))],
        day_in(0..900),
        sessions(),
    );
    proptest::collection::vec(entry, 0..4).prop_map(|mut v| {
        v.insert(0, default_entry());
        v
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn office_time_is_the_walk(
        entries in entries(),
        unit in prop_oneof![Just(None), Just(Some("u1")), Just(Some("u2"))],
        start_day in day_in(0..1_000),
        start_min in 0u32..1_440,
        n in prop_oneof![Just(0i64), 1i64..3_600, 1i64..400_000],
        span in 0u64..90,
        end_min in 0u32..1_440,
    ) {
        let cal = calendar(&entries);
        let start = at(start_day, start_min * 60 + start_min % 7);
        let end = at(start_day + Days::new(span), end_min * 60);
        let (lo, hi) = if start <= end { (start, end) } else { (end, start) };
        let between = walk_between(&cal, &entries, unit, lo, hi);
        prop_assert_eq!(cal.working_seconds_between(lo, hi, unit, "").unwrap(), between);
        prop_assert_eq!(cal.working_seconds_between(hi, lo, unit, "").unwrap(), -between);
        let due = walk_add(&cal, &entries, unit, start, n);
        prop_assert_eq!(cal.add_working_seconds(start, n, unit, "").unwrap(), due);
        prop_assert_eq!(cal.clock_start(start, unit, "").unwrap(), walk_add(&cal, &entries, unit, start, 0));
    }
}
