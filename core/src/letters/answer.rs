//! The letters' answers: which letters a dossier calls for at a moment, each with its form,
//! deadline, channels, reason and the fields still missing ([`owed`]); and one letter written out,
//! complete or not at all ([`render`]).
use serde::{Deserialize, Serialize};

use super::context::{Parties, circumstances, context};
use super::record::{CitizenInput, LetterInput, UnitInput};
use super::render::Format;
use super::select::{Flag, Owed, select};
use super::{LetterCase, LetterData, LetterKind, Paper};
use crate::calendar::Calendar;
use crate::deadline::{Computed, ReadDossier};
use crate::error::{Error, ErrorCode, Result};
use crate::time::{format_date, format_datetime};

/// Why a letter is owed.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LetterReason {
    /// Stable code.
    pub code: String,
    /// In Vietnamese.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
}

/// One letter owed.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LetterEntry {
    /// Kind.
    pub kind: LetterKind,
    /// Form code in force on the letter's date (absent before TT 01/2018 applied).
    pub form_code: Option<String>,
    /// Title of the form.
    pub title_vi: Option<String>,
    /// Paper.
    pub paper: Option<Paper>,
    /// Legally required (true) or a courtesy (false).
    pub required: bool,
    /// The time by which it must go out.
    pub send_by: String,
    /// True when `send_by` is before `as_of`.
    pub late: bool,
    /// The moment that called for it.
    pub trigger_at: String,
    /// Index of the event that called for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_index: Option<usize>,
    /// Suggested channels.
    pub channels: Vec<String>,
    /// Why.
    pub reason: LetterReason,
    /// Legal source.
    pub source: String,
    /// Fields still needed to render it (as print-ready HTML).
    pub missing_fields: Vec<String>,
}

/// A matter for the head of the agency rather than a letter.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FlagEntry {
    /// Stable code.
    pub code: String,
    /// When.
    pub at: String,
    /// Event index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_index: Option<usize>,
    /// In Vietnamese.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
}

/// Answer of `letters.select`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SelectOutput {
    /// Letters owed, in the order of their triggers.
    pub letters: Vec<LetterEntry>,
    /// Matters for the head of the agency.
    pub flags: Vec<FlagEntry>,
    /// The moment of the answer.
    pub as_of: String,
    /// Rule data used.
    pub ruleset_version: String,
}

/// Answer of `letters.render`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RenderOutput {
    /// Kind.
    pub kind: LetterKind,
    /// Format.
    pub format: Format,
    /// Form code in force on the letter's date.
    pub form_code: String,
    /// Title.
    pub title_vi: String,
    /// Paper.
    pub paper: Paper,
    /// The letter's date.
    pub date: String,
    /// The unit that issues it on that date (a successor after the 2025 reorganisation).
    pub unit_code: String,
    /// The document.
    pub content: String,
    /// Characters in `content`.
    pub chars: usize,
    /// The form rests on a secondary or recalled source (absent when it does not).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

/// The letters and flags of a computed dossier at its `as_of`; `citizen` and `unit` fill what
/// they can of each letter.
pub fn owed(
    data: &LetterData,
    cal: &Calendar,
    read: &ReadDossier<'_>,
    c: &Computed<'_>,
    parties: Parties<'_>,
    ruleset_version: String,
) -> Result<SelectOutput> {
    let (owed, flags) = select(data, cal, c, &read.events, circumstances(read, c), c.as_of)
        .map_err(|e| e.within("dossier"))?;
    let letters = owed
        .into_iter()
        .map(|o| entry(data, read, c, parties, o))
        .collect::<Result<Vec<_>>>()?;
    let flags = flags.into_iter().map(|f| flag(data, f)).collect();
    Ok(SelectOutput {
        letters,
        flags,
        as_of: format_datetime(c.as_of),
        ruleset_version,
    })
}

/// One owed letter with its form, reason and the fields still missing to print it.
fn entry(
    data: &LetterData,
    read: &ReadDossier<'_>,
    c: &Computed<'_>,
    parties: Parties<'_>,
    o: Owed,
) -> Result<LetterEntry> {
    let date = o.send_by.date();
    let rule = data.rule(o.kind);
    let text = (o.kind, data.case_of(&o.trigger));
    let form = data.form_on(o.kind, text.1, date);
    // An unknown unit leaves the unit's fields missing rather than hiding the letter.
    let (ctx, _) = context(data, text, read, c, parties, date).or_else(|e| {
        if matches!(e.code, ErrorCode::UnknownUnit | ErrorCode::UnitNotInForce) {
            let citizen_only = Parties {
                citizen: parties.citizen,
                ..Parties::default()
            };
            context(data, text, read, c, citizen_only, date)
        } else {
            Err(e)
        }
    })?;
    let missing = data.compiled.missing_fields(text, Format::Html, &ctx);
    let trigger = data.trigger(&o.trigger);
    Ok(LetterEntry {
        kind: o.kind,
        form_code: form.map(|f| f.code.clone()),
        title_vi: form.map(|f| f.title_vi.clone()),
        paper: form.map(|f| f.paper),
        required: o.required.unwrap_or(rule.is_some_and(|r| r.required)),
        send_by: format_datetime(o.send_by),
        late: o.send_by < c.as_of,
        trigger_at: format_datetime(o.trigger_at),
        event_index: o.event_index,
        channels: rule.map(|r| r.channels.clone()).unwrap_or_default(),
        reason: LetterReason {
            text_vi: trigger.map(|t| t.text_vi.clone()).unwrap_or_default(),
            text_en: trigger.map(|t| t.text_en.clone()).unwrap_or_default(),
            code: o.trigger,
        },
        source: rule.map(|r| r.source.clone()).unwrap_or_default(),
        missing_fields: missing,
    })
}

fn flag(data: &LetterData, f: Flag) -> FlagEntry {
    let t = data.trigger(&f.trigger);
    FlagEntry {
        at: format_datetime(f.at),
        event_index: f.event_index,
        text_vi: t.map(|t| t.text_vi.clone()).unwrap_or_default(),
        text_en: t.map(|t| t.text_en.clone()).unwrap_or_default(),
        code: f.trigger,
    }
}

/// What a letter is written in and for whom.
#[derive(Clone, Copy, Debug)]
pub struct RenderRequest<'a> {
    /// The letter asked for.
    pub letter: &'a LetterInput,
    /// The issuing unit and signer.
    pub unit: &'a UnitInput,
    /// The citizen.
    pub citizen: &'a CitizenInput,
    /// HTML, text or SMS.
    pub format: Format,
    /// The second-language block's language, when printed.
    pub second_language: Option<&'a str>,
}

/// One letter of a computed dossier: every field it needs is checked first, so the document is
/// complete or not made (`missing_field` naming the first missing).
pub fn render(
    data: &LetterData,
    cal: &Calendar,
    read: &ReadDossier<'_>,
    c: &Computed<'_>,
    req: RenderRequest<'_>,
    ruleset_version: String,
) -> Result<RenderOutput> {
    let kind = req.letter.kind;
    let date = match req.letter.date.as_deref() {
        Some(t) => crate::time::parse_date(t, "letter.date")?,
        None => c.as_of.date(),
    };
    let text = (kind, case(data, cal, req.letter, read, c)?);
    let form = data
        .form_on(kind, text.1, date)
        .ok_or_else(|| Error::no_form("letter.date", kind.as_str(), &date.to_string()))?;
    if data.template(kind, text.1).is_none() {
        return Err(Error::no_template("letter.kind", kind.as_str()));
    }
    let parties = Parties {
        citizen: Some(req.citizen),
        unit: Some(req.unit),
        letter: Some(req.letter),
    };
    let (ctx, unit_code) = context(data, text, read, c, parties, date)?;
    let missing = data.compiled.missing_fields(text, req.format, &ctx);
    if !missing.is_empty() {
        return Err(Error::letter_needs(&missing));
    }
    let content = data
        .compiled
        .render(text, form.paper, req.format, req.second_language, &ctx)?;
    let unit_code = unit_code.unwrap_or_default();
    Ok(RenderOutput::new(
        kind,
        req.format,
        form,
        date,
        unit_code,
        content,
        ruleset_version,
    ))
}

/// The case of the letter asked for: its trigger's, which must call for a letter of its kind;
/// else, for an apology, the one `select` owes: the delay's when it owes one, else the last
/// incident's.
fn case(
    data: &LetterData,
    cal: &Calendar,
    letter: &LetterInput,
    read: &ReadDossier<'_>,
    c: &Computed<'_>,
) -> Result<Option<LetterCase>> {
    let kind = letter.kind;
    if let Some(code) = letter.trigger.as_deref() {
        return match data.trigger(code) {
            Some(t) if t.kind == Some(kind) => Ok(t.case),
            _ => Err(Error::unknown_trigger(
                "letter.trigger",
                code,
                kind.as_str(),
            )),
        };
    }
    if kind != LetterKind::Apology {
        return Ok(None);
    }
    let (owed, _) = select(data, cal, c, &read.events, circumstances(read, c), c.as_of)
        .map_err(|e| e.within("dossier"))?;
    let cases: Vec<_> = owed
        .iter()
        .filter(|o| o.kind == kind)
        .map(|o| data.case_of(&o.trigger))
        .collect();
    Ok(if cases.contains(&None) {
        None
    } else {
        cases.last().copied().flatten()
    })
}

impl RenderOutput {
    /// A rendered document on `form`, dated `date`; provisional when the form rests on a
    /// secondary or recalled source.
    pub fn new(
        kind: LetterKind,
        format: Format,
        form: &super::Form,
        date: chrono::NaiveDate,
        unit_code: String,
        content: String,
        ruleset_version: String,
    ) -> Self {
        RenderOutput {
            kind,
            format,
            form_code: form.code.clone(),
            title_vi: form.title_vi.clone(),
            paper: form.paper,
            date: format_date(date),
            unit_code,
            chars: content.chars().count(),
            content,
            provisional: form
                .confidence
                .is_some_and(crate::dated::Confidence::provisional),
            ruleset_version,
        }
    }
}
