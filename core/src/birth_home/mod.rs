//! The home birth-registration model ("Cấp giấy khai sinh tại nhà", QĐ 491/QĐ-UBND 2020 mục
//! II.2): whether a family qualifies for a home visit, why, by when, at what fee, and how urgent.
//!
//! The registration rules are the Law on Civil Status 2014 (Luật Hộ tịch): the commune where a
//! parent resides registers the birth (Art. 13), within 60 days (Art. 15), free when on time
//! (Art. 11), with the health facility's birth certificate, a witness statement or a written
//! commitment (Art. 16), as a same-day matter (Art. 5(3), 16(2)). Cases with a foreign element go
//! elsewhere (Art. 35). No public text defines the model itself: where it runs, its capacity,
//! service area and priority weights are data (`data/birth_home.toml`) a commune can change.
//!
//! The parts: [`record`] (the application and the registration as given), [`assess`] (the
//! criteria, route, dates and fee), [`texts`] (every reason with its article), [`priority`] (the
//! score), and with the desk feature [`plan`] (visits on working days, by [`schedule`]) and
//! [`report`] (the commune report).
pub mod assess;
pub mod law;
pub mod model;
mod overrides;
#[cfg(feature = "desk")]
pub mod plan;
pub mod priority;
pub mod record;
#[cfg(feature = "desk")]
pub mod report;
#[cfg(feature = "desk")]
pub mod schedule;
pub mod texts;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use assess::Context;
pub use model::{AssessOutput, Criterion, CriterionCode, CriterionResult, Route};
#[cfg(feature = "desk")]
pub use record::RegistrationInput;
pub use record::{ApplicationInput, HouseholdInput, ParentInput};

use crate::dated::{Dated, Period};
use crate::error::{Error, Result};
use crate::text::lower_vi;
use crate::units::Units;

const BIRTH_HOME_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/birth_home.json"));

/// The model's settings.
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
pub struct Program {
    /// The catalog procedure of birth registration: its time gives `ready_at`, its fee rule the
    /// registration period (Luật Hộ tịch Art. 15(1)) and the fee (Art. 11).
    pub procedure_code: String,
    /// The province's fee of a late registration, đồng, where a commune's ruleset gives it.
    #[serde(default)]
    pub late_fee_vnd: Option<u64>,
    /// Its source (the HĐND resolution).
    #[serde(default)]
    pub late_fee_source: Option<String>,
    /// Home visits per working day.
    pub visits_per_working_day: u32,
    /// Farthest home visited, km.
    pub max_distance_km: f64,
    /// Source of the model.
    pub source: String,
    /// The period the model's decision sets, in words (QĐ 491/QĐ-UBND 2020 mục II.3: 01/2020
    /// to 12/2020).
    pub period_vi: String,
    /// The same in English.
    pub period_en: String,
    /// Its source.
    pub period_source: String,
    /// Whether the communes' entries marked `continuation` (the model after its decided period,
    /// an assumption no decision read supports) count. Off in the engine's data; a commune that
    /// continues the model by its own decision turns it on in its ruleset.
    #[serde(default)]
    pub continuation: bool,
}

/// A commune running the model over a period.
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProgramUnit {
    /// Unit code.
    pub code: String,
    /// First day.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day.
    #[serde(default)]
    pub to: Option<String>,
    /// What the entry assumes.
    #[serde(default)]
    pub assumption: Option<String>,
    /// The entry continues the model after its decided period: counted only when the model's
    /// `continuation` is on.
    #[serde(default)]
    pub continuation: bool,
}

/// Points of each priority component.
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
pub struct Weights {
    /// Fewer days left to the 60-day limit.
    pub urgency: f64,
    /// Poor household.
    pub poor_household: f64,
    /// Near-poor household.
    pub near_poor_household: f64,
    /// A household member with a disability.
    pub disability: f64,
    /// Single parent.
    pub single_parent: f64,
    /// Ethnic minority (e.g. Khmer).
    pub ethnic_minority: f64,
    /// Remote hamlet.
    pub remote_hamlet: f64,
    /// Mother still recovering from the birth.
    pub postpartum_mother: f64,
    /// Residence and health-insurance registration bundled (NĐ 63/2024).
    pub bundled_registration: f64,
    /// Travel distance to the commune office.
    pub distance: f64,
}

/// What the criteria accept.
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
pub struct Criteria {
    /// Papers that satisfy Luật Hộ tịch Art. 16(1).
    pub papers: Vec<String>,
    /// A birth combined with paternity recognition may be handed over at home.
    pub paternity_at_home: bool,
    /// Criteria reported without blocking a home visit.
    #[serde(default)]
    pub advisory: Vec<String>,
}

/// The articles (or the model's data) each criterion rests on, as data a reviewer reads.
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
pub struct Sources {
    /// The commune where a parent resides registers the birth.
    pub resident_commune: String,
    /// No foreign element.
    pub foreign_element: String,
    /// A foreign element: the other procedure.
    pub foreign_element_fail: String,
    /// The papers.
    pub papers: String,
    /// The catalog procedure of birth registration combined with paternity recognition, whose
    /// source (dated) the paternity criterion cites.
    pub paternity_procedure_code: String,
    /// The commune's list of hamlets.
    pub hamlet_list: String,
    /// The service radius.
    pub radius: String,
    /// The child is alive.
    pub child_alive: String,
    /// The child has died.
    pub child_died: String,
}

/// A hamlet (ấp, khóm) of a commune's service area.
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
pub struct Hamlet {
    /// Commune code (old or new).
    pub unit: String,
    /// Name as families write it.
    pub name: String,
    /// Distance from the commune office, km.
    pub distance_km: f64,
    /// Remote hamlet (adds the remote-hamlet priority).
    #[serde(default)]
    pub remote: bool,
}

/// Points of each part of the model's composite score in the commune report.
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
pub struct ReportWeights {
    /// Share of births registered within the period.
    pub on_time_share: f64,
    /// Share of births served at home.
    pub home_share: f64,
    /// Speed: 1 − median days from birth to certificate / the period.
    pub speed: f64,
}

#[derive(Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    program: Program,
    unit: Vec<ProgramUnit>,
    criteria: Criteria,
    sources: Sources,
    #[serde(default)]
    hamlet: Vec<Hamlet>,
    weights: Weights,
    report_weights: ReportWeights,
}

/// A commune's changes to the model (`ruleset.birth_home`): every part optional.
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
pub struct BirthHomeInput {
    /// Fee of a late registration, đồng (the province's rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_fee_vnd: Option<u64>,
    /// Its source (the HĐND resolution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_source: Option<String>,
    /// Home visits per working day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visits_per_working_day: Option<u32>,
    /// Farthest home visited, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_distance_km: Option<f64>,
    /// Count the entries that continue the model after its decided period (the commune's own
    /// decision to continue it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation: Option<bool>,
    /// Communes running the model: replaces the whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "wasm",
        tsify(
            type = "{code: string, from?: string, to?: string, assumption?: string, continuation?: boolean}[]"
        )
    )]
    pub units: Option<Vec<ProgramUnit>>,
    /// What the criteria accept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Criteria>,
    /// Hamlets: replace the lists of the communes they name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hamlets: Option<Vec<Hamlet>>,
    /// Priority weights by component code; unnamed components keep theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, number>"))]
    pub weights: Option<BTreeMap<String, f64>>,
    /// Report weights by part code (`on_time_share`, `home_share`, `speed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, number>"))]
    pub report_weights: Option<BTreeMap<String, f64>>,
}

/// The model's data.
#[derive(Clone, Debug)]
pub struct BirthHome {
    /// Data version.
    pub version: String,
    /// Settings.
    pub program: Program,
    units: Vec<Dated<ProgramUnit>>,
    /// The administrative units, for the 2025 reorganisation's mapping.
    admin: &'static Units,
    /// The sources of the criteria.
    pub sources: Sources,
    /// What the criteria accept.
    pub criteria: Criteria,
    /// Service area by hamlet.
    pub hamlets: Vec<Hamlet>,
    /// Weights.
    pub weights: Weights,
    /// Composite score of the commune report.
    pub report_weights: ReportWeights,
}

pub(crate) fn invalid(path: String, vi: String, en: String) -> Error {
    Error::invalid_model_data(path, vi, en)
}

pub(crate) fn dated_units(list: Vec<ProgramUnit>, path: &str) -> Result<Vec<Dated<ProgramUnit>>> {
    let mut units = Vec::new();
    for (i, value) in list.into_iter().enumerate() {
        let p = format!("{path}[{i}]");
        let period = Period::parse(value.from.as_deref(), value.to.as_deref(), &p)?;
        units.push(Dated { period, value });
    }
    Ok(units)
}

pub(crate) fn check_hamlets(list: &[Hamlet], path: &str) -> Result<()> {
    for (i, h) in list.iter().enumerate() {
        if !h.distance_km.is_finite() || h.distance_km < 0.0 {
            return Err(invalid(
                format!("{path}[{i}].distance_km"),
                format!("Ấp {}: khoảng cách phải là số không âm", h.name),
                format!(
                    "Hamlet {}: the distance must be a number, not negative",
                    h.name
                ),
            ));
        }
    }
    Ok(())
}

/// Normalises a hamlet name for comparison: case and runs of spaces do not matter.
pub fn hamlet_key(name: &str) -> String {
    lower_vi(&name.split_whitespace().collect::<Vec<_>>().join(" "))
}

impl BirthHome {
    fn defaults() -> Result<Self> {
        const FILE: &str = "birth_home.toml";
        let internal = |e: Error| crate::de::internal(FILE, e);
        let f: File = crate::de::from_data(FILE, BIRTH_HOME_JSON)?;
        let units = dated_units(f.unit, "unit").map_err(internal)?;
        check_hamlets(&f.hamlet, "hamlet").map_err(internal)?;
        Ok(BirthHome {
            version: f.version,
            program: f.program,
            units,
            admin: Units::default_ref()?,
            criteria: f.criteria,
            sources: f.sources,
            hamlets: f.hamlet,
            weights: f.weights,
            report_weights: f.report_weights,
        })
    }

    /// A hamlet of the commune (by its code as given or on the date), when the commune lists
    /// its hamlets; `Err(())` when it lists them and this one is not among them.
    pub fn hamlet(&self, codes: &[&str], name: &str) -> Option<std::result::Result<&Hamlet, ()>> {
        let listed: Vec<&Hamlet> = self
            .hamlets
            .iter()
            .filter(|h| {
                let unit = self.admin.official(&h.unit);
                codes.iter().any(|c| self.admin.official(c) == unit)
            })
            .collect();
        if listed.is_empty() {
            return None;
        }
        let key = hamlet_key(name);
        Some(
            listed
                .into_iter()
                .find(|h| hamlet_key(&h.name) == key)
                .ok_or(()),
        )
    }

    /// The shared default data.
    pub fn default_ref() -> Result<&'static BirthHome> {
        static DEFAULT: OnceLock<Result<BirthHome>> = OnceLock::new();
        crate::de::shared(&DEFAULT, BirthHome::defaults)
    }

    /// The code a commune has on `d`: itself while in force, else the commune that took it over
    /// (the 2025 reorganisation, `units.toml`).
    pub fn code_on(&self, code: &str, d: NaiveDate) -> String {
        self.admin.code_on(code, d)
    }

    /// Whether a commune code is known: an administrative unit, or a commune of the model.
    pub fn knows(&self, code: &str) -> bool {
        self.admin.knows(code) || self.units.iter().any(|u| u.value.code == code)
    }

    /// The program entry in force for a commune on a date, if the commune runs the model: an
    /// entry of the decided period, or one continuing it when continuation is on.
    pub fn running(&self, code: &str, d: NaiveDate) -> Option<&ProgramUnit> {
        self.entry_on(code, d)
            .filter(|u| !u.continuation || self.program.continuation)
    }

    /// The last day from `from` to `to` on which the commune runs the model without a break
    /// (the day before `from` when it does not run it then); `None` when it runs it throughout.
    /// The seed plan (QĐ 491, II.3) runs the model "kể từ tháng 01/2020 cho đến hết tháng
    /// 12/2020", so no home visit is planned after a commune's model has ended.
    pub fn running_until(&self, code: &str, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
        let mut d = from;
        while d <= to {
            if self.running(code, d).is_none() {
                return d.pred_opt();
            }
            d = d.succ_opt()?;
        }
        None
    }

    /// Whether the commune was in the model, the date lying only in a continuation that is off.
    pub fn after_period(&self, code: &str, d: NaiveDate) -> bool {
        self.entry_on(code, d).is_some_and(|u| u.continuation) && !self.program.continuation
    }

    fn entry_on(&self, code: &str, d: NaiveDate) -> Option<&ProgramUnit> {
        let code = self.code_on(code, d);
        self.units
            .iter()
            .find(|u| u.value.code == code && u.period.contains(d))
            .map(|u| &u.value)
    }
}
