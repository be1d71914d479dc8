//! `deadline.compute`, `deadline.check` and `deadline.preview`: typed inputs and outputs, and
//! their conversion into the engine's [`crate::deadline`] model.
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::api::calendar::SkippedDay;
use crate::api::calendar_for;
use crate::deadline::catalog::{Catalog, Procedure, ProcedureInput};
use crate::deadline::{
    self, CausedBy, Channel, Dossier, Event, EventKind, MAX_EVENTS, Outcome, Violation, words_en,
    words_vi,
};
use crate::error::{Error, ErrorCode, Result};
use crate::ruleset::RulesetInput;
use crate::time::{format_datetime, parse_datetime};

/// One event of a dossier's log.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EventInput {
    /// Event type (also `incident`, with `reason` `lost` or `wrong_result`, and `feedback`).
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// `YYYY-MM-DDTHH:MM[:SS]` Vietnam time, or RFC 3339 with an offset (converted).
    pub at: String,
    /// New due time (`extended` only, required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_due_at: Option<String>,
    /// Reason (`paused`: e.g. `fees`; `extended`: the delay's reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who caused the delay (`extended` only, required there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caused_by: Option<CausedBy>,
    /// Free note, kept out of the computation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A dossier: its procedure, unit, channel and event log.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DossierInput {
    /// Dossier code (mã hồ sơ), informative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Catalog code of the procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_code: Option<String>,
    /// The procedure given inline instead of a catalog code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<ProcedureInput>,
    /// Unit code (its office hours; the default ones without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// `in_person`, `postal` or `online`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The event log, in order.
    pub events: Vec<EventInput>,
    /// False for the birth registration of a child who has died (no congratulations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_alive: Option<bool>,
}

/// Input of `deadline.compute`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    pub ruleset: Option<RulesetInput>,
}

/// Input of `deadline.check`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CheckInput {
    /// The dossier.
    pub dossier: DossierInput,
    /// Administrator overrides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `deadline.check`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CheckOutput {
    /// No violation.
    pub valid: bool,
    /// Every rule the log breaks, in log order of detection.
    pub violations: Vec<Violation>,
    /// Rule data used.
    pub ruleset_version: String,
}

/// Input of `deadline.preview`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    pub ruleset: Option<RulesetInput>,
}

/// Answer of `deadline.preview`.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PreviewOutput {
    /// The procedure version that would apply.
    pub procedure: Procedure,
    /// Submission time, Vietnam time.
    pub submitted_at: String,
    /// When the processing clock would start.
    pub clock_starts_at: String,
    /// When the result would be due (the appointment).
    pub due_at: String,
    /// The due time by the statutory time.
    pub statutory_due_at: String,
    /// In words a citizen understands, Vietnamese.
    pub text_vi: String,
    /// The same in English.
    pub text_en: String,
    /// Days off on the way.
    pub skipped_days: Vec<SkippedDay>,
    /// True when a day used comes from an unconfirmed schedule.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

/// The catalog a call uses: the default one, or the default with the call's ruleset applied.
pub fn catalog_for(ruleset: Option<&RulesetInput>) -> Result<Cow<'static, Catalog>> {
    match ruleset {
        None => Catalog::default_ref().map(Cow::Borrowed),
        Some(r) => Catalog::with_overrides(r, "ruleset").map(Cow::Owned),
    }
}

/// Parses an event log (times in Vietnam time), checking its size and the fields `extended` needs.
pub fn parse_events(events: &[EventInput]) -> Result<Vec<Event>> {
    if events.len() > MAX_EVENTS {
        return Err(Error::new(
            ErrorCode::TooManyEvents,
            "dossier.events",
            format!("Hồ sơ có {} sự kiện; tối đa {MAX_EVENTS}", events.len()),
            format!(
                "The dossier has {} events; at most {MAX_EVENTS}",
                events.len()
            ),
        ));
    }
    events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let path = |f: &str| format!("dossier.events[{i}].{f}");
            let missing = |f: &str| {
                Error::new(
                    ErrorCode::MissingField,
                    path(f),
                    format!("Thiếu trường bắt buộc: sự kiện 'extended' cần {f}"),
                    format!("missing field `{f}` (required for an 'extended' event)"),
                )
            };
            let new_due_at = match &e.new_due_at {
                Some(t) => Some(parse_datetime(t, &path("new_due_at"))?),
                None => None,
            };
            if e.kind == EventKind::Extended {
                if new_due_at.is_none() {
                    return Err(missing("new_due_at"));
                }
                if e.caused_by.is_none() {
                    return Err(missing("caused_by"));
                }
            }
            Ok(Event {
                kind: e.kind,
                at: parse_datetime(&e.at, &path("at"))?,
                new_due_at,
                reason: e.reason.clone(),
                caused_by: e.caused_by,
            })
        })
        .collect()
}

/// Resolves an inline procedure.
pub fn inline_procedure(p: Option<&ProcedureInput>, path: &str) -> Result<Option<Procedure>> {
    p.map(|p| Procedure::from_input(p, path, false).map(|(_, p)| p))
        .transpose()
}

fn run(
    d: &DossierInput,
    ruleset: Option<&RulesetInput>,
    as_of: Option<&str>,
    explain: bool,
    strict: bool,
) -> Result<Outcome<'static>> {
    let events = parse_events(&d.events)?;
    let inline = inline_procedure(d.procedure.as_ref(), "dossier.procedure")?;
    let as_of = as_of.map(|t| parse_datetime(t, "as_of")).transpose()?;
    let cal = calendar_for(ruleset)?;
    let catalog = catalog_for(ruleset)?;
    let dossier = Dossier {
        procedure_code: d.procedure_code.as_deref(),
        procedure: inline.as_ref(),
        unit: d.unit.as_deref(),
        channel: d.channel,
        events: &events,
    };
    let c = deadline::compute(&cal, &catalog, &dossier, as_of, explain, strict)?;
    let version = [
        cal.rules().version.as_str(),
        " / procedures ",
        &catalog.version,
    ]
    .concat();
    // The default catalog lives as long as the program: borrow from it rather than copy.
    let date = c.received_at.date();
    let (procedure, regime) = match (&catalog, d.procedure_code.as_deref(), &inline) {
        (Cow::Borrowed(stat), Some(code), None) => (
            Cow::Borrowed(stat.procedure_on(code, date, "dossier.procedure_code")?),
            Cow::Borrowed(stat.regime_on(date, "dossier.events[0].at")?),
        ),
        (Cow::Borrowed(stat), _, _) => (
            Cow::Owned(c.procedure.clone()),
            Cow::Borrowed(stat.regime_on(date, "dossier.events[0].at")?),
        ),
        (Cow::Owned(_), _, _) => (
            Cow::Owned(c.procedure.clone()),
            Cow::Owned(c.regime.clone()),
        ),
    };
    Ok(Outcome::new(c, procedure, regime, version))
}

/// `deadline.compute`: the appointment, the due time, the apology deadline, the status at
/// `as_of`, the indicator-1 score and the trace.
pub fn compute(input: ComputeInput) -> Result<Outcome<'static>> {
    run(
        &input.dossier,
        input.ruleset.as_ref(),
        input.as_of.as_deref(),
        input.explain.unwrap_or(true),
        true,
    )
}

/// `deadline.check`: every rule the event log breaks, as data.
pub fn check(input: CheckInput) -> Result<CheckOutput> {
    let events = parse_events(&input.dossier.events)?;
    let (structural, _) = deadline::check_structure(&events, false)?;
    let version = |o: Option<&Outcome<'_>>| match o {
        Some(o) => o.ruleset_version.clone(),
        None => calendar_for(input.ruleset.as_ref())
            .map(|c| c.rules().version.clone())
            .unwrap_or_default(),
    };
    if structural.iter().any(|v| v.code == "missing_received") {
        return Ok(CheckOutput {
            valid: false,
            ruleset_version: version(None),
            violations: structural,
        });
    }
    let outcome = run(&input.dossier, input.ruleset.as_ref(), None, false, false)?;
    Ok(CheckOutput {
        valid: outcome.violations.is_empty(),
        ruleset_version: version(Some(&outcome)),
        violations: outcome.violations,
    })
}

/// `deadline.preview`: when a result would be due if the dossier were submitted at
/// `submitted_at`, in words for a citizen form.
pub fn preview(input: PreviewInput) -> Result<PreviewOutput> {
    let (code, inline) = match (&input.procedure, &input.procedure_code) {
        (Some(serde_json::Value::String(c)), _) => (Some(c.clone()), None),
        (Some(v @ serde_json::Value::Object(_)), _) => {
            let p: ProcedureInput = crate::de::from_value(v.clone()).map_err(|e| {
                let path = if e.path.is_empty() {
                    "procedure".to_owned()
                } else {
                    format!("procedure.{}", e.path)
                };
                e.at(path)
            })?;
            (None, Some(p))
        }
        (Some(_), _) => {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "procedure",
                "Dữ liệu vào sai kiểu: procedure phải là mã thủ tục (chuỗi) hoặc một thủ tục (đối tượng)",
                "procedure must be a catalog code (string) or a procedure (object)",
            ));
        }
        (None, c) => (c.clone(), None),
    };
    let dossier = DossierInput {
        procedure_code: code,
        procedure: inline,
        unit: input.unit.clone(),
        channel: input.channel,
        events: vec![EventInput {
            kind: EventKind::Received,
            at: input.submitted_at.clone(),
            new_due_at: None,
            reason: None,
            caused_by: None,
            note: None,
        }],
        ..DossierInput::default()
    };
    let o = run(&dossier, input.ruleset.as_ref(), None, true, true).map_err(|e| {
        let path = if e.path.starts_with("dossier.events[0]") {
            "submitted_at".to_owned()
        } else if e.path == "dossier.procedure_code" {
            let field = if input.procedure.is_some() {
                "procedure"
            } else {
                "procedure_code"
            };
            field.to_owned()
        } else if let Some(rest) = e.path.strip_prefix("dossier.") {
            rest.to_owned()
        } else {
            e.path.clone()
        };
        e.at(path)
    })?;
    let submitted = parse_datetime(&input.submitted_at, "submitted_at")?;
    let start = parse_datetime(&o.clock_started_at, "")?;
    let due = parse_datetime(&o.due_at, "")?;
    let offs: Vec<&str> = o
        .skipped_days
        .iter()
        .filter_map(|d| d.reasons.first().map(|r| r.text_vi.as_str()))
        .collect();
    let offs_en: Vec<&str> = o
        .skipped_days
        .iter()
        .filter_map(|d| d.reasons.first().map(|r| r.text_en.as_str()))
        .collect();
    let mut text_vi = format!("Nếu nộp hồ sơ lúc {}, ", words_vi(submitted));
    let mut text_en = format!("If you submit at {}, ", words_en(submitted));
    if start != submitted {
        text_vi.push_str(&format!(
            "hồ sơ được tính từ {} (ngoài giờ làm việc), ",
            words_vi(start)
        ));
        text_en.push_str(&format!(
            "processing starts at {} (outside office hours), ",
            words_en(start)
        ));
    }
    text_vi.push_str(&format!("kết quả dự kiến có trước {}.", words_vi(due)));
    text_en.push_str(&format!("the result is expected by {}.", words_en(due)));
    if !offs.is_empty() {
        let mut uniq: Vec<&str> = Vec::new();
        for r in &offs {
            if !uniq.contains(r) {
                uniq.push(r);
            }
        }
        let mut uniq_en: Vec<&str> = Vec::new();
        for r in &offs_en {
            if !uniq_en.contains(r) {
                uniq_en.push(r);
            }
        }
        text_vi.push_str(&format!(" Không tính các ngày nghỉ: {}.", uniq.join("; ")));
        text_en.push_str(&format!(" Days off not counted: {}.", uniq_en.join("; ")));
    }
    if o.provisional {
        text_vi.push_str(
            " Lịch nghỉ năm này chưa được công bố chính thức nên ngày hẹn có thể thay đổi.",
        );
        text_en.push_str(
            " This year's official days off are not confirmed yet, so the date may change.",
        );
    }
    Ok(PreviewOutput {
        procedure: o.procedure.into_owned(),
        submitted_at: format_datetime(submitted),
        clock_starts_at: o.clock_started_at,
        due_at: o.due_at,
        statutory_due_at: o.statutory_due_at,
        text_vi,
        text_en,
        skipped_days: o.skipped_days,
        provisional: o.provisional,
        ruleset_version: o.ruleset_version,
    })
}
