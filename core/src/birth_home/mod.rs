//! The home birth-registration model ("Cấp giấy khai sinh tại nhà", QĐ 491/QĐ-UBND 2020 mục
//! II.2): whether a family qualifies for a home visit, why, by when, at what fee, and how urgent.
//!
//! The registration rules are the Law on Civil Status 2014 (Luật Hộ tịch): the commune where a
//! parent resides registers the birth (Art. 13), within 60 days (Art. 15), free when on time
//! (Art. 11), with the health facility's birth certificate, a witness statement or a written
//! commitment (Art. 16), as a same-day matter (Art. 5(3), 16(2)). Cases with a foreign element go
//! elsewhere (Art. 35). No public text defines the model itself: where it runs, its capacity,
//! service area and priority weights are data (`data/birth_home.toml`) a commune can change.
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::time::parse_date;

const BIRTH_HOME_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/birth_home.json"));

/// The model's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Days after the birth within which registration is due (Art. 15(1)).
    pub deadline_days: u32,
    /// Its source.
    pub deadline_source: String,
    /// The catalog procedure whose processing time gives `ready_at` (birth registration).
    pub procedure_code: String,
    /// Fee of a late registration, đồng.
    pub late_fee_vnd: u64,
    /// Its source.
    pub fee_source: String,
    /// Confidence of the fee.
    pub fee_confidence: String,
    /// Home visits per working day.
    pub visits_per_working_day: u32,
    /// Farthest home visited, km.
    pub max_distance_km: f64,
    /// Source of the model.
    pub source: String,
}

/// A commune running the model over a period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramUnit {
    /// Unit code.
    pub code: String,
    /// First day.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day.
    #[serde(default)]
    pub to: Option<String>,
    /// The commune that continues the model after `to`.
    #[serde(default)]
    pub successor: Option<String>,
    /// What the entry assumes.
    #[serde(default)]
    pub assumption: Option<String>,
}

/// Points of each priority component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

/// A commune outside the model that joined a new commune.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moved {
    /// Old code.
    pub code: String,
    /// First day under the new commune.
    pub on: String,
    /// The new commune.
    pub successor: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    program: Program,
    unit: Vec<ProgramUnit>,
    moved: Vec<Moved>,
    weights: Weights,
}

/// The model's data.
#[derive(Clone, Debug)]
pub struct BirthHome {
    /// Data version.
    pub version: String,
    /// Settings.
    pub program: Program,
    units: Vec<(Option<NaiveDate>, Option<NaiveDate>, ProgramUnit)>,
    moved: Vec<(NaiveDate, Moved)>,
    /// Weights.
    pub weights: Weights,
}

fn internal(e: Error) -> Error {
    Error::new(
        ErrorCode::InternalData,
        e.path.clone(),
        format!("Dữ liệu mô hình khai sinh tại nhà bị lỗi: {}", e.message_vi),
        format!("The home-birth model data is broken: {}", e.message_en),
    )
}

impl BirthHome {
    fn defaults() -> Result<Self> {
        let value: serde_json::Value = serde_json::from_str(BIRTH_HOME_JSON)
            .map_err(|e| internal(crate::api::malformed(&e.to_string())))?;
        let f: File = crate::de::from_value(value).map_err(internal)?;
        let mut units = Vec::new();
        for (i, u) in f.unit.into_iter().enumerate() {
            let p = format!("birth_home.toml.unit[{i}]");
            let from = u
                .from
                .as_deref()
                .map(|d| parse_date(d, &p))
                .transpose()
                .map_err(internal)?;
            let to =
                u.to.as_deref()
                    .map(|d| parse_date(d, &p))
                    .transpose()
                    .map_err(internal)?;
            units.push((from, to, u));
        }
        let mut moved = Vec::new();
        for (i, m) in f.moved.into_iter().enumerate() {
            let on =
                parse_date(&m.on, &format!("birth_home.toml.moved[{i}].on")).map_err(internal)?;
            moved.push((on, m));
        }
        Ok(BirthHome {
            version: f.version,
            program: f.program,
            units,
            moved,
            weights: f.weights,
        })
    }

    /// The shared default data.
    pub fn default_ref() -> Result<&'static BirthHome> {
        static DEFAULT: OnceLock<Result<BirthHome>> = OnceLock::new();
        DEFAULT
            .get_or_init(BirthHome::defaults)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The code a commune has on `d`: itself while in force, else its successor (the 2025
    /// reorganisation).
    pub fn code_on(&self, code: &str, d: NaiveDate) -> String {
        let mut current = code.to_owned();
        for _ in 0..4 {
            let from_units = self
                .units
                .iter()
                .find(|(_, to, u)| u.code == current && to.is_some_and(|t| t < d))
                .and_then(|(_, _, u)| u.successor.clone());
            let from_moved = || {
                self.moved
                    .iter()
                    .find(|(on, m)| m.code == current && *on <= d)
                    .map(|(_, m)| m.successor.clone())
            };
            match from_units.or_else(from_moved) {
                Some(next) => current = next,
                None => break,
            }
        }
        current
    }

    /// Whether the data names this commune at all (Trà Cú's 17 communes and the 6 that replaced
    /// them).
    pub fn knows(&self, code: &str) -> bool {
        self.units
            .iter()
            .any(|(_, _, u)| u.code == code || u.successor.as_deref() == Some(code))
            || self
                .moved
                .iter()
                .any(|(_, m)| m.code == code || m.successor == code)
    }

    /// The program entry in force for a commune on a date, if the commune runs the model.
    pub fn running(&self, code: &str, d: NaiveDate) -> Option<&ProgramUnit> {
        let code = self.code_on(code, d);
        self.units
            .iter()
            .find(|(from, to, u)| {
                u.code == code && from.is_none_or(|f| f <= d) && to.is_none_or(|t| d <= t)
            })
            .map(|(_, _, u)| u)
    }
}
