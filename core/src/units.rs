//! Administrative units by date (`data/units.toml`, DOMAIN.md §6): Trà Cú district and its 17
//! communes until 30/06/2025, and from 01/07/2025 the six communes of Vĩnh Long province that
//! absorbed them (NQ 202/2025/QH15, NQ 1687/NQ-UBTVQH15). One mapping from an old unit to the one
//! that took it over serves every rule that follows the 2025 reorganisation: the letters' issuing
//! unit, the communes of the home-birth model, the year-end report's unit.
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dated::{Dated, Period};
use crate::error::Result;

const UNITS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/units.json"));

/// How many reorganisations a code is followed through.
const MAX_SUCCESSIONS: usize = 4;

/// Administrative level of a unit, or of the body competent for a procedure.
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
pub enum Level {
    /// Commune (xã, phường, thị trấn).
    Commune,
    /// District (huyện), until 30/06/2025.
    District,
    /// Province.
    Province,
}

/// A unit in force over a period.
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
pub struct Unit {
    /// Code (GSO code before 01/07/2025).
    pub code: String,
    /// First day (absent: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day (absent: still in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The issuing body as printed, upper case (NĐ 30/2020 Phụ lục I).
    pub issuer: String,
    /// The line-managing body printed above it (may be empty).
    pub parent: String,
    /// Name in running text.
    pub name: String,
    /// Short name (SMS).
    pub short_name: String,
    /// Place name of the date line.
    pub place: String,
    /// Its administrative level (indicator 5 of TT 01/2018 is scored by it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The issuer's abbreviation in document notations (`UBND` in `05/TB-UBND`, NĐ 30/2020).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
    /// The unit that took over from the day after `to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// Source.
    pub source: String,
}

/// Another code a system may send for a unit (the engine's own codes of the new communes before
/// their official ones were known).
#[derive(Clone, Debug, PartialEq, Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The other code.
    pub code: String,
    /// The unit's official code.
    pub unit: String,
}

#[derive(Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
struct UnitsFile {
    version: String,
    unit: Vec<Unit>,
    #[serde(default)]
    alias: Vec<Alias>,
}

/// The units, with their periods.
#[derive(Clone, Debug)]
pub struct Units {
    /// Data version.
    pub version: String,
    list: Vec<Dated<Unit>>,
    aliases: Vec<Alias>,
}

impl Units {
    fn defaults() -> Result<Self> {
        let file: UnitsFile = crate::de::from_data("units.toml", UNITS_JSON)?;
        let mut units = Units {
            version: file.version,
            list: Vec::new(),
            aliases: file.alias,
        };
        units
            .add(&file.unit, "unit")
            .map_err(|e| crate::de::internal("units.toml", e))?;
        Ok(units)
    }

    /// The shared default units.
    pub fn default_ref() -> Result<&'static Units> {
        static DEFAULT: OnceLock<Result<Units>> = OnceLock::new();
        crate::de::shared(&DEFAULT, Units::defaults)
    }

    /// Adds units (a ruleset's, e.g. a new commune's official code); `path` names the list.
    pub fn add(&mut self, units: &[Unit], path: &str) -> Result<()> {
        for (i, u) in units.iter().enumerate() {
            let period =
                Period::parse(u.from.as_deref(), u.to.as_deref(), &format!("{path}[{i}]"))?;
            self.list.push(Dated {
                period,
                value: u.clone(),
            });
        }
        Ok(())
    }

    /// The official code of `code`: itself, or the unit an alias names.
    pub fn official<'c>(&'c self, code: &'c str) -> &'c str {
        self.aliases
            .iter()
            .find(|a| a.code == code)
            .map_or(code, |a| a.unit.as_str())
    }

    fn in_force(&self, code: &str, d: NaiveDate) -> Option<&Unit> {
        self.list
            .iter()
            .rev()
            .find(|u| u.value.code == code && u.period.contains(d))
            .map(|u| &u.value)
    }

    fn successor(&self, code: &str, d: NaiveDate) -> Option<&str> {
        self.list
            .iter()
            .rev()
            .find(|u| u.value.code == code && u.period.ended_before(d))
            .and_then(|u| u.value.successor.as_deref())
    }

    /// The unit standing for `code` on `d`: the unit itself while in force, else the unit that
    /// took it over (the 2025 reorganisation); `None` when neither is in force.
    pub fn unit_on(&self, code: &str, d: NaiveDate) -> Option<&Unit> {
        let code = self.official(code);
        if let Some(u) = self.in_force(code, d) {
            return Some(u);
        }
        let mut current = code;
        for _ in 0..MAX_SUCCESSIONS {
            let next = self.successor(current, d)?;
            if let Some(u) = self.in_force(next, d) {
                return Some(u);
            }
            current = next;
        }
        None
    }

    /// Whether the dossiers of `dossier_unit` count for `unit` over a period ending on `d`: its
    /// own, and for a unit in force on `d`, those of the communes it absorbed (NQ
    /// 1687/NQ-UBTVQH15). A commune that was absorbed is not credited with its successor's.
    pub fn counts_for(&self, dossier_unit: &str, unit: &str, d: NaiveDate) -> bool {
        let unit = self.official(unit);
        self.official(dossier_unit) == unit
            || (self.in_force(unit, d).is_some()
                && self
                    .unit_on(dossier_unit, d)
                    .is_some_and(|x| x.code == unit))
    }

    /// The code standing for `code` on `d`: itself, or the code of the unit that took it over.
    pub fn code_on(&self, code: &str, d: NaiveDate) -> String {
        let mut current = self.official(code);
        for _ in 0..MAX_SUCCESSIONS {
            match self.successor(current, d) {
                Some(next) => current = next,
                None => break,
            }
        }
        current.to_owned()
    }

    /// Refuses a code no unit has (`unknown_unit` at `path`): a unit no data names would be
    /// scored, reported or named on a notice as if it existed.
    pub fn known(&self, code: &str, path: &str) -> Result<()> {
        if self.knows(code) {
            Ok(())
        } else {
            Err(crate::error::Error::unknown_issuing_unit(path, code))
        }
    }

    /// Whether a code names any unit at any date.
    pub fn knows(&self, code: &str) -> bool {
        let code = self.official(code);
        self.list.iter().any(|u| u.value.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// xã Ngãi Xuyên (29479) was absorbed into xã Trà Cú (29461) on 01/07/2025 (units.toml).
    #[test]
    fn an_absorbed_commune_counts_for_its_successor_not_the_reverse() {
        let u = Units::default_ref().unwrap();
        let end = day("2025-12-31");
        assert!(u.counts_for("29479", "29461", end));
        assert!(!u.counts_for("29461", "29479", end));
        assert!(u.counts_for("29479", "29479", end));
        assert!(!u.counts_for("29462", "29461", day("2025-06-30")));
    }

    /// An alias (the engine's earlier code of a new commune) counts as the unit it names.
    #[test]
    fn an_alias_counts_as_its_unit() {
        let u = Units::default_ref().unwrap();
        let alias = u.aliases.first().unwrap();
        let end = day("2025-12-31");
        assert!(u.counts_for(&alias.code, &alias.unit, end));
        assert!(u.counts_for(&alias.unit, &alias.code, end));
    }
}
