//! The priority of a home visit (0–100): urgency grows as the 60-day limit of Luật Hộ tịch
//! Art. 15(1) nears, and the household's circumstances add their points. Every weight is data
//! (`birth_home.toml` `[weights]`, changed by a commune's ruleset); no text of law sets them.
use super::BirthHome;
use super::model::{Place, ScoreComponent};
use super::record::ApplicationInput;

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The score (one decimal) and its parts.
pub fn score(
    data: &BirthHome,
    a: &ApplicationInput,
    days_left: i64,
    period_days: u32,
    place: &Place,
) -> (f64, Vec<ScoreComponent>) {
    let (p, w, h) = (&data.program, &data.weights, &a.household);
    let urgency = if days_left <= 0 {
        1.0
    } else {
        1.0 - (days_left as f64 / f64::from(period_days.max(1))).min(1.0)
    };
    let distance = place.distance_km.map_or(0.0, |d| {
        if p.max_distance_km > 0.0 {
            (d / p.max_distance_km).min(1.0)
        } else {
            1.0
        }
    });
    let when = |on: bool, points: f64| if on { points } else { 0.0 };
    let parts = [
        ("urgency", w.urgency * urgency, w.urgency),
        (
            "poor_household",
            when(h.poor, w.poor_household),
            w.poor_household,
        ),
        (
            "near_poor_household",
            when(h.near_poor && !h.poor, w.near_poor_household),
            w.near_poor_household,
        ),
        ("disability", when(h.disability, w.disability), w.disability),
        (
            "single_parent",
            when(h.single_parent, w.single_parent),
            w.single_parent,
        ),
        (
            "ethnic_minority",
            when(h.ethnic_minority, w.ethnic_minority),
            w.ethnic_minority,
        ),
        (
            "remote_hamlet",
            when(place.remote, w.remote_hamlet),
            w.remote_hamlet,
        ),
        (
            "postpartum_mother",
            when(h.postpartum_mother, w.postpartum_mother),
            w.postpartum_mother,
        ),
        (
            "bundled_registration",
            when(h.bundled_registration, w.bundled_registration),
            w.bundled_registration,
        ),
        ("distance", w.distance * distance, w.distance),
    ];
    let score = round(parts.iter().map(|(_, v, _)| v).sum::<f64>().min(100.0));
    let components = parts
        .iter()
        .map(|(code, v, max)| ScoreComponent {
            code: (*code).to_owned(),
            points: round(*v),
            max: *max,
        })
        .collect();
    (score, components)
}
