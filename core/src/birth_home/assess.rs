//! Whether a family qualifies for a home visit (QĐ 491/QĐ-UBND 2020 mục II.2), each criterion
//! with its result, reason and source ([`super::texts`]); where the family goes instead; the
//! registration deadline and fee (Luật Hộ tịch Art. 11, 15); when the certificate would be ready
//! (the same-day rule of the catalog's birth registration, or the time of the birth combined
//! with paternity recognition, Art. 25(2)); and the priority score from the model's weights.
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::law::Law;
pub use super::model::{
    AssessOutput, Criterion, CriterionCode, CriterionResult, Place, Route, ScoreComponent,
};
use super::record::{ApplicationInput, moment};
use super::{BirthHome, texts};
use crate::calendar::Calendar;
use crate::deadline::catalog::Catalog;
use crate::deadline::fee::{Exemption, FeeFacts};
use crate::deadline::{Dossier, Event, EventKind, Options, compute};
use crate::error::{Error, Result};
use crate::text::lower_vi;
use crate::time::{format_date, format_datetime};

/// What one assessment needs besides the application, built once per call (or per plan).
pub struct Context<'a> {
    /// The model's data.
    pub data: &'a BirthHome,
    /// The working calendar.
    pub cal: &'a Calendar,
    /// The procedure catalog (for the same-day rule).
    pub catalog: &'a Catalog,
    /// The versions answers report.
    pub version: String,
}

/// The dates of an assessment, typed (the answer carries them as text), for the visit planner.
#[derive(Clone, Copy, Debug)]
pub struct AssessedDates {
    /// When the certificate would be ready (`ready_at`).
    pub ready_at: NaiveDateTime,
    /// The last day of the registration period (`registration_deadline`).
    pub registration_deadline: NaiveDate,
}

fn vietnamese(nationality: &str) -> bool {
    let n = lower_vi(nationality.trim());
    matches!(
        n.as_str(),
        "vn" | "vnm" | "việt nam" | "viet nam" | "vietnam" | "vietnamese"
    )
}

/// Assesses one application at `as_of` (default: its application date); errors name fields
/// under `path`.
pub fn assess(
    ctx: &Context<'_>,
    a: &ApplicationInput,
    as_of: Option<NaiveDateTime>,
    path: &str,
) -> Result<AssessOutput> {
    assess_dated(ctx, a, as_of, path).map(|(out, _)| out)
}

/// The application's dates, read and checked.
struct Dates {
    birth: NaiveDate,
    applied: NaiveDateTime,
    as_of: NaiveDateTime,
    /// The last day of the registration period, a working day.
    deadline: NaiveDate,
    /// Whether the 60th day was a day off, the period ending on the next working day.
    moved: bool,
    /// Whether a day from the 60th to the last rests on an unconfirmed schedule (a day the
    /// calendar does not cover counts as unconfirmed), so the last day may still change.
    unconfirmed: bool,
}

fn read_dates(
    ctx: &Context<'_>,
    law: &Law<'_>,
    a: &ApplicationInput,
    as_of: Option<NaiveDateTime>,
    path: &str,
) -> Result<Dates> {
    let data = ctx.data;
    let field = |f: &str| format!("{path}.{f}");
    let birth = crate::time::parse_date(&a.child_birth_date, &field("child_birth_date"))?;
    let applied = moment(&a.application_date, &field("application_date"))?;
    let as_of = as_of.unwrap_or(applied);
    if !data.knows(&a.commune_code) {
        return Err(Error::unknown_commune(
            field("commune_code"),
            &a.commune_code,
        ));
    }
    let first = crate::time::FIRST_YEAR;
    if birth.year() < first {
        return Err(Error::birth_too_early(field("child_birth_date"), first));
    }
    if birth > applied.date() || birth > as_of.date() {
        return Err(Error::birth_in_future(field("child_birth_date")));
    }
    if a.distance_km.is_some_and(|d| !d.is_finite() || d < 0.0) {
        return Err(Error::negative_distance(field("distance_km")));
    }
    let end = law.period_end(ctx.cal, birth);
    let (deadline, moved) = (end.day, end.moved());
    let unconfirmed = ctx
        .cal
        .provisional_between(end.counted, deadline, "")
        .unwrap_or(true);
    Ok(Dates {
        birth,
        applied,
        as_of,
        deadline,
        moved,
        unconfirmed,
    })
}

/// [`assess`], with the answer's dates typed for the visit planner.
pub fn assess_dated(
    ctx: &Context<'_>,
    a: &ApplicationInput,
    as_of: Option<NaiveDateTime>,
    path: &str,
) -> Result<(AssessOutput, AssessedDates)> {
    let data = ctx.data;
    let applied = moment(&a.application_date, &format!("{path}.application_date"))?;
    let law = data.law(
        ctx.catalog,
        applied.date(),
        &format!("{path}.application_date"),
    )?;
    let dates = read_dates(ctx, &law, a, as_of, path)?;
    let date = dates.applied.date();
    let code_on_date = data.code_on(&a.commune_code, date);
    let place = service_area(data, a, &code_on_date);
    let paternity_rule = data
        .combined(ctx.catalog, date, "")
        .map_or(law.procedure.source.as_str(), |p| p.source.as_str());
    let combined = a
        .paternity_recognition
        .then(|| data.combined(ctx.catalog, date, &format!("{path}.paternity_recognition")))
        .transpose()?;
    let facts = fee_facts(a, &dates, !residents(a));
    let fee = law.fee_of(combined, ctx.cal, &facts);
    let criteria = criteria(
        data,
        (&law, paternity_rule, fee.amount_vnd == Some(0)),
        a,
        &dates,
        &code_on_date,
        &place,
    );
    let (eligible, route, (next_vi, next_en)) = route(data, a, &criteria);
    let ready = ready(ctx, &law.applied(combined).code, dates.applied)
        .map_err(|e| e.at(format!("{path}.application_date")))?;
    let days_left = (dates.deadline - dates.as_of.date()).num_days();
    let period = law.period.days;
    let (score, score_components) = super::priority::score(data, a, days_left, period, &place);
    let assumed = data
        .running(&a.commune_code, date)
        .is_some_and(|u| u.assumption.is_some());
    let out = AssessOutput {
        eligible,
        route,
        criteria,
        next_step_vi: next_vi,
        next_step_en: next_en,
        fee: fee.amount_vnd,
        fee_source: fee.source,
        fee_basis: fee.basis,
        fee_reason_vi: fee.text_vi,
        fee_reason_en: fee.text_en,
        registration_deadline: format_date(dates.deadline),
        days_left,
        ready_at: format_datetime(ready.0),
        score,
        score_components,
        commune_code_on_date: code_on_date,
        provisional: ready.1 || assumed || dates.unconfirmed,
        ruleset_version: ctx.version.clone(),
    };
    let typed = AssessedDates {
        ready_at: ready.0,
        registration_deadline: dates.deadline,
    };
    Ok((out, typed))
}

fn service_area(data: &BirthHome, a: &ApplicationInput, code_on_date: &str) -> Place {
    let listed = a.hamlet.as_deref().and_then(|name| {
        data.hamlet(&[a.commune_code.as_str(), code_on_date], name)
            .map(|h| (name, h))
    });
    match listed {
        Some((name, Err(()))) => Place {
            unlisted_hamlet: Some(name.to_owned()),
            distance_km: a.distance_km,
            remote: a.household.remote_hamlet,
        },
        Some((_, Ok(h))) => Place {
            unlisted_hamlet: None,
            distance_km: a.distance_km.or(Some(h.distance_km)),
            remote: a.household.remote_hamlet || h.remote,
        },
        None => Place {
            unlisted_hamlet: None,
            distance_km: a.distance_km,
            remote: a.household.remote_hamlet,
        },
    }
}

/// Whether the birth has a foreign element (Luật Hộ tịch Art. 35): born abroad (35(2)), or a
/// family that is not of Vietnamese citizens residing in Viet Nam.
fn foreign_element(a: &ApplicationInput) -> bool {
    !a.born_in_vietnam || !residents(a)
}

/// Whether the parents are Vietnamese citizens residing in Viet Nam: none who is not Vietnamese
/// (Art. 35(1)(a), (d)) nor settled abroad (35(1)(b), (c)). Art. 11(1)(b) frees the in-time
/// registration "của công dân Việt Nam cư trú ở trong nước", wherever the child was born.
fn residents(a: &ApplicationInput) -> bool {
    !a.parents
        .iter()
        .any(|x| x.settled_abroad || !vietnamese(&x.nationality))
}

/// What the fee depends on: the registration date, the birth, the registrant's exemption
/// (Luật Hộ tịch Art. 11(1)(a): a family with meritorious service, a poor household, a child with
/// a disability) and whether the family is not of Vietnamese citizens residing in Viet Nam
/// (Art. 11(1)(b) frees only their in-time registration).
fn fee_facts(a: &ApplicationInput, dates: &Dates, not_residents: bool) -> FeeFacts {
    let h = &a.household;
    let exemption = if h.meritorious_service {
        Some(Exemption::MeritoriousFamily)
    } else if h.poor {
        Some(Exemption::PoorHousehold)
    } else if a.child_disability {
        Some(Exemption::Disability)
    } else {
        None
    };
    FeeFacts {
        registered: Some(dates.applied.date()),
        event: Some(dates.birth),
        exemption,
        foreign_registrants: not_residents,
        ..FeeFacts::default()
    }
}

/// Every criterion, in order.
fn criteria(
    data: &BirthHome,
    (law, paternity_rule, free): (&Law<'_>, &str, bool),
    a: &ApplicationInput,
    dates: &Dates,
    code_on_date: &str,
    place: &Place,
) -> Vec<Criterion> {
    let p = &data.program;
    let date = dates.applied.date();
    let residences: Vec<String> = a
        .parents
        .iter()
        .filter_map(|x| x.resident_commune_code.as_deref())
        .map(|c| data.code_on(c, date))
        .collect();
    let resides = (!residences.is_empty()).then(|| residences.iter().any(|c| c == code_on_date));
    let program = data.running(&a.commune_code, date);
    let source = match program {
        Some(u) => texts::program_source(&p.source, u.assumption.as_deref()),
        None => p.source.clone(),
    };
    let program = match program {
        Some(_) => texts::program_commune(true, date, &source),
        None if data.after_period(&a.commune_code, date) => texts::program_ended(date, p),
        None => texts::program_commune(false, date, &source),
    };
    let foreign = foreign_element(a);
    let (papers, src) = (&data.criteria.papers, &data.sources);
    let at_home = data.criteria.paternity_at_home;
    vec![
        texts::resident_commune(resides, src),
        program,
        texts::no_foreign_element(foreign, src),
        texts::within_period(
            (date <= dates.deadline, free),
            law.period.days,
            dates.deadline,
            dates.moved,
            &period_source(law, dates.moved),
        ),
        texts::papers(a.documents.iter().any(|d| papers.contains(d)), src),
        texts::no_paternity_recognition(a.paternity_recognition, at_home, paternity_rule),
        match &place.unlisted_hamlet {
            Some(name) => texts::hamlet_not_served(name, src),
            None => texts::service_area(place.distance_km, p.max_distance_km, src),
        },
        texts::child_alive(a.child_alive, src),
    ]
}

/// The period's source, with the rule that moved its end when it did.
fn period_source(law: &Law<'_>, moved: bool) -> String {
    let w = law.period;
    if moved {
        format!("{}; {}", w.source, w.moved_source)
    } else {
        w.source.clone()
    }
}

/// Eligibility, the route and the next step: a criterion not met blocks a home visit unless
/// the commune made it advisory; a child who has died goes to the desk with care.
fn route(
    data: &BirthHome,
    a: &ApplicationInput,
    criteria: &[Criterion],
) -> (bool, Route, (String, String)) {
    let advisory = &data.criteria.advisory;
    let blocking = |c: &&Criterion| {
        c.result != CriterionResult::Pass && !advisory.iter().any(|x| x == c.code.as_str())
    };
    let eligible = a.child_alive && !criteria.iter().any(|c| blocking(&c));
    let route = if !a.child_alive {
        Route::OfficeWithCare
    } else if eligible {
        Route::HomeVisit
    } else {
        Route::Office
    };
    let next = match (route, criteria.iter().find(blocking)) {
        (Route::HomeVisit, _) => texts::next_home_visit(),
        (_, Some(c)) if c.result == CriterionResult::NeedsInformation => texts::next_add(c),
        (_, Some(c)) => (c.reason_vi.clone(), c.reason_en.clone()),
        _ => (String::new(), String::new()),
    };
    (eligible, route, next)
}

/// When the certificate would be ready if applied for at `applied`: the time of the catalog's
/// procedure `code` (the birth registration's same-day rule, or the combined procedure's) on the
/// working calendar; and whether that rests on unconfirmed days.
fn ready(ctx: &Context<'_>, code: &str, applied: NaiveDateTime) -> Result<(NaiveDateTime, bool)> {
    let events = [Event {
        kind: EventKind::Received,
        at: applied,
        new_due_at: None,
        reason: None,
        caused_by: None,
    }];
    let dossier = Dossier {
        id: None,
        procedure_code: Some(code),
        procedure: None,
        unit: None,
        channel: None,
        events: &events,
        fee: crate::deadline::fee::FeeFacts::default(),
    };
    let c = compute(ctx.cal, ctx.catalog, &dossier, Options::default())?;
    Ok((c.due_at, c.provisional))
}
