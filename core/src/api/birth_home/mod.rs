//! The home birth-registration model's operations: `birth_home.assess` (eligibility with each
//! criterion, its reason and source, the fee, the dates and the priority score),
//! `birth_home.plan_visits` ([`plan`]) and `birth_home.commune_report` ([`report`]).
#[cfg(feature = "desk")]
pub mod plan;
#[cfg(feature = "desk")]
pub mod report;

use std::borrow::Cow;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::api::deadline::catalog_for;
use crate::api::{CalendarRef, calendar_for};
use crate::birth_home::BirthHome;
use crate::calendar::Calendar;
use crate::deadline::catalog::Catalog;
use crate::deadline::{self, Dossier, Event, EventKind};
use crate::error::{Error, ErrorCode, Result};
use crate::ruleset::RulesetInput;
use crate::time::{
    amount_text, format_date, format_datetime, format_dmy as dmy, parse_date, parse_datetime,
};

/// A parent.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ParentInput {
    /// Nationality (`VN` or `Việt Nam` for Vietnamese).
    pub nationality: String,
    /// Commune of residence (GSO code before 01/07/2025).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_commune_code: Option<String>,
}

/// The household's circumstances (all optional, false by default).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct HouseholdInput {
    /// Poor household (hộ nghèo).
    #[serde(default)]
    pub poor: bool,
    /// Near-poor household (hộ cận nghèo).
    #[serde(default)]
    pub near_poor: bool,
    /// A member with a disability.
    #[serde(default)]
    pub disability: bool,
    /// Single parent.
    #[serde(default)]
    pub single_parent: bool,
    /// Ethnic minority (e.g. Khmer).
    #[serde(default)]
    pub ethnic_minority: bool,
    /// Lives in a remote hamlet.
    #[serde(default)]
    pub remote_hamlet: bool,
    /// The mother is recovering from the birth.
    #[serde(default)]
    pub postpartum_mother: bool,
    /// Residence and health-insurance registration asked for together.
    #[serde(default)]
    pub bundled_registration: bool,
}

/// An application.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApplicationInput {
    /// The caller's reference for the application (echoed in plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Commune applied to (GSO code before 01/07/2025, e.g. 29461 = thị trấn Trà Cú).
    pub commune_code: String,
    /// `YYYY-MM-DD`.
    pub child_birth_date: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (Vietnam time).
    pub application_date: String,
    /// Born in Vietnam.
    pub born_in_vietnam: bool,
    /// The child is alive.
    pub child_alive: bool,
    /// Parents.
    pub parents: Vec<ParentInput>,
    /// Papers at hand: `birth_certificate_paper`, `witness_statement`, `commitment`.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Paternity or maternity recognition combined with the registration.
    #[serde(default)]
    pub paternity_recognition: bool,
    /// Household circumstances.
    #[serde(default)]
    pub household: HouseholdInput,
    /// Hamlet of residence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hamlet: Option<String>,
    /// Distance from the commune office, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
}

/// Input of `birth_home.assess`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AssessInput {
    /// The application.
    pub application: ApplicationInput,
    /// The moment of the assessment (default: the application date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Result of one criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum CriterionResult {
    /// Met.
    Pass,
    /// Not met.
    Fail,
    /// Cannot tell from what was given.
    NeedsInformation,
}

/// One criterion.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Criterion {
    /// Stable code.
    pub code: String,
    /// Result.
    pub result: CriterionResult,
    /// Why, in Vietnamese.
    pub reason_vi: String,
    /// Why, in English.
    pub reason_en: String,
    /// Legal source or the model's data.
    pub source: String,
}

/// One part of the priority score.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ScoreComponent {
    /// Stable code.
    pub code: String,
    /// Points given.
    pub points: f64,
    /// Points possible.
    pub max: f64,
}

/// Answer of `birth_home.assess`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AssessOutput {
    /// Every criterion passes: a home visit is offered.
    pub eligible: bool,
    /// `home_visit`, `office` or `office_with_care` (a child who has died).
    pub route: String,
    /// Each criterion.
    pub criteria: Vec<Criterion>,
    /// What the family should do next, in plain Vietnamese.
    pub next_step_vi: String,
    /// The same in English.
    pub next_step_en: String,
    /// Fee, đồng (0 when on time).
    pub fee: u64,
    /// Source of the fee.
    pub fee_source: String,
    /// Birth + the registration period (60 days, Luật Hộ tịch Art. 15).
    pub registration_deadline: String,
    /// Days from `as_of` to the deadline (negative when past).
    pub days_left: i64,
    /// When the certificate would be ready (same day; next working day after 15:00).
    pub ready_at: String,
    /// Priority 0–100.
    pub score: f64,
    /// Its parts.
    pub score_components: Vec<ScoreComponent>,
    /// The commune's code on the assessment date (after the 2025 reorganisation).
    pub commune_code_on_date: String,
    /// True when a day used comes from an unconfirmed schedule.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

fn vietnamese(nationality: &str) -> bool {
    let n = crate::birth_home::lower_vi(nationality.trim());
    matches!(
        n.as_str(),
        "vn" | "vnm" | "việt nam" | "viet nam" | "vietnam"
    )
}

/// The model's data for an optional ruleset: the defaults, or the defaults with the commune's
/// changes (`ruleset.birth_home`).
pub fn birth_home_for(ruleset: Option<&RulesetInput>) -> Result<Cow<'static, BirthHome>> {
    let data = BirthHome::default_ref()?;
    match ruleset.and_then(|r| r.birth_home.as_ref()) {
        None => Ok(Cow::Borrowed(data)),
        Some(b) => data.with_overrides(b, "ruleset.birth_home").map(Cow::Owned),
    }
}

/// What one assessment needs besides the application, built once per call (or per plan).
pub struct Context<'a> {
    /// The model's data.
    pub data: &'a BirthHome,
    /// The working calendar.
    pub cal: &'a Calendar,
    /// The procedure catalog (for the same-day rule).
    pub catalog: &'a Catalog,
}

pub(crate) fn moment(text: &str, path: &str) -> Result<NaiveDateTime> {
    if text.len() > 10 {
        parse_datetime(text, path)
    } else {
        Ok(parse_date(text, path)?
            .and_hms_opt(7, 0, 0)
            .unwrap_or_default())
    }
}

/// `birth_home.assess`.
pub fn assess(input: AssessInput) -> Result<AssessOutput> {
    let ruleset = input.ruleset.as_ref();
    let data = birth_home_for(ruleset)?;
    let cal: CalendarRef = calendar_for(ruleset)?;
    let catalog = catalog_for(ruleset)?;
    let ctx = Context {
        data: &data,
        cal: &cal,
        catalog: &catalog,
    };
    let as_of = match input.as_of.as_deref() {
        Some(t) => Some(moment(t, "as_of")?),
        None => None,
    };
    assess_with(&ctx, &input.application, as_of, "application")
}

/// Assesses one application at `as_of` (default: its application date); errors name fields under
/// `path`.
pub fn assess_with(
    ctx: &Context<'_>,
    a: &ApplicationInput,
    as_of: Option<NaiveDateTime>,
    path: &str,
) -> Result<AssessOutput> {
    assess_dated(ctx, a, as_of, path).map(|(out, _)| out)
}

/// The dates of an assessment, typed (the answer carries them as text), for the visit planner
/// (feature `desk`).
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "desk"), allow(dead_code))]
pub(crate) struct AssessedDates {
    /// When the certificate would be ready (`ready_at`).
    pub ready_at: NaiveDateTime,
    /// The last day of the registration period (`registration_deadline`).
    pub registration_deadline: NaiveDate,
}

/// [`assess_with`], with the answer's dates typed for the visit planner.
pub(crate) fn assess_dated(
    ctx: &Context<'_>,
    a: &ApplicationInput,
    as_of: Option<NaiveDateTime>,
    path: &str,
) -> Result<(AssessOutput, AssessedDates)> {
    let data = ctx.data;
    let p = &data.program;
    let field = |f: &str| format!("{path}.{f}");
    let birth = parse_date(&a.child_birth_date, &field("child_birth_date"))?;
    let applied = moment(&a.application_date, &field("application_date"))?;
    let as_of = as_of.unwrap_or(applied);
    if !data.knows(&a.commune_code) {
        return Err(Error::new(
            ErrorCode::UnknownUnit,
            field("commune_code"),
            format!(
                "Không có xã mã '{}' trong dữ liệu của mô hình",
                a.commune_code
            ),
            format!(
                "No commune with code '{}' in the model's data",
                a.commune_code
            ),
        ));
    }
    let first = crate::calendar::lunar::FIRST_SOLAR_YEAR;
    if birth.year() < first {
        return Err(Error::new(
            ErrorCode::InvalidDate,
            field("child_birth_date"),
            format!("Ngày sinh trước năm {first} không hợp lệ cho thủ tục này"),
            format!("A birth date before {first} is not valid for this procedure"),
        ));
    }
    if birth > applied.date() || birth > as_of.date() {
        return Err(Error::new(
            ErrorCode::InvalidDate,
            field("child_birth_date"),
            "Ngày sinh của trẻ ở sau ngày nộp hồ sơ (ngày trong tương lai)",
            "The child's birth date is after the application (a date in the future)",
        ));
    }
    if a.distance_km.is_some_and(|d| !d.is_finite() || d < 0.0) {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            field("distance_km"),
            "Khoảng cách phải là số không âm",
            "The distance must be a number, not negative",
        ));
    }
    let deadline = birth
        .checked_add_days(Days::new(u64::from(p.deadline_days)))
        .unwrap_or(birth);
    let on_time = applied.date() <= deadline;
    let date = applied.date();
    let code_on_date = data.code_on(&a.commune_code, date);
    let mut criteria = Vec::new();
    let mut push = |code: &str, result, vi: String, en: String, source: &str| {
        criteria.push(Criterion {
            code: code.to_owned(),
            result,
            reason_vi: vi,
            reason_en: en,
            source: source.to_owned(),
        })
    };
    use CriterionResult::{Fail, NeedsInformation, Pass};

    // Art. 13: the commune where a parent resides registers the birth.
    let residences: Vec<String> = a
        .parents
        .iter()
        .filter_map(|x| x.resident_commune_code.as_deref())
        .map(|c| data.code_on(c, date))
        .collect();
    if residences.is_empty() {
        push(
            "resident_commune",
            NeedsInformation,
            "Chưa có nơi cư trú của cha hoặc mẹ.".into(),
            "No parent's commune of residence was given.".into(),
            "Luật Hộ tịch Điều 13",
        );
    } else if residences.contains(&code_on_date) {
        push(
            "resident_commune",
            Pass,
            "Cha hoặc mẹ cư trú tại xã đăng ký.".into(),
            "A parent resides in the registering commune.".into(),
            "Luật Hộ tịch Điều 13",
        );
    } else {
        push(
            "resident_commune",
            Fail,
            "Cha, mẹ không cư trú tại xã này: đăng ký tại xã nơi cha hoặc mẹ cư trú.".into(),
            "Neither parent resides in this commune: register where a parent resides.".into(),
            "Luật Hộ tịch Điều 13",
        );
    }
    match data.running(&a.commune_code, date) {
        Some(u) => push(
            "program_commune",
            Pass,
            format!(
                "Xã thực hiện mô hình cấp giấy khai sinh tại nhà vào ngày {}.",
                dmy(date)
            ),
            format!(
                "The commune runs the home-registration model on {}.",
                dmy(date)
            ),
            &match &u.assumption {
                Some(a) => format!("{} (giả định: {a})", p.source),
                None => p.source.clone(),
            },
        ),
        None => push(
            "program_commune",
            Fail,
            format!(
                "Xã không thực hiện mô hình vào ngày {}: đăng ký tại Bộ phận Một cửa.",
                dmy(date)
            ),
            format!(
                "The commune does not run the model on {}: register at the one-stop desk.",
                dmy(date)
            ),
            &p.source,
        ),
    }
    let foreign = !a.born_in_vietnam || a.parents.iter().any(|x| !vietnamese(&x.nationality));
    if foreign {
        push("no_foreign_element", Fail,
            "Có yếu tố nước ngoài: đăng ký khai sinh có yếu tố nước ngoài theo thủ tục riêng, không thực hiện tại nhà.".into(),
            "A foreign element: registered under the foreign-element procedure, not at home.".into(),
            "Luật Hộ tịch Điều 35, 36");
    } else {
        push(
            "no_foreign_element",
            Pass,
            "Không có yếu tố nước ngoài.".into(),
            "No foreign element.".into(),
            "Luật Hộ tịch Điều 35",
        );
    }
    if on_time {
        push(
            "within_60_days",
            Pass,
            format!(
                "Nộp trong {} ngày kể từ ngày sinh (hạn {}).",
                p.deadline_days,
                dmy(deadline)
            ),
            format!(
                "Within {} days of the birth (deadline {}).",
                p.deadline_days,
                dmy(deadline)
            ),
            &p.deadline_source,
        );
    } else {
        push(
            "within_60_days",
            Fail,
            format!(
                "Quá {} ngày kể từ ngày sinh (hạn {}): vẫn được đăng ký tại Bộ phận Một cửa và nộp lệ phí.",
                p.deadline_days,
                dmy(deadline)
            ),
            format!(
                "More than {} days after the birth (deadline {}): still registered, at the office, with the fee.",
                p.deadline_days,
                dmy(deadline)
            ),
            &p.deadline_source,
        );
    }
    let papers = &data.criteria.papers;
    if a.documents.iter().any(|d| papers.contains(d)) {
        push("papers", Pass,
            "Có giấy chứng sinh, văn bản làm chứng hoặc giấy cam đoan.".into(),
            "A birth certificate from the health facility, a witness statement or a commitment is at hand.".into(),
            "Luật Hộ tịch Điều 16(1)");
    } else {
        push("papers", NeedsInformation,
            "Cần giấy chứng sinh; nếu không có, văn bản của người làm chứng hoặc giấy cam đoan.".into(),
            "A birth certificate is needed; without one, a witness statement or a written commitment.".into(),
            "Luật Hộ tịch Điều 16(1)");
    }
    if a.paternity_recognition && data.criteria.paternity_at_home {
        push(
            "no_paternity_recognition",
            Pass,
            "Kết hợp nhận cha, mẹ, con: xã giải quyết cả tại nhà theo quy định của xã.".into(),
            "Combined with paternity recognition: the commune handles it at home too, by its rule."
                .into(),
            "TT 04/2020/TT-BTP Điều 15; bộ quy tắc của xã",
        );
    } else if a.paternity_recognition {
        push(
            "no_paternity_recognition",
            Fail,
            "Kết hợp nhận cha, mẹ, con: giải quyết tại Bộ phận Một cửa.".into(),
            "Combined with paternity recognition: handled at the office.".into(),
            "TT 04/2020/TT-BTP Điều 15; quy ước của mô hình",
        );
    } else {
        push(
            "no_paternity_recognition",
            Pass,
            "Không kết hợp nhận cha, mẹ, con.".into(),
            "No paternity recognition combined.".into(),
            "TT 04/2020/TT-BTP Điều 15",
        );
    }
    let listed = a.hamlet.as_deref().and_then(|name| {
        data.hamlet(&[a.commune_code.as_str(), code_on_date.as_str()], name)
            .map(|h| (name, h))
    });
    let distance_km = match listed {
        Some((_, Ok(h))) => a.distance_km.or(Some(h.distance_km)),
        _ => a.distance_km,
    };
    let remote_hamlet = a.household.remote_hamlet || matches!(listed, Some((_, Ok(h))) if h.remote);
    match (listed, distance_km) {
        (Some((name, Err(()))), _) => push(
            "service_area",
            Fail,
            format!("Ấp/khóm '{name}' không có trong danh sách phục vụ của xã."),
            format!("Hamlet '{name}' is not in the commune's service list."),
            "Dữ liệu mô hình (danh sách ấp, khóm phục vụ)",
        ),
        (_, None) => push(
            "service_area",
            NeedsInformation,
            "Chưa có ấp/khóm hoặc khoảng cách từ nhà đến trụ sở xã.".into(),
            "Neither the hamlet nor the distance from home to the commune office is given.".into(),
            "Dữ liệu mô hình (bán kính phục vụ)",
        ),
        (_, Some(d)) if d <= p.max_distance_km => push(
            "service_area",
            Pass,
            format!(
                "Nhà trong phạm vi phục vụ ({} km, tối đa {} km).",
                amount_text(d),
                amount_text(p.max_distance_km)
            ),
            format!(
                "Home within the service area ({} km, at most {} km).",
                amount_text(d),
                amount_text(p.max_distance_km)
            ),
            "Dữ liệu mô hình (bán kính phục vụ)",
        ),
        (_, Some(d)) => push(
            "service_area",
            Fail,
            format!(
                "Nhà ngoài phạm vi phục vụ ({} km, tối đa {} km).",
                amount_text(d),
                amount_text(p.max_distance_km)
            ),
            format!(
                "Home outside the service area ({} km, at most {} km).",
                amount_text(d),
                amount_text(p.max_distance_km)
            ),
            "Dữ liệu mô hình (bán kính phục vụ)",
        ),
    }
    if a.child_alive {
        push(
            "child_alive",
            Pass,
            "Trẻ còn sống.".into(),
            "The child is alive.".into(),
            "Luật Hộ tịch Điều 16; BLDS 2015 Điều 30",
        );
    } else {
        push("child_alive", Fail,
            "Trẻ đã mất: gia đình được hướng dẫn đăng ký khai sinh và khai tử tại Bộ phận Một cửa, không thăm nhà kèm lời chúc mừng.".into(),
            "The child has died: the family is helped to register the birth and the death at the office, with no congratulatory visit.".into(),
            "BLDS 2015 Điều 30; Luật Hộ tịch Điều 16, 33");
    }
    let advisory = &data.criteria.advisory;
    let blocking = |c: &Criterion| c.result != Pass && !advisory.contains(&c.code);
    let eligible = a.child_alive && !criteria.iter().any(blocking);
    let route = if !a.child_alive {
        "office_with_care"
    } else if eligible {
        "home_visit"
    } else {
        "office"
    };
    let first_open = criteria.iter().find(|c| blocking(c));
    let (next_vi, next_en) = match (route, first_open) {
        ("home_visit", _) => (
            "Gia đình đủ điều kiện: cán bộ tư pháp - hộ tịch sẽ hẹn ngày đến nhà trao giấy khai sinh.".to_owned(),
            "The family qualifies: the civil-status officer will arrange a home visit to hand over the certificate.".to_owned(),
        ),
        (_, Some(c)) if c.result == NeedsInformation => (
            format!("Xin bổ sung thông tin: {}", c.reason_vi),
            format!("Please add: {}", c.reason_en),
        ),
        (_, Some(c)) => (c.reason_vi.clone(), c.reason_en.clone()),
        _ => (String::new(), String::new()),
    };

    // Dates: the same-day rule of a birth registration on the working calendar.
    let events = [Event {
        kind: EventKind::Received,
        at: applied,
        new_due_at: None,
        reason: None,
        caused_by: None,
    }];
    let c = deadline::compute(
        ctx.cal,
        ctx.catalog,
        &Dossier {
            procedure_code: Some(&p.procedure_code),
            procedure: None,
            unit: None,
            channel: None,
            events: &events,
        },
        None,
        false,
        true,
    )
    .map_err(|e| e.at(field("application_date")))?;
    let days_left = (deadline - as_of.date()).num_days();

    // Priority: urgency grows as the deadline nears; circumstances add their points.
    let w = &data.weights;
    let h = &a.household;
    let urgency = if days_left <= 0 {
        1.0
    } else {
        1.0 - (days_left as f64 / f64::from(p.deadline_days)).min(1.0)
    };
    let distance = distance_km.map_or(0.0, |d| {
        if p.max_distance_km > 0.0 {
            (d / p.max_distance_km).min(1.0)
        } else {
            1.0
        }
    });
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let parts = [
        ("urgency", w.urgency * urgency, w.urgency),
        (
            "poor_household",
            if h.poor { w.poor_household } else { 0.0 },
            w.poor_household,
        ),
        (
            "near_poor_household",
            if h.near_poor && !h.poor {
                w.near_poor_household
            } else {
                0.0
            },
            w.near_poor_household,
        ),
        (
            "disability",
            if h.disability { w.disability } else { 0.0 },
            w.disability,
        ),
        (
            "single_parent",
            if h.single_parent {
                w.single_parent
            } else {
                0.0
            },
            w.single_parent,
        ),
        (
            "ethnic_minority",
            if h.ethnic_minority {
                w.ethnic_minority
            } else {
                0.0
            },
            w.ethnic_minority,
        ),
        (
            "remote_hamlet",
            if remote_hamlet { w.remote_hamlet } else { 0.0 },
            w.remote_hamlet,
        ),
        (
            "postpartum_mother",
            if h.postpartum_mother {
                w.postpartum_mother
            } else {
                0.0
            },
            w.postpartum_mother,
        ),
        (
            "bundled_registration",
            if h.bundled_registration {
                w.bundled_registration
            } else {
                0.0
            },
            w.bundled_registration,
        ),
        ("distance", w.distance * distance, w.distance),
    ];
    let score = round(parts.iter().map(|(_, v, _)| v).sum::<f64>().min(100.0));
    let dates = AssessedDates {
        ready_at: c.due_at,
        registration_deadline: deadline,
    };
    let out = AssessOutput {
        eligible,
        route: route.to_owned(),
        criteria,
        next_step_vi: next_vi,
        next_step_en: next_en,
        fee: if on_time { 0 } else { p.late_fee_vnd },
        fee_source: p.fee_source.clone(),
        registration_deadline: format_date(deadline),
        days_left,
        ready_at: format_datetime(c.due_at),
        score,
        score_components: parts
            .iter()
            .map(|(code, v, max)| ScoreComponent {
                code: (*code).to_owned(),
                points: round(*v),
                max: *max,
            })
            .collect(),
        commune_code_on_date: code_on_date,
        provisional: c.provisional,
        ruleset_version: [
            ctx.cal.rules().version.as_str(),
            " / birth_home ",
            &data.version,
        ]
        .concat(),
    };
    Ok((out, dates))
}
