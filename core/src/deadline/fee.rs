//! What a dossier pays, by its procedure's law: the civil-status rules of Luật Hộ tịch 2014
//! Art. 11 (free for the registrant of a family with meritorious service, of a poor household or
//! with a disability, whatever the date, 11(1)(a); free for a birth or death registered within
//! its period, 11(1)(b) with 15(1) and 33(1)), a charge by page (copy certification), or the
//! catalog's flat amount. An amount no source gives is not invented: it is `None`, with the
//! reason and who sets it.
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::catalog::Procedure;
use crate::calendar::{Calendar, PeriodEnd};
use crate::text::money_figures as money;
use crate::time::format_dmy as dmy;

/// How a procedure's fee is set.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeeRule {
    /// Where exemptions by the registrant's situation apply (Luật Hộ tịch Art. 11(1)(a)), their
    /// source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemptions_source: Option<String>,
    /// Free when registered within a period after the event (Art. 11(1)(b)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_within: Option<FreeWithin>,
    /// The fee after that period, đồng, where a source gives it (the province sets it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_fee_vnd: Option<u64>,
    /// The source of that fee or of who sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_fee_source: Option<String>,
    /// Who sets it, in Vietnamese, for the slip (`HĐND tỉnh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by_vi: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by_en: Option<String>,
    /// A charge by page of the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<PerPage>,
}

/// A registration period counted in days from the event (the day of the event not counted,
/// BLDS 2015 Art. 147(3)); its last day moves to the next working day when it is a day off
/// (Art. 148(5)).
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FreeWithin {
    /// Days after the event.
    pub days: u32,
    /// The event, in Vietnamese (`ngày sinh`).
    pub event_vi: String,
    /// The same in English.
    pub event_en: String,
    /// The article setting the period.
    pub source: String,
    /// The article moving a last day that is a day off.
    pub moved_source: String,
    /// Where set, the article limiting the exemption to Vietnamese citizens residing in Viet Nam
    /// (Luật Hộ tịch Art. 11(1)(b)): a registration with a foreign element is then not free by
    /// date, and its amount is the province's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizens_only_source: Option<String>,
}

/// A charge by page of the original, per copy, with a ceiling.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PerPage {
    /// Pages charged at the first rate.
    pub first_pages: u32,
    /// Their rate, đồng a page.
    pub first_vnd: u64,
    /// The rate of each later page.
    pub then_vnd: u64,
    /// The most one copy costs.
    pub max_per_copy_vnd: u64,
    /// The source.
    pub source: String,
}

/// A registrant's situation that makes civil-status registration free (Art. 11(1)(a)).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Exemption {
    /// A family with meritorious service to the revolution.
    MeritoriousFamily,
    /// A poor household.
    PoorHousehold,
    /// A person with a disability.
    Disability,
}

/// Why the fee is what it is.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FeeBasis {
    /// Exempt by the registrant's situation.
    Exempt,
    /// Free, registered within the period.
    OnTime,
    /// After the period, at the amount a source gives.
    Late,
    /// By page.
    PerPage,
    /// The catalog's amount.
    Flat,
    /// No source gives the amount, or the facts to compute it are missing.
    Unknown,
}

/// The facts a fee depends on.
#[derive(Clone, Copy, Debug, Default)]
pub struct FeeFacts {
    /// The registration date.
    pub registered: Option<NaiveDate>,
    /// The event registered (the birth, the death).
    pub event: Option<NaiveDate>,
    /// The registrant's exemption.
    pub exemption: Option<Exemption>,
    /// Pages of the original.
    pub pages: Option<u32>,
    /// Copies asked for (default 1).
    pub copies: Option<u32>,
    /// The registrants are not Vietnamese citizens residing in Viet Nam (a foreign element of
    /// Luật Hộ tịch Art. 35 other than the birthplace), so the free in-time registration of
    /// Art. 11(1)(b) is not theirs.
    pub foreign_registrants: bool,
}

/// A fee with its reason; the texts read after "Lệ phí:" on a receipt slip.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fee {
    /// Đồng; absent when unknown.
    pub amount_vnd: Option<u64>,
    /// Why.
    pub basis: FeeBasis,
    /// In Vietnamese, for the slip.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
    /// The article or the body that sets it.
    pub source: String,
}

/// The end of a period of `days` after `event` ([`Calendar::days_period_end`]); past the calendar
/// the counted day, not moved.
pub fn period_end(cal: &Calendar, event: NaiveDate, days: u32) -> PeriodEnd {
    cal.days_period_end(event, days, "").unwrap_or_else(|_| {
        let counted = event
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(event);
        PeriodEnd {
            counted,
            day: counted,
        }
    })
}

fn fee(amount: Option<u64>, basis: FeeBasis, vi: String, en: String, source: &str) -> Fee {
    Fee {
        amount_vnd: amount,
        basis,
        text_vi: vi,
        text_en: en,
        source: source.to_owned(),
    }
}

/// The fee of a dossier of procedure `p` with `facts`.
pub fn fee_of(p: &Procedure, cal: &Calendar, facts: &FeeFacts) -> Fee {
    match &p.fee_rule {
        Some(rule) => fee_by_rule(p, rule, cal, facts),
        None => flat(p, None),
    }
}

/// The fee of a dossier of procedure `p` by `rule` (the procedure's, or one a caller amended).
pub fn fee_by_rule(p: &Procedure, rule: &FeeRule, cal: &Calendar, facts: &FeeFacts) -> Fee {
    if let (Some(src), Some(x)) = (&rule.exemptions_source, facts.exemption) {
        let (vi, en) = match x {
            Exemption::MeritoriousFamily => {
                ("gia đình có công với cách mạng", "meritorious family")
            }
            Exemption::PoorHousehold => ("hộ nghèo", "poor household"),
            Exemption::Disability => ("người khuyết tật", "person with a disability"),
        };
        let (vi, en) = (format!("miễn ({vi})"), format!("free ({en})"));
        return fee(Some(0), FeeBasis::Exempt, vi, en, src);
    }
    if let Some(w) = &rule.free_within {
        return within(rule, w, cal, facts);
    }
    match &rule.per_page {
        Some(pp) => by_page(pp, facts),
        None => flat(p, Some(rule)),
    }
}

/// Free within the period, else the late fee where a source gives it.
fn within(rule: &FeeRule, w: &FreeWithin, cal: &Calendar, f: &FeeFacts) -> Fee {
    let late_source = rule.late_fee_source.as_deref().unwrap_or_default();
    let (by_vi, by_en) = set_by(rule);
    if let Some(src) = w
        .citizens_only_source
        .as_deref()
        .filter(|_| f.foreign_registrants)
    {
        let vi =
            format!("có yếu tố nước ngoài: không miễn theo hạn đăng ký; mức do {by_vi} quy định");
        let en = format!("a foreign element: not free by date; at the rate set by {by_en}");
        return fee(None, FeeBasis::Unknown, vi, en, src);
    }
    let (Some(event), Some(day)) = (f.event, f.registered) else {
        let vi = format!(
            "miễn nếu đăng ký trong {} ngày kể từ {}; quá hạn theo mức do {by_vi} quy định",
            w.days, w.event_vi
        );
        let en = format!(
            "free within {} days of {}; later at the rate set by {by_en}",
            w.days, w.event_en
        );
        return fee(None, FeeBasis::Unknown, vi, en, &w.source);
    };
    let end = period_end(cal, event, w.days).day;
    if day <= end {
        let vi = format!("miễn (đăng ký đúng hạn, đến {})", dmy(end));
        let en = format!("free (registered in time, by {})", dmy(end));
        return fee(Some(0), FeeBasis::OnTime, vi, en, &w.source);
    }
    match rule.late_fee_vnd {
        Some(v) => fee(
            Some(v),
            FeeBasis::Late,
            format!("{} (đăng ký quá hạn)", money(v)),
            format!("{v} VND (registered late)"),
            late_source,
        ),
        None => fee(
            None,
            FeeBasis::Unknown,
            format!("đăng ký quá hạn, theo mức do {by_vi} quy định"),
            format!("registered late, at the rate set by {by_en}"),
            late_source,
        ),
    }
}

/// Who sets a fee the data has no amount of.
fn set_by(rule: &FeeRule) -> (&str, &str) {
    (
        rule.set_by_vi.as_deref().unwrap_or("cơ quan có thẩm quyền"),
        rule.set_by_en.as_deref().unwrap_or("the competent body"),
    )
}

/// A charge by page: the first pages at one rate, the rest at another, each copy capped.
fn by_page(pp: &PerPage, f: &FeeFacts) -> Fee {
    let Some(pages) = f.pages else {
        let vi = format!(
            "{}/trang; từ trang thứ {} {}/trang; tối đa {}/bản",
            money(pp.first_vnd),
            pp.first_pages + 1,
            money(pp.then_vnd),
            money(pp.max_per_copy_vnd)
        );
        let en = format!(
            "{} VND a page; from page {} {} VND a page; at most {} VND a copy",
            pp.first_vnd,
            pp.first_pages + 1,
            pp.then_vnd,
            pp.max_per_copy_vnd
        );
        return fee(None, FeeBasis::PerPage, vi, en, &pp.source);
    };
    let first = u64::from(pages.min(pp.first_pages)) * pp.first_vnd;
    let rest = u64::from(pages.saturating_sub(pp.first_pages)) * pp.then_vnd;
    let copy = (first + rest).min(pp.max_per_copy_vnd);
    let copies = f.copies.unwrap_or(1);
    let total = copy.saturating_mul(u64::from(copies));
    let vi = format!("{} ({pages} trang × {copies} bản)", money(total));
    let en = format!("{total} VND ({pages} pages × {copies} copies)");
    fee(Some(total), FeeBasis::PerPage, vi, en, &pp.source)
}

/// The catalog's flat amount, or unknown (with who sets it, where the rule says).
fn flat(p: &Procedure, rule: Option<&FeeRule>) -> Fee {
    let note = p.fee_note.clone().unwrap_or_default();
    match (p.fee_vnd, rule) {
        (Some(0), _) => fee(Some(0), FeeBasis::Flat, "miễn".into(), "free".into(), &note),
        (Some(v), _) => fee(Some(v), FeeBasis::Flat, money(v), format!("{v} VND"), &note),
        (None, Some(rule)) => {
            let (by_vi, by_en) = set_by(rule);
            let source = rule.late_fee_source.as_deref().unwrap_or(&note);
            fee(
                None,
                FeeBasis::Unknown,
                format!("theo mức do {by_vi} quy định"),
                format!("at the rate set by {by_en}"),
                source,
            )
        }
        (None, None) => fee(
            None,
            FeeBasis::Unknown,
            "chưa có trong dữ liệu".into(),
            "not in the data".into(),
            &note,
        ),
    }
}
