//! `birth_home.plan_visits`: which families the civil-status officer visits on which working day,
//! highest need first, each before the child's 60-day limit (Luật Hộ tịch Art. 15(1)), never over
//! the day's capacity, and who cannot be served in time and why.
//!
//! One plan is one officer's (one commune's) visits: the capacity is shared by every application
//! given. The plan starts at `from` or at `as_of`, whichever is later: no visit is placed in the
//! past. A visit is never placed before its application is made or its certificate is ready
//! (same-day rule, Art. 5(3)). The placing itself is [`crate::birth_home::schedule`].
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{ApplicationInput, AssessOutput, Context, assess_dated, birth_home_for, moment};
use crate::api::calendar_for;
use crate::api::deadline::catalog_for;
use crate::birth_home::schedule::{Job, Unplaced, schedule};
use crate::error::{Error, ErrorCode, Result};
use crate::ruleset::RulesetInput;
use crate::time::{format_date, parse_date};

/// Most applications in one plan (a commune registers a few hundred births a year).
pub const MAX_PLAN_APPLICATIONS: usize = 10_000;
/// Largest visit capacity of one working day.
pub const MAX_CAPACITY: i64 = 1_000;

/// Input of `birth_home.plan_visits`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PlanInput {
    /// The applications (each as for `birth_home.assess`, with an optional `id`).
    #[cfg_attr(feature = "wasm", tsify(type = "ApplicationInput[]"))]
    pub applications: Vec<Value>,
    /// Visits per working day (default: the model's `visits_per_working_day`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<i64>,
    /// First day of the plan, `YYYY-MM-DD`.
    pub from: String,
    /// The moment of planning: applications are assessed then, and nothing is placed before it.
    pub as_of: String,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// A planned visit.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Visit {
    /// Position of the application in the input.
    pub index: usize,
    /// The application's `id`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Day of the visit.
    pub date: String,
    /// Order among the day's visits (1 = first).
    pub order: usize,
    /// Priority score 0–100.
    pub score: f64,
    /// The child's registration limit (birth + 60 days).
    pub registration_deadline: String,
    /// The commune on the visit's date.
    pub commune_code_on_date: String,
}

/// One working day of the plan.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PlanDay {
    /// The date.
    pub date: String,
    /// Visits placed.
    pub visits: usize,
    /// Slots of the day.
    pub capacity: u32,
}

/// An application not visited, and why.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Unserved {
    /// Position of the application in the input.
    pub index: usize,
    /// The application's `id`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `not_eligible`, `no_day_in_time`, `capacity` or `invalid_application`.
    pub reason_code: String,
    /// Why, in Vietnamese.
    pub reason_vi: String,
    /// Why, in English.
    pub reason_en: String,
    /// Where the family goes instead (`office`, `office_with_care`), when assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Priority score, when assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The error of an application that could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
}

/// Answer of `birth_home.plan_visits`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PlanOutput {
    /// Visits by date, then order.
    pub visits: Vec<Visit>,
    /// Every working day from the first day to the last limit.
    pub days: Vec<PlanDay>,
    /// Applications not visited, in input order.
    pub unserved: Vec<Unserved>,
    /// Applications given.
    pub requested: usize,
    /// Visits placed.
    pub served: usize,
    /// Visits per working day used.
    pub capacity: u32,
    /// First day of the plan (the later of `from` and `as_of`).
    pub first_day: String,
    /// True when a day used comes from an unconfirmed schedule.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

fn application(value: Value, i: usize) -> Result<ApplicationInput> {
    crate::de::from_value(value).map_err(|e| e.within(&format!("applications[{i}]")))
}

struct Candidate {
    index: usize,
    id: Option<String>,
    assessed: AssessOutput,
    release: NaiveDate,
    limit: NaiveDate,
}

/// `birth_home.plan_visits`.
pub fn plan_visits(input: PlanInput) -> Result<PlanOutput> {
    let n = input.applications.len();
    if n > MAX_PLAN_APPLICATIONS {
        return Err(Error::new(
            ErrorCode::TooManyApplications,
            "applications",
            format!(
                "Kế hoạch có {n} hồ sơ; tối đa {MAX_PLAN_APPLICATIONS}. Hãy chia theo xã hoặc theo tháng."
            ),
            format!(
                "The plan has {n} applications; at most {MAX_PLAN_APPLICATIONS}. Split it by commune or by month."
            ),
        ));
    }
    let ruleset = input.ruleset.as_ref();
    let data = birth_home_for(ruleset)?;
    let capacity = match input.capacity {
        None => data.program.visits_per_working_day,
        Some(c) if (0..=MAX_CAPACITY).contains(&c) => u32::try_from(c).unwrap_or(0),
        Some(c) => {
            return Err(Error::new(
                ErrorCode::InvalidCapacity,
                "capacity",
                format!("Số lượt thăm mỗi ngày phải từ 0 đến {MAX_CAPACITY} (đã nhập {c})"),
                format!("Visits per day must be between 0 and {MAX_CAPACITY} (got {c})"),
            ));
        }
    };
    let cal = calendar_for(ruleset)?;
    let catalog = catalog_for(ruleset)?;
    let ctx = Context {
        data: &data,
        cal: &cal,
        catalog: &catalog,
    };
    let as_of: NaiveDateTime = moment(&input.as_of, "as_of")?;
    let from = parse_date(&input.from, "from")?;
    let first = from.max(as_of.date());
    cal.check(first, "from")?;

    let mut unserved = Vec::new();
    let mut candidates = Vec::new();
    for (i, value) in input.applications.into_iter().enumerate() {
        let assessed = application(value, i).and_then(|a| {
            let (out, dates) = assess_dated(&ctx, &a, Some(as_of), &format!("applications[{i}]"))?;
            Ok((a, out, dates))
        });
        let (a, out, dates) = match assessed {
            Ok(x) => x,
            Err(e) => {
                unserved.push(Unserved {
                    index: i,
                    id: None,
                    reason_code: "invalid_application".into(),
                    reason_vi: format!("Hồ sơ không đọc được: {}", e.message_vi),
                    reason_en: format!("The application could not be read: {}", e.message_en),
                    route: None,
                    score: None,
                    error: Some(e),
                });
                continue;
            }
        };
        if !out.eligible {
            unserved.push(Unserved {
                index: i,
                id: a.id,
                reason_code: "not_eligible".into(),
                reason_vi: out.next_step_vi.clone(),
                reason_en: out.next_step_en.clone(),
                route: Some(out.route.clone()),
                score: Some(out.score),
                error: None,
            });
            continue;
        }
        candidates.push(Candidate {
            index: i,
            id: a.id,
            release: dates.ready_at.date().max(first),
            limit: dates.registration_deadline,
            assessed: out,
        });
    }

    // The horizon: the working days from the first day to the last limit.
    let mut days: Vec<NaiveDate> = Vec::new();
    if let Some(last) = candidates.iter().map(|c| c.limit).max() {
        let mut d = cal.next_working_day(first, true, "from")?;
        while d <= last {
            days.push(d);
            d = cal.next_working_day(d, false, "from")?;
        }
    }
    let provisional = match (days.first(), days.last()) {
        (Some(a), Some(b)) => cal.provisional_between(*a, *b, "from")?,
        _ => false,
    };
    // Highest score first; then the nearer limit; then input order.
    candidates.sort_by(|a, b| {
        b.assessed
            .score
            .total_cmp(&a.assessed.score)
            .then(a.limit.cmp(&b.limit))
            .then(a.index.cmp(&b.index))
    });
    let jobs: Vec<Job> = candidates
        .iter()
        .map(|c| {
            let release = days.partition_point(|d| *d < c.release);
            match days.partition_point(|d| *d <= c.limit).checked_sub(1) {
                Some(limit) => Job { release, limit },
                None => Job {
                    release: days.len(),
                    limit: 0,
                },
            }
        })
        .collect();
    let placed = schedule(days.len(), capacity, &jobs);

    let mut per_day = vec![0usize; days.len()];
    let mut visits = Vec::new();
    for (c, p) in candidates.into_iter().zip(placed) {
        match p.ok().and_then(|t| days.get(t).map(|d| (t, *d))) {
            Some((t, date)) => {
                let order = per_day.get_mut(t).map_or(0, |k| {
                    *k += 1;
                    *k
                });
                visits.push(Visit {
                    index: c.index,
                    id: c.id,
                    date: format_date(date),
                    order,
                    score: c.assessed.score,
                    registration_deadline: c.assessed.registration_deadline,
                    commune_code_on_date: data.code_on(&c.assessed.commune_code_on_date, date),
                });
            }
            None => {
                let (code, vi, en) = if matches!(p, Err(Unplaced::Capacity)) {
                    (
                        "capacity",
                        format!(
                            "Các ngày làm việc đến hạn {} đã kín lịch thăm (ưu tiên gia đình có nhu cầu cao hơn): mời gia đình đến Bộ phận Một cửa.",
                            c.assessed.registration_deadline
                        ),
                        format!(
                            "Every working day up to the limit {} is fully booked by families of higher need: the family is invited to the office.",
                            c.assessed.registration_deadline
                        ),
                    )
                } else {
                    (
                        "no_day_in_time",
                        format!(
                            "Không còn ngày làm việc nào trong kế hoạch trước hạn {}: mời gia đình đến Bộ phận Một cửa.",
                            c.assessed.registration_deadline
                        ),
                        format!(
                            "No working day of the plan is left before the limit {}: the family is invited to the office.",
                            c.assessed.registration_deadline
                        ),
                    )
                };
                unserved.push(Unserved {
                    index: c.index,
                    id: c.id,
                    reason_code: code.into(),
                    reason_vi: vi,
                    reason_en: en,
                    route: Some("office".into()),
                    score: Some(c.assessed.score),
                    error: None,
                });
            }
        }
    }
    visits.sort_by(|a, b| a.date.cmp(&b.date).then(a.order.cmp(&b.order)));
    unserved.sort_by_key(|u| u.index);
    Ok(PlanOutput {
        served: visits.len(),
        requested: n,
        visits,
        days: days
            .iter()
            .zip(&per_day)
            .map(|(d, k)| PlanDay {
                date: format_date(*d),
                visits: *k,
                capacity,
            })
            .collect(),
        unserved,
        capacity,
        first_day: format_date(first),
        provisional,
        ruleset_version: [
            cal.rules().version.as_str(),
            " / birth_home ",
            &data.version,
        ]
        .concat(),
    })
}
