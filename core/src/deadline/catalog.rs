//! The procedure catalog and the one-stop rules (regimes), as effective-dated data.
//!
//! Defaults come from `data/procedures.toml`; a ruleset may add procedures (or new versions
//! of one, from a later date) and change the deadline conventions of DOMAIN.md §10.4–10.7.
//! A dossier is governed by the regime and the procedure version in force on its receipt date.
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thanthien_derive::Encode;

use super::conventions::SettingsFile;
pub use super::conventions::{DeadlineSettingsInput, Settings};
use super::fee::FeeRule;
use super::log::LogSources;
use crate::error::{Error, Result};
use crate::time::parse_date;
pub use crate::units::Level;

const PROCEDURES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/procedures.json"));

/// Longest processing time accepted, in days (working or calendar): ten years.
pub const MAX_PROCESSING_DAYS: f64 = 3650.0;

/// The unit a processing time is counted in.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum TimeUnit {
    /// Working days (ngày làm việc): office time, one day = a normal day's office hours.
    WorkingDays,
    /// Working hours of office time.
    WorkingHours,
    /// Calendar days (BLDS 2015 Art. 147–148: the period ends at the close of its last day, moved
    /// to the next working day when that day is not one).
    CalendarDays,
    /// Same day; the next working day when received after the cut-off (Luật Hộ tịch Art. 5(3)).
    SameDay,
}

/// A processing time: an amount and its unit.
#[derive(
    Clone, Copy, Debug, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProcessingTime {
    /// How many units (fractions allowed for working days and hours; ignored for `same_day`).
    #[serde(default)]
    pub amount: f64,
    /// `working_days`, `working_hours`, `calendar_days` or `same_day`.
    pub unit: TimeUnit,
}

impl ProcessingTime {
    /// Whether the period can be longer than one working day, so that an apology "chậm nhất 01
    /// ngày trước ngày hết hạn" (NĐ 61/2018 Art. 19(9)) can come before it ends: never for a
    /// same-day matter, nor for one day or less; working hours are left to the arithmetic.
    pub fn longer_than_a_day(&self) -> bool {
        match self.unit {
            TimeUnit::SameDay => false,
            TimeUnit::WorkingDays | TimeUnit::CalendarDays => self.amount > 1.0,
            TimeUnit::WorkingHours => true,
        }
    }
}

/// What a supplement request does to the clock.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum SupplementMode {
    /// The period restarts from zero when the complete dossier arrives (NĐ 61/2018 Art. 19(4)).
    Restart,
    /// The clock stops while the citizen supplements and then runs on.
    Pause,
}

/// How a lawful extension counts.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ExtensionCount {
    /// Added to the due time ("kéo dài thêm không quá …", Luật Hộ tịch Art. 25(2)).
    Added,
    /// The whole period from the clock start ("thời hạn giải quyết không quá …", Art. 18(2)).
    Total,
}

/// A longer period the law itself allows for a procedure in a named case (verification, many
/// or complex documents): using it is not a delay, so it owes no apology and costs no point.
#[derive(Clone, Debug, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LawfulExtension {
    /// The longest extension (or the longest whole period, for `total`).
    pub time: ProcessingTime,
    /// `added` to the due time, or the `total` period from the clock start.
    pub counted: ExtensionCount,
    /// Whether a longer time may be agreed in writing with the applicant (NĐ 23/2015 Art. 21).
    #[serde(default)]
    pub longer_by_agreement: bool,
    /// The case the law names, in Vietnamese.
    pub when_vi: String,
    /// The same in English.
    pub when_en: String,
    /// The article.
    pub source: String,
}

/// The life event a procedure's result marks (for the letters).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LifeEvent {
    /// A birth.
    Birth,
    /// A death.
    Death,
    /// A marriage.
    Marriage,
    /// A new business.
    Business,
    /// None.
    None,
}

/// Deadline arithmetic convention (DOMAIN.md §10.4).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Convention {
    /// The clock runs only inside office hours, from receipt or the next opening.
    WorkingHours,
    /// Day counting from the day after receipt (BLDS 2015 Art. 147–148) to the close of office
    /// of the last day: the desk returns results in office hours, where Art. 148(6) would end
    /// the day at 24:00.
    CivilCode,
}

/// A procedure as given inline in a dossier or in a ruleset's `procedures` list.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProcedureInput {
    /// Catalog code (required in a ruleset; optional inline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// First receipt date this version applies to (`YYYY-MM-DD`; required in a ruleset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Name in Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_vi: Option<String>,
    /// Name in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Level of the competent body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// Statutory processing time.
    pub processing_time: Option<ProcessingTime>,
    /// Shorter time the locality commits to; the appointment uses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed_time: Option<ProcessingTime>,
    /// `restart` (default) or `pause`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplement: Option<SupplementMode>,
    /// Whether waiting for fees or other financial obligations stops the clock (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees_pause: Option<bool>,
    /// Fee in đồng.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_vnd: Option<u64>,
    /// About the fee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_note: Option<String>,
    /// Life event the result marks (default `none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub life_event: Option<LifeEvent>,
    /// Legal source of the processing time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// `high`, `med` or `low`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// The longer period the law allows in a named case, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lawful_extension: Option<LawfulExtension>,
    /// How the fee is set, where the law sets it by the registrant or the date (see
    /// [`super::fee`]); else `fee_vnd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_rule: Option<FeeRule>,
}

/// A procedure version, resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Procedure {
    /// Catalog code, or `inline`.
    pub code: String,
    /// First receipt date of this version.
    pub from: String,
    /// Name in Vietnamese.
    pub name_vi: String,
    /// Name in English.
    pub name_en: String,
    /// Level of the competent body.
    pub level: Level,
    /// Statutory processing time.
    pub processing_time: ProcessingTime,
    /// Committed (shorter) time, when the locality set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed_time: Option<ProcessingTime>,
    /// What a supplement request does to the clock.
    pub supplement: SupplementMode,
    /// Whether waiting for fees stops the clock.
    pub fees_pause: bool,
    /// Fee in đồng, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_vnd: Option<u64>,
    /// About the fee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_note: Option<String>,
    /// Life event the result marks.
    pub life_event: LifeEvent,
    /// Legal source.
    pub source: String,
    /// `high`, `med` or `low`.
    pub confidence: String,
    /// The longer period the law allows in a named case, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lawful_extension: Option<LawfulExtension>,
    /// How the fee is set, where the law sets it by the registrant or the date (see
    /// [`super::fee`]); else `fee_vnd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_rule: Option<FeeRule>,
}

/// The one-stop rules in force from a date.
#[derive(Clone, Debug, PartialEq, Serialize, Encode, Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Regime {
    /// Stable code (`nd61_2018`, `nd118_2025`).
    pub code: String,
    /// First receipt date governed.
    pub from: String,
    /// Name in Vietnamese.
    pub name_vi: String,
    /// Name in English.
    pub name_en: String,
    /// Source of the clock-start rule.
    pub clock_start_source: String,
    /// Working days within which a supplement request must be sent.
    pub supplement_within_working_days: u32,
    /// Source of the supplement rules.
    pub supplement_source: String,
    /// Source of "guide the supplement once".
    pub supplement_once_source: String,
    /// Source of pauses.
    pub pause_source: String,
    /// Source of the apology rule.
    pub apology_source: String,
    /// The apology form in force.
    pub apology_form: String,
    /// Re-appointments the agency may make for its own delay (NĐ 61/2018 Art. 19(9): "hồ sơ quá
    /// hạn giải quyết ... không quá một lần"); one the citizen or force majeure caused is not.
    pub max_reappointments: u32,
    /// Source of the refusal rule.
    pub refusal_source: String,
    /// Source of the result and its scoring.
    pub result_source: String,
    /// `high`, `med` or `low`.
    /// The receipt rules (a log needs its receipt).
    pub receipt_source: String,
    /// Nothing is dated before the receipt.
    pub before_receipt_source: String,
    pub confidence: String,
    /// Where the dossier code's structure is set, when the regime sets one (NĐ 61/2018 with
    /// TT 01/2018 Art. 19): a dossier's `id` is then checked against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier_code_source: Option<String>,
}

/// The catalog's section of a ruleset, borrowed from it: what [`Catalog::with_overrides`] applies
/// on top of the defaults.
#[derive(Clone, Copy, Debug, Default)]
pub struct CatalogInput<'a> {
    /// The ruleset's label, reported after the catalog's version.
    pub label: Option<&'a str>,
    /// Procedures added, or new versions of catalog procedures.
    pub procedures: &'a [ProcedureInput],
    /// Changes to the deadline conventions.
    pub deadline: Option<&'a DeadlineSettingsInput>,
}

#[derive(Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    version: String,
    deadline: SettingsFile,
    regime: Vec<Regime>,
    procedure: Vec<ProcedureInput>,
}

/// Regimes, procedures and conventions.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// Data version.
    pub version: String,
    /// Conventions.
    pub settings: Settings,
    regimes: Vec<(NaiveDate, Regime)>,
    procedures: Vec<(NaiveDate, Procedure)>,
}

fn invalid(path: &str, vi: &str, en: &str) -> Error {
    Error::invalid_procedure_data(path, vi, en)
}

/// Checks a processing time: finite, not negative, at most ten years, whole seconds.
pub fn check_time(t: &ProcessingTime, path: &str) -> Result<()> {
    let max = match t.unit {
        TimeUnit::WorkingHours => MAX_PROCESSING_DAYS * 24.0,
        _ => MAX_PROCESSING_DAYS,
    };
    let whole_days = matches!(t.unit, TimeUnit::CalendarDays);
    if !t.amount.is_finite()
        || t.amount < 0.0
        || t.amount > max
        || (whole_days && t.amount.fract() != 0.0)
        || (t.unit != TimeUnit::SameDay && t.amount == 0.0)
    {
        let amount = crate::text::amount_text(t.amount);
        return Err(Error::invalid_duration(path, &amount));
    }
    Ok(())
}

impl Procedure {
    /// Resolves a procedure given inline or as a catalog entry; `strict` requires the catalog
    /// fields (code, from, name, source).
    pub fn from_input(p: &ProcedureInput, path: &str, strict: bool) -> Result<(NaiveDate, Self)> {
        let missing = |field: &str| Error::missing_field(format!("{path}.{field}"), field);
        // Paths are written only for an error (this runs for every dossier with its procedure).
        let under = |field: &'static str| move |e: Error| e.at(format!("{path}.{field}"));
        let processing_time = p
            .processing_time
            .ok_or_else(|| missing("processing_time"))?;
        check_time(&processing_time, "").map_err(under("processing_time"))?;
        if let Some(c) = &p.committed_time {
            check_time(c, "").map_err(under("committed_time"))?;
        }
        if let Some(x) = &p.lawful_extension {
            check_time(&x.time, "").map_err(under("lawful_extension.time"))?;
        }
        if strict {
            for (field, v) in [
                ("code", &p.code),
                ("from", &p.from),
                ("name_vi", &p.name_vi),
                ("source", &p.source),
            ] {
                if v.is_none() {
                    return Err(missing(field));
                }
            }
        }
        let from_text = p.from.clone().unwrap_or_else(|| "1995-01-01".to_owned());
        let from = parse_date(&from_text, "").map_err(under("from"))?;
        let confidence = p.confidence.clone().unwrap_or_else(|| "high".to_owned());
        if !matches!(confidence.as_str(), "high" | "med" | "low") {
            return Err(invalid(
                &format!("{path}.confidence"),
                "độ tin cậy phải là high, med hoặc low",
                "confidence must be high, med or low",
            ));
        }
        Ok((
            from,
            Procedure {
                code: p.code.clone().unwrap_or_else(|| "inline".to_owned()),
                from: from_text,
                name_vi: p
                    .name_vi
                    .clone()
                    .unwrap_or_else(|| "Thủ tục hành chính".to_owned()),
                name_en: p
                    .name_en
                    .clone()
                    .unwrap_or_else(|| "Administrative procedure".to_owned()),
                level: p.level.unwrap_or(Level::Commune),
                processing_time,
                committed_time: p.committed_time,
                supplement: p.supplement.unwrap_or(SupplementMode::Restart),
                fees_pause: p.fees_pause.unwrap_or(false),
                fee_vnd: p.fee_vnd,
                fee_note: p.fee_note.clone(),
                life_event: p.life_event.unwrap_or(LifeEvent::None),
                source: p
                    .source
                    .clone()
                    .unwrap_or_else(|| "Thủ tục khai báo trong hồ sơ (inline)".to_owned()),
                confidence,
                lawful_extension: p.lawful_extension.clone(),
                fee_rule: p.fee_rule.clone(),
            },
        ))
    }

    /// The time the appointment uses: the committed one when set, else the statutory one.
    pub fn appointment_time(&self) -> ProcessingTime {
        self.committed_time.unwrap_or(self.processing_time)
    }

    /// Whether a supplement request leaves the dossier waiting for the complete one, whose receipt
    /// restarts the period (NĐ 61/2018 Art. 19(4)); otherwise the request only pauses the clock
    /// and its return resumes it (`supplement = "pause"`).
    pub fn supplement_restarts(&self) -> bool {
        self.supplement == SupplementMode::Restart
    }
}

impl Catalog {
    fn defaults() -> Result<Self> {
        const FILE: &str = "procedures.toml";
        let internal = |e: Error| crate::de::internal(FILE, e);
        let file: CatalogFile = crate::de::from_data(FILE, PROCEDURES_JSON)?;
        let settings =
            Settings::from_file(file.deadline, "deadline.same_day_cutoff").map_err(internal)?;
        let mut regimes: Vec<(NaiveDate, Regime)> = Vec::new();
        for (i, r) in file.regime.into_iter().enumerate() {
            let path = format!("regime[{i}].from");
            let from = parse_date(&r.from, &path).map_err(internal)?;
            if regimes.last().is_some_and(|(prev, _)| *prev >= from) {
                return Err(internal(invalid(
                    &path,
                    "các chế độ phải theo thứ tự ngày hiệu lực",
                    "regimes must be in order of their dates",
                )));
            }
            regimes.push((from, r));
        }
        let mut catalog = Catalog {
            version: file.version,
            settings,
            regimes,
            procedures: Vec::new(),
        };
        for (i, p) in file.procedure.iter().enumerate() {
            catalog
                .add(p, &format!("procedure[{i}]"))
                .map_err(internal)?;
        }
        Ok(catalog)
    }

    fn add(&mut self, p: &ProcedureInput, path: &str) -> Result<()> {
        let (from, proc_) = Procedure::from_input(p, path, true)?;
        if self
            .procedures
            .iter()
            .any(|(f, q)| *f == from && q.code == proc_.code)
        {
            return Err(Error::procedure_version_exists(
                path,
                &proc_.code,
                &proc_.from,
            ));
        }
        self.procedures.push((from, proc_));
        Ok(())
    }

    /// The shared default catalog.
    pub fn default_ref() -> Result<&'static Catalog> {
        static DEFAULT: OnceLock<Result<Catalog>> = OnceLock::new();
        crate::de::shared(&DEFAULT, Catalog::defaults)
    }

    /// The defaults with a ruleset's procedures and conventions applied (`path` names the
    /// ruleset in errors). A ruleset procedure with the code and `from` date of a default one
    /// replaces it.
    pub fn with_overrides(input: &CatalogInput<'_>, path: &str) -> Result<Catalog> {
        let mut c = Catalog::default_ref()?.clone();
        for (i, p) in input.procedures.iter().enumerate() {
            let p_path = format!("{path}.procedures[{i}]");
            let (from, proc_) = Procedure::from_input(p, &p_path, true)?;
            c.procedures
                .retain(|(f, q)| !(*f == from && q.code == proc_.code));
            c.add(p, &p_path)?;
        }
        if let Some(s) = input.deadline {
            c.settings.apply(s, &format!("{path}.deadline"))?;
        }
        if let Some(v) = input.label {
            c.version = format!("{} + {v}", c.version);
        }
        Ok(c)
    }

    /// The sources a log's shape is checked against: the regime in force on `first` (the log's
    /// first date; the first regime without one) and the order convention.
    pub fn log_sources(&self, first: Option<NaiveDate>) -> LogSources<'_> {
        let regime = first
            .and_then(|d| self.regime_on(d, "").ok())
            .or_else(|| self.regimes.first().map(|(_, r)| r));
        let (receipt, before) = regime.map_or(("", ""), |r| {
            (r.receipt_source.as_str(), r.before_receipt_source.as_str())
        });
        LogSources {
            receipt,
            before_receipt: before,
            order: &self.settings.order_source,
        }
    }

    /// The regime in force on a receipt date.
    pub fn regime_on(&self, d: NaiveDate, path: &str) -> Result<&Regime> {
        self.regimes
            .iter()
            .rev()
            .find(|(from, _)| *from <= d)
            .map(|(_, r)| r)
            .ok_or_else(|| {
                let first = self.regimes.first().map_or("", |(_, r)| r.from.as_str());
                Error::no_regime(path, first)
            })
    }

    /// The version of a procedure in force on a receipt date.
    pub fn procedure_on(&self, code: &str, d: NaiveDate, path: &str) -> Result<&Procedure> {
        self.procedures
            .iter()
            .filter(|(from, p)| p.code == code && *from <= d)
            .max_by_key(|(from, _)| *from)
            .map(|(_, p)| p)
            .ok_or_else(|| {
                if self.procedures.iter().any(|(_, p)| p.code == code) {
                    Error::procedure_not_in_force(path, code)
                } else {
                    Error::unknown_procedure(path, code)
                }
            })
    }

    /// Every procedure version, in catalog order.
    pub fn procedures(&self) -> impl Iterator<Item = &Procedure> {
        self.procedures.iter().map(|(_, p)| p)
    }
}
