//! Evaluation of the one-stop service by TT 01/2018/TT-VPCP: the nine indicators scored 2 / 1 / 0
//! (Art. 13), the level each is scored at (Art. 14: per dossier 1, 2, 3, 4, 6, 7; per unit 5, 6,
//! 8, 9), averages rounded to one decimal, totals, unit ranks and staff classes (Art. 15).
//!
//! Averages are exact: a sum of whole scores over a count, rounded half up in tenths with integer
//! arithmetic, so 1.25 gives 1.3 and 1.35 gives 1.4 (binary floating point would give 1.3 for
//! both). Totals add the rounded averages, as Art. 15 adds the indicator scores. Indicators
//! without data are left out, never scored zero. Names, sources, rank and class bands and the
//! conventions where the text is silent are data (`data/evaluation.toml`).
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::Result;

pub mod dossier;
pub mod instrument;
pub mod petitions;
pub mod record;
pub mod texts;
pub mod unit;

pub use dossier::{Context, DossierEvaluation, IndicatorScore, LeftOut};
pub use instrument::Scoring;
pub use record::{
    ExtraInput, PeriodInput, PublicationInput, StepInput, UnitDossierInput, UnitFactsInput,
};
pub use unit::{Sums, UnitEvaluation, UnitScores};

const EVALUATION_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/evaluation.json"));

/// An indicator of Art. 13.
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
pub struct Indicator {
    /// 1 to 9.
    pub number: u8,
    /// Name in Vietnamese.
    pub name_vi: String,
    /// Name in English.
    pub name_en: String,
    /// `dossier`, `unit` or both (Art. 14).
    pub levels: Vec<String>,
    /// Legal source.
    pub source: String,
}

/// Where the text is silent.
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
pub struct Conventions {
    /// Indicator 7 of a late result without a verified complaint.
    pub late_without_complaint: u8,
    /// Indicator 5, 2 points: the share (%) of procedures received, appraised and decided at
    /// the desk, by the unit's level (Art. 13(5)(a)).
    pub indicator5_two_points_pct: Indicator5Bands,
    /// Indicator 9: procedures online (%) for 2 points.
    pub indicator9_two_points_procedures_pct: f64,
    /// Indicator 9: dossiers online (%) for 2 points.
    pub indicator9_two_points_dossiers_pct: f64,
    /// Indicator 9: dossiers online (%) for 1 point.
    pub indicator9_one_point_dossiers_pct: f64,
    /// Indicator 9 of a unit with the dossier share of 2 points but not the procedure share:
    /// Art. 13(9) as written gives it no band; the engine's convention.
    pub indicator9_gap_points: u8,
    /// Indicator 8 from a grievance log: the kinds of case counted (a convention: Art. 13(8)
    /// names petitions and feedback, "phản ánh, kiến nghị").
    pub indicator8_kinds: Vec<crate::grievance::Kind>,
    /// What is not confirmed.
    pub confidence: String,
}

/// Indicator 5's 2-point share by level (Art. 13(5)(a): provincial bodies and their departments
/// 20 %, district 50 %, commune 100 %).
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
pub struct Indicator5Bands {
    /// Province and its departments.
    pub province: f64,
    /// District.
    pub district: f64,
    /// Commune.
    pub commune: f64,
}

/// A band of a total: a unit rank or a staff class.
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
pub struct Band {
    /// Stable code.
    pub code: String,
    /// Name in Vietnamese.
    pub name_vi: String,
    /// Lowest total of the band.
    pub min: f64,
}

/// What stands for the rank of a unit none of whose indicators could be scored (TT 01/2018
/// Art. 15(3)(b), 15(4)(b)).
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
pub struct Unranked {
    /// Stable code.
    pub code: String,
    /// Name in Vietnamese.
    pub name_vi: String,
    /// Legal source.
    pub source: String,
}

/// Staff classification.
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
pub struct Staff {
    /// Indicators whose averages make an officer's total.
    pub indicators: Vec<u8>,
    /// The classes, highest first.
    pub class: Vec<Band>,
}

/// The evaluation rules.
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
pub struct Evaluation {
    /// Data version.
    pub version: String,
    /// Legal source.
    pub source: String,
    /// The nine indicators.
    pub indicator: Vec<Indicator>,
    /// Conventions.
    pub conventions: Conventions,
    /// Unit ranks, highest first.
    pub rank: Vec<Band>,
    /// What a unit with no indicator scored is given instead of a rank.
    pub unranked: Unranked,
    /// Staff classes.
    pub staff: Staff,
    /// The scoring texts and the dates each governs.
    pub instrument: Vec<instrument::Instrument>,
}

impl Evaluation {
    fn defaults() -> Result<Self> {
        crate::de::from_data("evaluation.toml", EVALUATION_JSON)
    }

    /// The shared default rules.
    pub fn default_ref() -> Result<&'static Evaluation> {
        static DEFAULT: OnceLock<Result<Evaluation>> = OnceLock::new();
        crate::de::shared(&DEFAULT, Evaluation::defaults)
    }

    /// An indicator's data.
    pub fn indicator(&self, number: u8) -> Option<&Indicator> {
        self.indicator.iter().find(|i| i.number == number)
    }

    /// The legal source of an indicator (the circular's, when the data names none).
    pub fn source_of(&self, number: u8) -> String {
        self.indicator(number)
            .map_or_else(|| self.source.clone(), |i| i.source.clone())
    }

    /// The unit rank's code and name for a total in tenths; none scored, not ranked.
    pub fn rank_of(&self, total_tenths: u64, scored: usize) -> (String, String) {
        self.band_of(&self.rank, total_tenths, scored)
    }

    /// The staff class's code and name for a total in tenths; none scored, not classed (the
    /// same reading of Art. 15(3)(b), 15(4)(b) as for a unit).
    pub fn class_of(&self, total_tenths: u64, scored: usize) -> (String, String) {
        self.band_of(&self.staff.class, total_tenths, scored)
    }

    fn band_of(&self, bands: &[Band], total_tenths: u64, scored: usize) -> (String, String) {
        if scored == 0 {
            let u = &self.unranked;
            return (u.code.clone(), u.name_vi.clone());
        }
        band(bands, total_tenths)
            .map(|b| (b.code.clone(), b.name_vi.clone()))
            .unwrap_or_default()
    }
}

fn band(bands: &[Band], tenths: u64) -> Option<&Band> {
    bands
        .iter()
        .find(|b| tenths >= (b.min * 10.0).round() as u64)
}

/// The average of whole scores in tenths, rounded half up: `10 · sum / n` to the nearest whole,
/// halves up (Art. 15 "làm tròn đến một chữ số thập phân").
pub fn average_tenths(sum: u64, n: u64) -> Option<u64> {
    (n > 0).then(|| (20 * sum + n) / (2 * n))
}

/// Tenths as a number with one decimal.
pub fn tenths(t: u64) -> f64 {
    t as f64 / 10.0
}

/// Indicator 3 (TT 01/2018 Art. 13(3)): no contact (2), one (1), more (0) "trừ trường hợp
/// nguyên nhân do lỗi của người nộp hồ sơ". The exception is written in the 0-point band only:
/// contacts through the citizen's fault keep a dossier out of 0, not in 2, so `own` contacts
/// not caused by the citizen are what can make it 0 and `citizen`'s count as contacts otherwise.
pub fn contacts_score(own: u32, citizen: u32) -> u8 {
    match (own, citizen) {
        (0, 0) => 2,
        (0 | 1, _) => 1,
        _ => 0,
    }
}

/// Indicator 4: none (2), one (1), more (0).
pub fn count_score(n: u32) -> u8 {
    match n {
        0 => 2,
        1 => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_round_half_up_in_tenths() {
        assert_eq!(average_tenths(5, 4), Some(13)); // 1.25 → 1.3
        assert_eq!(average_tenths(27, 20), Some(14)); // 1.35 → 1.4
        assert_eq!(average_tenths(49, 40), Some(12)); // 1.225 → 1.2
        assert_eq!(average_tenths(2, 3), Some(7)); // 0.666… → 0.7
        assert_eq!(average_tenths(0, 0), None);
    }

    proptest::proptest! {
        /// Against the hundredths: half up at tenths is `(⌊100 x⌋ + 5) / 10` for any x ≥ 0.
        #[test]
        fn averages_agree_with_hundredths(n in 1u64..5_000, k in 0u64..=10_000) {
            let sum = k % (2 * n + 1);
            let hundredths = 100 * sum / n;
            proptest::prop_assert_eq!(average_tenths(sum, n), Some((hundredths + 5) / 10));
        }
    }

    #[test]
    fn rank_boundaries() {
        let e = Evaluation::default_ref().unwrap();
        let rank = |t| e.rank_of(t, 1).0;
        assert_eq!(rank(150), "xuat_sac");
        assert_eq!(rank(149), "tot");
        assert_eq!(rank(120), "tot");
        assert_eq!(rank(119), "kha");
        assert_eq!(rank(90), "kha");
        assert_eq!(rank(89), "trung_binh");
        assert_eq!(rank(60), "trung_binh");
        assert_eq!(rank(59), "yeu");
        assert_eq!(rank(0), "yeu");
        assert_eq!(e.rank_of(0, 0).0, "chua_xep_hang");
        let class = |t| e.class_of(t, 1).0;
        assert_eq!(e.class_of(0, 0).0, "chua_xep_hang");
        assert_eq!(class(50), "hoan_thanh_100");
        assert_eq!(class(49), "hoan_thanh_70_100");
        assert_eq!(class(35), "hoan_thanh_70_100");
        assert_eq!(class(34), "duoi_70");
    }
}
