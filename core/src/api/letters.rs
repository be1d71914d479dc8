//! `letters.select` and `letters.render`: typed inputs and outputs over [`crate::letters`].
use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::calendar_for;
use crate::api::deadline::{DossierInput, catalog_for, inline_procedure, parse_events};
use crate::deadline::catalog::TimeUnit;
use crate::deadline::{self, Computed, Dossier, Event, words_en, words_vi};
use crate::error::{Error, ErrorCode, Result};
use crate::letters::render::Format;
use crate::letters::select::{self, Circumstances};
use crate::letters::words::date_line;
use crate::letters::{LetterData, LetterKind, Paper};
use crate::ruleset::RulesetInput;
use crate::time::{format_datetime, format_dmy, parse_date, parse_datetime};

/// Longest text accepted in any field of a letter.
pub const MAX_FIELD_CHARS: usize = 10_000;

/// The person a letter is for.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CitizenInput {
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The issuing unit and its signer.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UnitInput {
    /// Unit code (GSO code before 01/07/2025; mapped to its successor after).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Signer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_name: Option<String>,
    /// Signer's position, upper case (`CHỦ TỊCH`, `PHÓ CHỦ TỊCH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_title: Option<String>,
    /// Authority prefix (`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_prefix: Option<String>,
}

/// Input of `letters.select`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    pub ruleset: Option<RulesetInput>,
}

/// Why a letter is owed.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Reason {
    /// Stable code.
    pub code: String,
    /// In Vietnamese.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
}

/// One letter owed.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    pub reason: Reason,
    /// Legal source.
    pub source: String,
    /// Fields still needed to render it (as print-ready HTML).
    pub missing_fields: Vec<String>,
}

/// A matter for the head of the agency rather than a letter.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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

/// The letter to render.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LetterInput {
    /// Kind.
    pub kind: LetterKind,
    /// Document number (written `05/PXL`); blank for a hand-written number when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// The letter's date (default: the dossier's last event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The reason (delay, refusal, supplement, pause); default from the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Items to supplement (Mẫu 02).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
    /// New due time (apology); default from the re-appointment in the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_due_at: Option<String>,
}

/// Input of `letters.render`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `letters.render`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    /// Rule data used.
    pub ruleset_version: String,
}

/// The letter data for an optional ruleset: the defaults, or with the unit's letter settings.
pub(crate) fn letter_data(ruleset: Option<&RulesetInput>) -> Result<Cow<'static, LetterData>> {
    match ruleset.and_then(|r| r.letters.as_ref()) {
        None => LetterData::default_ref().map(Cow::Borrowed),
        Some(l) => LetterData::with_overrides(l, "ruleset.letters").map(Cow::Owned),
    }
}

fn too_large(path: &str, n: usize) -> Error {
    Error::new(
        ErrorCode::FieldTooLarge,
        path,
        format!("Trường quá dài ({n} ký tự; tối đa {MAX_FIELD_CHARS})"),
        format!("Field too long ({n} characters; at most {MAX_FIELD_CHARS})"),
    )
}

fn check_sizes(v: &Value, path: &str) -> Result<()> {
    match v {
        Value::String(s) if s.chars().count() > MAX_FIELD_CHARS => {
            Err(too_large(path, s.chars().count()))
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| check_sizes(x, &format!("{path}[{i}]"))),
        Value::Object(m) => m.iter().try_for_each(|(k, x)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            check_sizes(x, &p)
        }),
        _ => Ok(()),
    }
}

/// Short form of a moment for an SMS: `16:50 05/02/2025`.
fn short(t: NaiveDateTime) -> String {
    use chrono::Datelike;
    format!(
        "{:02}:{:02} {:02}/{:02}/{:04}",
        t.hour(),
        t.minute(),
        t.day(),
        t.month(),
        t.year()
    )
}

/// Everything a letter may name, from the dossier's computation, the parties and the letter.
#[allow(clippy::too_many_arguments)]
fn context(
    data: &LetterData,
    kind: LetterKind,
    c: &Computed<'_>,
    events: &[Event],
    dossier: &DossierInput,
    citizen: Option<&CitizenInput>,
    unit: Option<&UnitInput>,
    letter: Option<&LetterInput>,
    date: NaiveDate,
) -> Result<(Value, Option<String>)> {
    let unit_code = unit
        .and_then(|u| u.code.as_deref())
        .or(dossier.unit.as_deref());
    let issuer = match unit_code {
        Some(code) => Some(data.unit_on(code, date).ok_or_else(|| {
            if data.knows_unit(code) {
                Error::new(
                    ErrorCode::UnitNotInForce,
                    "unit.code",
                    format!("Đơn vị '{code}' không còn tồn tại vào ngày {date} và không có đơn vị kế thừa duy nhất"),
                    format!("Unit '{code}' does not exist on {date} and has no single successor"),
                )
            } else {
                Error::new(
                    ErrorCode::UnknownUnit,
                    "unit.code",
                    format!("Không có đơn vị mã '{code}'"),
                    format!("No unit with code '{code}'"),
                )
            }
        })?),
        None => None,
    };
    let form = data.form_on(kind, date);
    let reappointment = c.reappointment.as_ref();
    let last_pause = events.iter().rev().find(|e| {
        matches!(
            e.kind,
            deadline::EventKind::Paused | deadline::EventKind::Extended
        )
    });
    let reason = letter
        .and_then(|l| l.reason.clone())
        .or_else(|| reappointment.and_then(|r| r.reason.map(str::to_owned)))
        .or_else(|| last_pause.and_then(|e| e.reason.clone()));
    let new_due = match letter.and_then(|l| l.new_due_at.as_deref()) {
        Some(t) => Some(parse_datetime(t, "letter.new_due_at")?),
        None => reappointment.map(|r| r.new_due_at),
    };
    let number = match (letter.and_then(|l| l.number), form) {
        (Some(n), Some(f)) => format!("{n:02}/{}", f.number_suffix),
        (None, Some(f)) => format!("     /{}", f.number_suffix),
        _ => String::new(),
    };
    let received_date = format_dmy(c.received_at.date());
    let ctx = json!({
        "citizen": citizen.map(|c| json!({
            "name": c.name, "address": c.address, "phone": c.phone, "email": c.email,
        })).unwrap_or(Value::Null),
        "unit": {
            "name": issuer.map(|u| u.name.clone()),
            "short_name": issuer.map(|u| u.short_name.clone()),
            "issuer": issuer.map(|u| u.issuer.clone()),
            "parent": issuer.map(|u| u.parent.clone()),
            "place": issuer.map(|u| u.place.clone()),
            "signer_name": unit.and_then(|u| u.signer_name.clone()),
            "signer_title": unit.and_then(|u| u.signer_title.clone()),
            "signer_prefix": unit.and_then(|u| u.signer_prefix.clone()),
        },
        "dossier": {
            "id": dossier.id,
            "procedure_name": c.procedure.name_vi,
            "procedure_name_en": c.procedure.name_en,
            "processing_time": deadline::time_words(c.procedure.processing_time).0,
            "received_at": words_vi(c.received_at),
            "received_at_en": words_en(c.received_at),
            "received_date": received_date,
            "appointment_at": words_vi(c.appointment_at),
            "appointment_at_en": words_en(c.appointment_at),
            "appointment_short": short(c.appointment_at),
            "due_at": words_vi(c.due_at),
            "fee_vnd": c.procedure.fee_vnd,
            "life_event": c.procedure.life_event,
        },
        "letter": {
            "number": number,
            "date_line": issuer.map(|u| date_line(&u.place, date)),
            "title": form.map(|f| f.title_vi.clone()),
            "form_code": form.map(|f| f.code.clone()),
            "reason": reason,
            "items": letter.and_then(|l| l.items.clone()),
            "new_due_at": new_due.map(words_vi),
            "new_due_at_en": new_due.map(words_en),
            "new_due_short": new_due.map(short),
            "stopped_at": last_pause.map(|e| words_vi(e.at)),
            "stopped_at_en": last_pause.map(|e| words_en(e.at)),
        },
    });
    Ok((ctx, issuer.map(|u| u.code.clone())))
}

/// What the letter rules need to know of a dossier besides its log.
pub(crate) fn circumstances<'a>(d: &'a DossierInput, c: &Computed<'_>) -> Circumstances<'a> {
    Circumstances {
        unit: d.unit.as_deref(),
        life_event: c.procedure.life_event,
        same_day: c.procedure.appointment_time().unit == TimeUnit::SameDay,
        child_alive: d.child_alive.unwrap_or(true),
        online: d.channel == Some(crate::deadline::Channel::Online),
    }
}

/// `letters.select`: the letters a dossier calls for at `as_of`, with their forms, deadlines,
/// channels, reasons and the fields still missing to render them.
pub fn select(input: SelectInput) -> Result<SelectOutput> {
    let ruleset = input.ruleset.as_ref();
    let events = parse_events(&input.dossier.events)?;
    let inline = inline_procedure(input.dossier.procedure.as_ref(), "dossier.procedure")?;
    let as_of = input
        .as_of
        .as_deref()
        .map(|t| parse_datetime(t, "as_of"))
        .transpose()?;
    let cal = calendar_for(ruleset)?;
    let catalog = catalog_for(ruleset)?;
    let data = letter_data(ruleset)?;
    let d = &input.dossier;
    let dossier = Dossier {
        procedure_code: d.procedure_code.as_deref(),
        procedure: inline.as_ref(),
        unit: d.unit.as_deref(),
        channel: d.channel,
        events: &events,
    };
    let c = deadline::compute(&cal, &catalog, &dossier, as_of, false, true)?;
    let (owed, flags) = select::select(&data, &cal, &c, &events, circumstances(d, &c), c.as_of)?;
    let mut letters = Vec::with_capacity(owed.len());
    for o in owed {
        let rule = data.rule(o.kind);
        let form = data.form_on(o.kind, o.send_by.date());
        let (ctx, _) = context(
            &data,
            o.kind,
            &c,
            &events,
            d,
            input.citizen.as_ref(),
            input.unit.as_ref(),
            None,
            o.send_by.date(),
        )
        .or_else(|e| {
            // An unknown unit leaves the unit's fields missing rather than hiding the letter.
            if matches!(e.code, ErrorCode::UnknownUnit | ErrorCode::UnitNotInForce) {
                context(
                    &data,
                    o.kind,
                    &c,
                    &events,
                    d,
                    input.citizen.as_ref(),
                    None,
                    None,
                    o.send_by.date(),
                )
            } else {
                Err(e)
            }
        })?;
        let missing = data.compiled.missing_fields(o.kind, Format::Html, &ctx);
        let trigger = data.trigger(&o.trigger);
        letters.push(LetterEntry {
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
            reason: Reason {
                code: o.trigger.clone(),
                text_vi: trigger.map(|t| t.text_vi.clone()).unwrap_or_default(),
                text_en: trigger.map(|t| t.text_en.clone()).unwrap_or_default(),
            },
            source: rule.map(|r| r.source.clone()).unwrap_or_default(),
            missing_fields: missing,
        });
    }
    let flags = flags
        .into_iter()
        .map(|f| {
            let t = data.trigger(&f.trigger);
            FlagEntry {
                code: f.trigger.clone(),
                at: format_datetime(f.at),
                event_index: f.event_index,
                text_vi: t.map(|t| t.text_vi.clone()).unwrap_or_default(),
                text_en: t.map(|t| t.text_en.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(SelectOutput {
        letters,
        flags,
        as_of: format_datetime(c.as_of),
        ruleset_version: [cal.rules().version.as_str(), " / ", &data.version].concat(),
    })
}

/// `letters.render` from its JSON input: no text going into a letter may exceed
/// [`MAX_FIELD_CHARS`], checked on the input as given, before it is read.
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
    let ruleset = input.ruleset.as_ref();
    let events = parse_events(&input.dossier.events)?;
    let inline = inline_procedure(input.dossier.procedure.as_ref(), "dossier.procedure")?;
    let cal = calendar_for(ruleset)?;
    let catalog = catalog_for(ruleset)?;
    let data = letter_data(ruleset)?;
    let d = &input.dossier;
    let dossier = Dossier {
        procedure_code: d.procedure_code.as_deref(),
        procedure: inline.as_ref(),
        unit: d.unit.as_deref(),
        channel: d.channel,
        events: &events,
    };
    let c = deadline::compute(&cal, &catalog, &dossier, None, false, true)?;
    let kind = input.letter.kind;
    let date = match input.letter.date.as_deref() {
        Some(t) => parse_date(t, "letter.date")?,
        None => c.as_of.date(),
    };
    let form = data.form_on(kind, date).ok_or_else(|| {
        Error::new(
            ErrorCode::NoRulesInForce,
            "letter.date",
            format!("Chưa có mẫu văn bản '{}' vào ngày {date}", kind.as_str()),
            format!("No form for '{}' is in force on {date}", kind.as_str()),
        )
    })?;
    if data.template(kind).is_none() {
        return Err(Error::new(
            ErrorCode::InternalData,
            "letter.kind",
            format!("Không có mẫu thư '{}'", kind.as_str()),
            format!("No template for '{}'", kind.as_str()),
        ));
    }
    let (ctx, unit_code) = context(
        &data,
        kind,
        &c,
        &events,
        d,
        Some(&input.citizen),
        Some(&input.unit),
        Some(&input.letter),
        date,
    )?;
    let format = input.format.unwrap_or(Format::Html);
    let missing = data.compiled.missing_fields(kind, format, &ctx);
    if let Some(first) = missing.first() {
        return Err(Error::new(
            ErrorCode::MissingField,
            first.clone(),
            format!("Thiếu dữ liệu để lập văn bản: {}", missing.join(", ")),
            format!("Missing data for the letter: {}", missing.join(", ")),
        ));
    }
    let content = data.compiled.render(
        kind,
        form.paper,
        format,
        input.second_language.as_deref(),
        &ctx,
    )?;
    Ok(RenderOutput {
        kind,
        format,
        form_code: form.code.clone(),
        title_vi: form.title_vi.clone(),
        paper: form.paper,
        date: crate::time::format_date(date),
        unit_code: unit_code.unwrap_or_default(),
        chars: content.chars().count(),
        content,
        ruleset_version: [cal.rules().version.as_str(), " / ", &data.version].concat(),
    })
}
