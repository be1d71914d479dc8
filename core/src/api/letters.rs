//! `letters.select`, `letters.render` and `letters.register`: their envelopes and adapters over
//! [`crate::letters`].
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{moment, read_dossier};
use crate::deadline::{DossierInput, Options};
use crate::error::Result;
use crate::letters::answer::{self, RenderRequest};
use crate::letters::context::Parties;
use crate::letters::record::check_sizes;
use crate::letters::register::{self, RegisterOutput, RegisterRequest};
use crate::letters::render::Format;
use crate::letters::{CitizenInput, LetterInput, RenderOutput, SelectOutput, UnitInput};
use crate::ruleset::{Rules, RulesetInput, version};

/// Input of `letters.select`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SelectInput {
    /// The dossier (as for `deadline.compute`).
    pub dossier: DossierInput,
    /// The moment (default: the last event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The citizen, when known (fewer missing fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen: Option<CitizenInput>,
    /// The issuing unit and signer, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<UnitInput>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Input of `letters.render`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RenderInput {
    /// The letter.
    pub letter: LetterInput,
    /// Issuing unit and signer.
    pub unit: UnitInput,
    /// The citizen.
    pub citizen: CitizenInput,
    /// The dossier.
    pub dossier: DossierInput,
    /// `html` (default), `text` or `sms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Print the second-language block under the Vietnamese text (its language tag, e.g. `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_language: Option<String>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `letters.select`: the letters a dossier calls for at `as_of`, with their forms, deadlines,
/// channels, reasons and the fields still missing to render them.
pub fn select(input: SelectInput) -> Result<SelectOutput> {
    let read = read_dossier(&input.dossier)?;
    let as_of = moment(input.as_of.as_deref(), "as_of")?;
    let rules = Rules::new(input.ruleset.as_deref());
    let (cal, catalog, data) = (rules.calendar()?, rules.catalog()?, rules.letters()?);
    let opts = Options {
        as_of,
        ..Options::default()
    };
    let c = read
        .compute(&cal, &catalog, opts)
        .map_err(|e| e.within("dossier"))?;
    let parties = Parties {
        citizen: input.citizen.as_ref(),
        unit: input.unit.as_ref(),
        letter: None,
    };
    let version = version::letters(&cal, &data);
    answer::owed(&data, &cal, &read, &c, parties, version)
}

/// `letters.render` from its JSON input: no text going into a letter may exceed
/// [`crate::letters::record::MAX_FIELD_CHARS`], checked on the input as given, before it is read.
pub fn render_json(input: Value) -> Result<RenderOutput> {
    for key in ["letter", "unit", "citizen", "dossier"] {
        if let Some(v) = input.get(key) {
            check_sizes(v, key)?;
        }
    }
    render(crate::api::parse_input(input)?)
}

/// `letters.render`: the document, complete or not at all.
pub fn render(input: RenderInput) -> Result<RenderOutput> {
    let read = read_dossier(&input.dossier)?;
    let rules = Rules::new(input.ruleset.as_deref());
    let (cal, catalog, data) = (rules.calendar()?, rules.catalog()?, rules.letters()?);
    let c = read
        .compute(&cal, &catalog, Options::default())
        .map_err(|e| e.within("dossier"))?;
    let req = RenderRequest {
        letter: &input.letter,
        unit: &input.unit,
        citizen: &input.citizen,
        format: input.format.unwrap_or(Format::Html),
        second_language: input.second_language.as_deref(),
    };
    answer::render(&data, &cal, &read, &c, req, version::letters(&cal, &data))
}

/// Input of `letters.register`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterInput {
    /// The unit keeping the register (`code`; signer fields unused).
    pub unit: UnitInput,
    /// The register's date (`YYYY-MM-DD`): its form and the unit's name follow it.
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Date"))]
    pub date: String,
    /// The dossiers, each `{dossier, citizen?, sets?, note?}`.
    #[cfg_attr(feature = "wasm", tsify(type = "RegisterEntryInput[]"))]
    pub entries: Vec<Value>,
    /// `html` (default) or `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// `letters.register`: the register of dossiers (Sổ theo dõi hồ sơ) of a unit.
pub fn register(input: RegisterInput) -> Result<RegisterOutput> {
    crate::de::check_batch(input.entries.len(), "entries")?;
    let date = crate::time::parse_date(&input.date, "date")?;
    let rules = Rules::new(input.ruleset.as_deref());
    let (cal, catalog, data) = (rules.calendar()?, rules.catalog()?, rules.letters()?);
    let req = RegisterRequest {
        unit: &input.unit,
        date,
        format: input.format.unwrap_or(Format::Html),
    };
    let version = version::letters(&cal, &data);
    register::register(&data, (&cal, &catalog), &req, input.entries, version)
}
