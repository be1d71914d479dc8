//! `deadline.compute`, `deadline.check`, `deadline.preview` and `deadline.dossier_code`: the envelopes of the dossier
//! operations and their adapters over [`crate::deadline`].
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{moment, read_dossier};
use crate::deadline::catalog::{Catalog, Procedure, ProcedureInput, Regime};
use crate::deadline::preview::PreviewOutput;
use crate::deadline::{
    self, Channel, Computed, DossierInput, Options, Outcome, ReadDossier, Shown, Violation,
    ViolationCode,
};
use crate::error::{Error, Result};
use crate::ruleset::{Rules, RulesetInput, version};
use crate::time::parse_datetime;

/// Input of `deadline.compute`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ComputeInput {
    /// The dossier.
    pub dossier: DossierInput,
    /// The moment the status is wanted for (default: the last event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Include the trace and the skipped days (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<bool>,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Input of `deadline.check`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CheckInput {
    /// The dossier.
    pub dossier: DossierInput,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Answer of `deadline.check`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CheckOutput {
    /// No violation.
    pub valid: bool,
    /// Every rule the log breaks, in log order of detection.
    pub violations: Vec<Violation>,
    /// Rule data used.
    pub ruleset_version: String,
}

/// Input of `deadline.preview`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PreviewInput {
    /// Catalog code (a string), or the procedure inline (an object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(type = "string | ProcedureInput"))]
    pub procedure: Option<serde_json::Value>,
    /// Catalog code (alternative to `procedure`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_code: Option<String>,
    /// Unit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// `in_person`, `postal` or `online`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// When the citizen submits (now, for a form).
    pub submitted_at: String,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// A dossier computed into its JSON answer, the procedure and the one-stop rules written out
/// in full (the default catalog's borrowed rather than copied) or, `named`, by code and version
/// date only (see [`compute_lean`]).
fn outcome(
    read: &ReadDossier<'_>,
    rules: &Rules<'_>,
    opts: Options,
    named: bool,
) -> Result<Outcome<'static>> {
    let (cal, catalog) = (rules.calendar()?, rules.catalog()?);
    let c = read
        .compute(&cal, &catalog, opts)
        .map_err(|e| e.within("dossier"))?;
    let version = version::deadline_text(&cal, &catalog);
    let stat = catalog.as_static();
    let shown = if named {
        named_pair(&c)
    } else if let Some(stat) = stat {
        default_pair(stat, read, &c)?
    } else {
        let (p, r) = (c.procedure.clone(), c.regime.clone());
        (Shown::Full(Cow::Owned(p)), Shown::Full(Cow::Owned(r)))
    };
    let conventions = match stat {
        Some(stat) => Cow::Borrowed(&stat.settings),
        None => Cow::Owned(c.conventions.clone()),
    };
    Ok(Outcome::new(c, shown, conventions, version))
}

/// The procedure and the one-stop rules an answer shows.
type Pair<'a> = (Shown<'a, Procedure>, Shown<'a, Regime>);

/// The procedure and the one-stop rules of a computation, named.
fn named_pair<'a>(c: &Computed<'_>) -> Pair<'a> {
    let (p, r) = (c.procedure, c.regime);
    (Shown::name(&p.code, &p.from), Shown::name(&r.code, &r.from))
}

/// The procedure and the one-stop rules of a computation on the default catalog, in full:
/// borrowed from it (an inline procedure copied).
fn default_pair(
    stat: &'static Catalog,
    read: &ReadDossier<'_>,
    c: &Computed<'_>,
) -> Result<Pair<'static>> {
    let date = c.received_at.date();
    let procedure = match (&read.inline, read.input.procedure_code.as_deref()) {
        (None, Some(code)) => {
            Cow::Borrowed(stat.procedure_on(code, date, "dossier.procedure_code")?)
        }
        _ => Cow::Owned(c.procedure.clone()),
    };
    let regime = stat.regime_on(date, "dossier.events[0].at")?;
    Ok((Shown::Full(procedure), Shown::Full(Cow::Borrowed(regime))))
}

/// `deadline.compute`: the appointment, the due time, the apology deadline, the status at
/// `as_of`, the indicator-1 score and the trace.
pub fn compute(input: ComputeInput) -> Result<Outcome<'static>> {
    let explain = input.explain.unwrap_or(true);
    compute_as(input, explain, false)
}

/// `deadline.compute` in a batch: unless the record asks with `"explain": true`, without the
/// trace, and with the procedure and the one-stop rules applied named by `code` and `from` (the
/// version's first receipt date) instead of written out with their sources; about 1.2 KB a
/// dossier instead of 2.7 KB and more with the trace. Every other field is the single call's.
pub fn compute_lean(input: ComputeInput) -> Result<Outcome<'static>> {
    let explain = input.explain.unwrap_or(false);
    compute_as(input, explain, !explain)
}

/// `deadline.compute` with the trace or without (`explain`), the procedure and the rules in
/// full or `named`.
fn compute_as(input: ComputeInput, explain: bool, named: bool) -> Result<Outcome<'static>> {
    let read = read_dossier(&input.dossier)?;
    let as_of = moment(input.as_of.as_deref(), "as_of")?;
    let opts = Options {
        as_of,
        explain,
        strict: true,
    };
    outcome(&read, &Rules::new(input.ruleset.as_deref()), opts, named)
}

/// `deadline.check`: every rule the event log breaks, as data.
pub fn check(input: CheckInput) -> Result<CheckOutput> {
    let d = &input.dossier;
    let events = d.read_events().map_err(|e| e.within("dossier"))?;
    let rules = Rules::new(input.ruleset.as_deref());
    let catalog = rules.catalog()?;
    let sources = catalog.log_sources(events.first().map(|e| e.at.date()));
    let (structural, _) = deadline::check_structure(&events, false, sources)?;
    if structural
        .iter()
        .any(|v| v.code == ViolationCode::MissingReceived)
    {
        return Ok(CheckOutput {
            valid: false,
            ruleset_version: rules
                .calendar()
                .map(|c| c.version().to_owned())
                .unwrap_or_default(),
            violations: structural,
        });
    }
    let read = ReadDossier {
        input: d,
        events,
        inline: d.read_inline().map_err(|e| e.within("dossier"))?,
        event_date: d.read_event_date().map_err(|e| e.within("dossier"))?,
    };
    let opts = Options {
        strict: false,
        ..Options::default()
    };
    let outcome = outcome(&read, &rules, opts, false)?;
    Ok(CheckOutput {
        valid: outcome.violations.is_empty(),
        ruleset_version: outcome.ruleset_version.into_owned(),
        violations: outcome.violations,
    })
}

/// The procedure of a preview as given: a catalog code (`procedure` as a string, or
/// `procedure_code`), or one inline (`procedure` as an object).
fn preview_procedure(input: &PreviewInput) -> Result<(Option<&str>, Option<ProcedureInput>)> {
    match (&input.procedure, &input.procedure_code) {
        (Some(serde_json::Value::String(c)), _) => Ok((Some(c), None)),
        (Some(v @ serde_json::Value::Object(_)), _) => crate::de::from_value(v.clone())
            .map(|p| (None, Some(p)))
            .map_err(|e| e.within("procedure")),
        (Some(_), _) => Err(Error::procedure_code_or_object("procedure")),
        (None, None) => Err(Error::missing_procedure("procedure")),
        (None, c) => Ok((c.as_deref(), None)),
    }
}

/// `deadline.preview`: when a result would be due if the dossier were submitted at
/// `submitted_at`, in words for a citizen form.
pub fn preview(input: PreviewInput) -> Result<PreviewOutput> {
    let (code, inline) = preview_procedure(&input)?;
    let submitted = parse_datetime(&input.submitted_at, "submitted_at")?;
    let inline = inline
        .map(|p| Procedure::from_input(&p, "procedure", false).map(|(_, p)| p))
        .transpose()?;
    let rules = Rules::new(input.ruleset.as_deref());
    let (cal, catalog) = (rules.calendar()?, rules.catalog()?);
    let dossier = deadline::Dossier {
        id: None,
        procedure_code: code,
        procedure: inline.as_ref(),
        unit: input.unit.as_deref(),
        channel: input.channel,
        events: &[],
        fee: deadline::fee::FeeFacts::default(),
    };
    // The dossier is the preview's own: its fields are the input's.
    let field = |path: String| match path.as_str() {
        p if p.starts_with("events[0]") => "submitted_at".to_owned(),
        "procedure_code" if input.procedure.is_some() => "procedure".to_owned(),
        _ => path,
    };
    let version = version::deadline(&cal, &catalog);
    deadline::preview::preview(&cal, &catalog, &dossier, submitted, version).map_err(|e| {
        let path = field(e.path.clone());
        e.at(path)
    })
}

/// Input of `deadline.dossier_code`.
#[cfg(feature = "desk")]
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DossierCodeInput {
    /// The receiving body's identifier `V1V2V3.Z1Z2.Y1Y2.MX1X2` (TT 10/2016/TT-BTTTT).
    pub unit_identifier: String,
    /// The receipt date (`YYYY-MM-DD`, or a moment).
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::DateOrMoment"))]
    pub received_at: String,
    /// The dossier's number among those received that day, 1–9999.
    pub number: u32,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<Box<RulesetInput>>,
}

/// Answer of `deadline.dossier_code`.
#[cfg(feature = "desk")]
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DossierCodeOutput {
    /// `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`.
    pub code: String,
    /// Where the structure is set, by the rules in force on the receipt date.
    pub source: Option<String>,
    /// True when those rules set no format the engine has read (before TT 01/2018 took effect on
    /// 06/01/2019, and after NĐ 61/2018): the code follows TT 01/2018's.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

/// `deadline.dossier_code`: the code of a dossier from its parts (NĐ 61/2018 Art. 17(3);
/// TT 01/2018 Art. 19(1)).
#[cfg(feature = "desk")]
pub fn dossier_code(input: DossierCodeInput) -> Result<DossierCodeOutput> {
    let received = crate::time::parse_moment_or_day(&input.received_at, "received_at")?.date();
    let rules = Rules::new(input.ruleset.as_deref());
    let (cal, catalog) = (rules.calendar()?, rules.catalog()?);
    let regime = catalog.regime_on(received, "received_at")?;
    let code = deadline::code::make(&input.unit_identifier, received, input.number)?;
    let source = regime.dossier_code_source.clone();
    Ok(DossierCodeOutput {
        code,
        provisional: source.is_none(),
        source,
        ruleset_version: version::deadline(&cal, &catalog),
    })
}
