//! The home birth-registration model ("Cấp giấy khai sinh tại nhà", QĐ 491/QĐ-UBND 2020 mục
//! II.2): whether a family qualifies for a home visit, why, by when, at what fee, and how urgent.
//!
//! The registration rules are the Law on Civil Status 2014 (Luật Hộ tịch): the commune where a
//! parent resides registers the birth (Art. 13), within 60 days (Art. 15), free when on time
//! (Art. 11), with the health facility's birth certificate, a witness statement or a written
//! commitment (Art. 16), as a same-day matter (Art. 5(3), 16(2)). Cases with a foreign element go
//! elsewhere (Art. 35). No public text defines the model itself: where it runs, its capacity,
//! service area and priority weights are data (`data/birth_home.toml`) a commune can change.
#[cfg(feature = "desk")]
pub mod schedule;

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};
use crate::time::parse_period;
use crate::units::Units;

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

/// What the criteria accept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Criteria {
    /// Papers that satisfy Luật Hộ tịch Art. 16(1).
    pub papers: Vec<String>,
    /// A birth combined with paternity recognition may be handed over at home.
    pub paternity_at_home: bool,
    /// Criteria reported without blocking a home visit.
    #[serde(default)]
    pub advisory: Vec<String>,
}

/// A hamlet (ấp, khóm) of a commune's service area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportWeights {
    /// Share of births registered within the period.
    pub on_time_share: f64,
    /// Share of births served at home.
    pub home_share: f64,
    /// Speed: 1 − median days from birth to certificate / the period.
    pub speed: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    program: Program,
    unit: Vec<ProgramUnit>,
    criteria: Criteria,
    #[serde(default)]
    hamlet: Vec<Hamlet>,
    weights: Weights,
    report_weights: ReportWeights,
}

/// A commune's changes to the model (`ruleset.birth_home`): every part optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    /// Communes running the model: replaces the whole list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "wasm",
        tsify(type = "{code: string, from?: string, to?: string, assumption?: string}[]")
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
    pub weights: Option<std::collections::BTreeMap<String, f64>>,
    /// Report weights by part code (`on_time_share`, `home_share`, `speed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, number>"))]
    pub report_weights: Option<std::collections::BTreeMap<String, f64>>,
}

/// The model's data.
#[derive(Clone, Debug)]
pub struct BirthHome {
    /// Data version.
    pub version: String,
    /// Settings.
    pub program: Program,
    units: Vec<DatedUnit>,
    /// The administrative units, for the 2025 reorganisation's mapping.
    admin: &'static Units,
    /// What the criteria accept.
    pub criteria: Criteria,
    /// Service area by hamlet.
    pub hamlets: Vec<Hamlet>,
    /// Weights.
    pub weights: Weights,
    /// Composite score of the commune report.
    pub report_weights: ReportWeights,
}

fn invalid(path: String, vi: String, en: String) -> Error {
    Error::new(ErrorCode::InvalidRuleset, path, vi, en)
}

/// A program entry with its first and last days.
type DatedUnit = (Option<NaiveDate>, Option<NaiveDate>, ProgramUnit);

fn dated_units(list: Vec<ProgramUnit>, path: &str) -> Result<Vec<DatedUnit>> {
    let mut units = Vec::new();
    for (i, u) in list.into_iter().enumerate() {
        let (from, to) = parse_period(u.from.as_deref(), u.to.as_deref(), &format!("{path}[{i}]"))?;
        units.push((from, to, u));
    }
    Ok(units)
}

fn check_hamlets(list: &[Hamlet], path: &str) -> Result<()> {
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

/// Lower case for comparing names written in Vietnamese: ASCII, Latin-1 and the Vietnamese
/// letters (Ă Đ Ĩ Ũ Ơ Ư and the tone-marked Ạ–Ỹ of Latin Extended Additional); any other
/// character is kept as given. `str::to_lowercase` would carry Unicode's whole case table
/// (about 20 KB) into the citizens' browser package for letters no Vietnamese name uses.
pub fn lower_vi(text: &str) -> String {
    text.chars()
        .map(|c| {
            let u = u32::from(c);
            let lower = match u {
                0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
                0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 => u + 1,
                0x1AF => 0x1B0,
                0x1EA0..=0x1EF9 if u % 2 == 0 => u + 1,
                _ => u,
            };
            char::from_u32(lower).unwrap_or(c)
        })
        .collect()
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
            hamlets: f.hamlet,
            weights: f.weights,
            report_weights: f.report_weights,
        })
    }

    /// The defaults with a commune's changes (`ruleset.birth_home`); `path` names the input.
    pub fn with_overrides(&self, input: &BirthHomeInput, path: &str) -> Result<BirthHome> {
        let mut b = self.clone();
        if let Some(fee) = input.late_fee_vnd {
            b.program.late_fee_vnd = fee;
            b.program.fee_confidence = "unit".to_owned();
        }
        if let Some(src) = &input.fee_source {
            b.program.fee_source.clone_from(src);
        }
        if let Some(v) = input.visits_per_working_day {
            b.program.visits_per_working_day = v;
        }
        if let Some(d) = input.max_distance_km {
            if !d.is_finite() || d < 0.0 {
                return Err(invalid(
                    format!("{path}.max_distance_km"),
                    "Bán kính phục vụ phải là số không âm".into(),
                    "The service radius must be a number, not negative".into(),
                ));
            }
            b.program.max_distance_km = d;
        }
        if let Some(list) = &input.units {
            b.units = dated_units(list.clone(), &format!("{path}.units"))?;
        }
        if let Some(c) = &input.criteria {
            let known = [
                "resident_commune",
                "program_commune",
                "no_foreign_element",
                "within_60_days",
                "papers",
                "no_paternity_recognition",
                "service_area",
                "child_alive",
            ];
            if let Some((i, bad)) = c
                .advisory
                .iter()
                .enumerate()
                .find(|(_, a)| !known.contains(&a.as_str()) || a.as_str() == "child_alive")
            {
                return Err(invalid(
                    format!("{path}.criteria.advisory[{i}]"),
                    format!(
                        "Tiêu chí '{bad}' không có hoặc không thể bỏ qua. Các tiêu chí: {}",
                        known[..7].join(", ")
                    ),
                    format!(
                        "Criterion '{bad}' is unknown or cannot be advisory. Criteria: {}",
                        known[..7].join(", ")
                    ),
                ));
            }
            b.criteria = c.clone();
        }
        if let Some(list) = &input.hamlets {
            check_hamlets(list, &format!("{path}.hamlets"))?;
            b.hamlets.retain(|h| !list.iter().any(|n| n.unit == h.unit));
            b.hamlets.extend(list.iter().cloned());
        }
        let points = |map: &std::collections::BTreeMap<String, f64>,
                      sub: &str,
                      slots: &mut [(&str, &mut f64)]|
         -> Result<()> {
            for (k, v) in map {
                let p = format!("{path}.{sub}.{k}");
                if !v.is_finite() || *v < 0.0 || *v > 100.0 {
                    return Err(invalid(
                        p,
                        format!("Trọng số '{k}' phải từ 0 đến 100"),
                        format!("Weight '{k}' must be between 0 and 100"),
                    ));
                }
                match slots.iter_mut().find(|(name, _)| name == k) {
                    Some((_, slot)) => **slot = *v,
                    None => {
                        let names: Vec<&str> = slots.iter().map(|(n, _)| *n).collect();
                        return Err(invalid(
                            p,
                            format!(
                                "Không có thành phần '{k}'. Các thành phần: {}",
                                names.join(", ")
                            ),
                            format!("No component '{k}'. Components: {}", names.join(", ")),
                        ));
                    }
                }
            }
            Ok(())
        };
        if let Some(map) = &input.weights {
            let w = &mut b.weights;
            points(
                map,
                "weights",
                &mut [
                    ("urgency", &mut w.urgency),
                    ("poor_household", &mut w.poor_household),
                    ("near_poor_household", &mut w.near_poor_household),
                    ("disability", &mut w.disability),
                    ("single_parent", &mut w.single_parent),
                    ("ethnic_minority", &mut w.ethnic_minority),
                    ("remote_hamlet", &mut w.remote_hamlet),
                    ("postpartum_mother", &mut w.postpartum_mother),
                    ("bundled_registration", &mut w.bundled_registration),
                    ("distance", &mut w.distance),
                ],
            )?;
        }
        if let Some(map) = &input.report_weights {
            let w = &mut b.report_weights;
            points(
                map,
                "report_weights",
                &mut [
                    ("on_time_share", &mut w.on_time_share),
                    ("home_share", &mut w.home_share),
                    ("speed", &mut w.speed),
                ],
            )?;
        }
        Ok(b)
    }

    /// A hamlet of the commune (by its code as given or on the date), when the commune lists
    /// its hamlets; `Err(())` when it lists them and this one is not among them.
    pub fn hamlet(&self, codes: &[&str], name: &str) -> Option<std::result::Result<&Hamlet, ()>> {
        let listed: Vec<&Hamlet> = self
            .hamlets
            .iter()
            .filter(|h| codes.contains(&h.unit.as_str()))
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
        self.admin.knows(code) || self.units.iter().any(|(_, _, u)| u.code == code)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `lower_vi` must agree with Unicode's lower case on every letter of the Vietnamese
    /// alphabet, with every tone mark, and on all of Latin-1 and Latin Extended Additional.
    #[test]
    fn lower_vi_agrees_with_unicode_on_vietnamese() {
        let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZĂÂĐÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢ\
                     ÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ";
        assert_eq!(upper.chars().count(), 26 + 7 + 60);
        assert_eq!(lower_vi(upper), upper.to_lowercase());
        let ranges = (0x20..0x7F).chain(0xA0..=0xFF).chain(0x1EA0..=0x1EF9);
        for c in ranges.filter_map(char::from_u32) {
            assert_eq!(
                lower_vi(&c.to_string()),
                c.to_lowercase().to_string(),
                "{c}"
            );
        }
        assert_eq!(hamlet_key("  Ấp  Phước   LỢI "), "ấp phước lợi");
        assert_eq!(lower_vi("Ωμέγα"), "Ωμέγα");
    }
}
