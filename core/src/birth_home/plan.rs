//! Visit planning (`birth_home.plan_visits`): which families the civil-status officer visits on which working day,
//! highest need first, each before the child's 60-day limit (Luật Hộ tịch Art. 15(1)) and while
//! the commune runs the model (the seed plan II.3), never over the day's capacity, and who cannot
//! be served in time and why.
//!
//! One plan is one officer's (one commune's) visits: the capacity is shared by every application
//! given. The plan starts at `from` or at `as_of`, whichever is later: no visit is placed in the
//! past. A visit is never placed before its application is made or its certificate is ready
//! (same-day rule, Art. 5(3)). The placing itself is [`crate::birth_home::schedule`].
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::BirthHome;
use super::assess::{Context, assess_dated};
use super::model::{AssessOutput, Route};
use super::record::ApplicationInput;
use super::schedule::{Job, Unplaced, schedule};
use crate::error::{Error, Result};
use crate::time::format_date;

/// Most applications in one plan (a commune registers a few hundred births a year).
pub const MAX_PLAN_APPLICATIONS: usize = 10_000;
/// Largest visit capacity of one working day.
pub const MAX_CAPACITY: i64 = 1_000;

/// Refuses a plan of more than [`MAX_PLAN_APPLICATIONS`] applications.
pub fn check_count(n: usize) -> Result<()> {
    if n > MAX_PLAN_APPLICATIONS {
        return Err(Error::too_many_applications(
            "applications",
            n,
            MAX_PLAN_APPLICATIONS,
        ));
    }
    Ok(())
}

/// Visits per working day: the caller's, or the model's.
pub fn capacity(given: Option<i64>, data: &BirthHome) -> Result<u32> {
    match given {
        None => Ok(data.program.visits_per_working_day),
        Some(c) if (0..=MAX_CAPACITY).contains(&c) => Ok(u32::try_from(c).unwrap_or(0)),
        Some(c) => Err(Error::invalid_capacity("capacity", c, MAX_CAPACITY)),
    }
}

/// A planned visit.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanDay {
    /// The date.
    pub date: String,
    /// Visits placed.
    pub visits: usize,
    /// Slots of the day.
    pub capacity: u32,
}

/// An application not visited, and why.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Unserved {
    /// Position of the application in the input.
    pub index: usize,
    /// The application's `id`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `not_eligible`, `no_day_in_time`, `capacity`, `model_ended` or `invalid_application`.
    pub reason_code: String,
    /// Why, in Vietnamese.
    pub reason_vi: String,
    /// Why, in English.
    pub reason_en: String,
    /// Where the family goes instead (`office`, `office_with_care`), when assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub route: Option<Route>,
    /// Priority score, when assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The error of an application that could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Error>,
}

/// Answer of `birth_home.plan_visits`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// True when a day used comes from an unconfirmed schedule, or an eligible application
    /// rests on an assumption of the data (its assessment is provisional).
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

fn application(value: Value, i: usize) -> Result<ApplicationInput> {
    crate::de::from_value(value).map_err(|e| e.within(&format!("applications[{i}]")))
}

/// An eligible application, to place.
struct Candidate {
    index: usize,
    id: Option<String>,
    assessed: AssessOutput,
    release: NaiveDate,
    limit: NaiveDate,
    /// The commune's model ends before the registration deadline, on this day.
    model_ends: Option<NaiveDate>,
}

/// The plan of `applications` (each as for `birth_home.assess`, with an optional `id`) from
/// `from` (or `as_of`, whichever is later) at `capacity` visits a working day.
pub fn plan(
    ctx: &Context<'_>,
    applications: Vec<Value>,
    capacity: u32,
    from: NaiveDate,
    as_of: NaiveDateTime,
) -> Result<PlanOutput> {
    let n = applications.len();
    let first = from.max(as_of.date());
    ctx.cal.check(first, "from")?;
    let (mut candidates, mut unserved) = assess_all(ctx, applications, as_of, first);
    let days = horizon(ctx, first, candidates.iter().map(|c| c.limit).max())?;
    let provisional = match (days.first(), days.last()) {
        (Some(a), Some(b)) => ctx.cal.provisional_between(*a, *b, "from")?,
        _ => false,
    } || candidates.iter().any(|c| c.assessed.provisional);
    // Highest score first; then the nearer limit; then input order.
    candidates.sort_by(|a, b| {
        b.assessed
            .score
            .total_cmp(&a.assessed.score)
            .then(a.limit.cmp(&b.limit))
            .then(a.index.cmp(&b.index))
    });
    let (mut visits, per_day) = place(ctx.data, candidates, &days, capacity, &mut unserved);
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
        ruleset_version: ctx.version.clone(),
    })
}

/// Every application assessed at `as_of`: the eligible ones to place, the others listed.
fn assess_all(
    ctx: &Context<'_>,
    applications: Vec<Value>,
    as_of: NaiveDateTime,
    first: NaiveDate,
) -> (Vec<Candidate>, Vec<Unserved>) {
    let mut unserved = Vec::new();
    let mut candidates = Vec::new();
    for (i, value) in applications.into_iter().enumerate() {
        let assessed = application(value, i).and_then(|a| {
            let (out, dates) = assess_dated(ctx, &a, Some(as_of), &format!("applications[{i}]"))?;
            Ok((a, out, dates))
        });
        match assessed {
            Err(e) => unserved.push(Unserved::unreadable(i, e)),
            Ok((a, out, _)) if !out.eligible => unserved.push(Unserved {
                index: i,
                id: a.id,
                reason_code: "not_eligible".into(),
                reason_vi: out.next_step_vi.clone(),
                reason_en: out.next_step_en.clone(),
                route: Some(out.route),
                score: Some(out.score),
                error: None,
            }),
            Ok((a, out, dates)) => {
                let release = dates.ready_at.date().max(first);
                let limit = dates.registration_deadline;
                let model_ends = ctx.data.running_until(&a.commune_code, release, limit);
                candidates.push(Candidate {
                    index: i,
                    id: a.id,
                    release,
                    limit: model_ends.map_or(limit, |e| e.min(limit)),
                    model_ends,
                    assessed: out,
                });
            }
        }
    }
    (candidates, unserved)
}

/// The working days from the first day to the last limit.
fn horizon(ctx: &Context<'_>, first: NaiveDate, last: Option<NaiveDate>) -> Result<Vec<NaiveDate>> {
    let mut days: Vec<NaiveDate> = Vec::new();
    if let Some(last) = last {
        let mut d = ctx.cal.next_working_day(first, true, "from")?;
        while d <= last {
            days.push(d);
            d = ctx.cal.next_working_day(d, false, "from")?;
        }
    }
    Ok(days)
}

/// The candidates placed on the days in priority order ([`schedule`]); who is not placed is
/// listed with why. Returns the visits and the visits of each day.
fn place(
    data: &BirthHome,
    candidates: Vec<Candidate>,
    days: &[NaiveDate],
    capacity: u32,
    unserved: &mut Vec<Unserved>,
) -> (Vec<Visit>, Vec<usize>) {
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
            None => unserved.push(Unserved::not_placed(
                c,
                matches!(p, Err(Unplaced::Capacity)),
            )),
        }
    }
    (visits, per_day)
}

impl Unserved {
    /// An application that could not be read or assessed.
    fn unreadable(index: usize, e: Error) -> Self {
        Unserved {
            index,
            id: None,
            reason_code: "invalid_application".into(),
            reason_vi: format!("Hồ sơ không đọc được: {}", e.message_vi),
            reason_en: format!("The application could not be read: {}", e.message_en),
            route: None,
            score: None,
            error: Some(e),
        }
    }

    /// An eligible application with no day left: every day taken (`full`, up to the earlier of
    /// its limit and the model's end), none before the commune's model ends, or none in time.
    fn not_placed(c: Candidate, full: bool) -> Self {
        let limit = &c.assessed.registration_deadline;
        let (code, vi, en) = if full {
            let last = format_date(c.limit);
            (
                "capacity",
                format!(
                    "Các ngày làm việc đến hạn {last} đã kín lịch thăm (ưu tiên gia đình có nhu cầu cao hơn): mời gia đình đến Bộ phận Một cửa."
                ),
                format!(
                    "Every working day up to the limit {last} is fully booked by families of higher need: the family is invited to the office."
                ),
            )
        } else if let Some(end) = c.model_ends {
            let end = format_date(end);
            (
                "model_ended",
                format!(
                    "Mô hình cấp giấy khai sinh tại nhà của xã kết thúc ngày {end}, không còn ngày thăm nào trước đó: mời gia đình đến Bộ phận Một cửa (hạn đăng ký {limit})."
                ),
                format!(
                    "The commune's home-registration model ends on {end}, with no visit day left before it: the family is invited to the office (registration limit {limit})."
                ),
            )
        } else {
            (
                "no_day_in_time",
                format!(
                    "Không còn ngày làm việc nào trong kế hoạch trước hạn {limit}: mời gia đình đến Bộ phận Một cửa."
                ),
                format!(
                    "No working day of the plan is left before the limit {limit}: the family is invited to the office."
                ),
            )
        };
        Unserved {
            index: c.index,
            id: c.id,
            reason_code: code.into(),
            reason_vi: vi,
            reason_en: en,
            route: Some(Route::Office),
            score: Some(c.assessed.score),
            error: None,
        }
    }
}
