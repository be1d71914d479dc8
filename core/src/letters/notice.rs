//! The written notices a complaint or denunciation calls for when it is accepted or refused
//! (Luật Khiếu nại 2011 Art. 27; Luật Tố cáo 2018 Art. 29), on the form in force on the notice's
//! day (`data/letters.toml`), rendered like every other letter.
use serde_json::{Value, json};

use super::answer::{RenderOutput, RenderRequest};
use super::context::{citizen_fields, issuer, notation, unit_fields};
use super::words::date_line;
use super::{LetterData, LetterKind};
use crate::error::{Error, Result};
use crate::grievance::{CaseInput, GrievanceEventKind, GrievanceOutput, GrievanceStep, Kind};
use crate::time::{format_date, format_dmy, parse_date};

/// The case a notice is about: as sent, and as computed.
#[derive(Clone, Copy, Debug)]
pub struct NoticeCase<'a> {
    /// As sent (its notes, its reference).
    pub input: &'a CaseInput,
    /// Its deadlines.
    pub answer: &'a GrievanceOutput,
    /// What it is about, in a few words.
    pub subject: Option<&'a str>,
}

/// The case's kind and the event a notice of `kind` announces.
fn announces(kind: LetterKind) -> Option<(Kind, GrievanceEventKind)> {
    use GrievanceEventKind::{Accepted, Refused};
    match kind {
        LetterKind::ComplaintAcceptance => Some((Kind::Complaint, Accepted)),
        LetterKind::ComplaintRefusal => Some((Kind::Complaint, Refused)),
        LetterKind::DenunciationAcceptance => Some((Kind::Denunciation, Accepted)),
        LetterKind::DenunciationRefusal => Some((Kind::Denunciation, Refused)),
        _ => None,
    }
}

/// The notice of `req.letter.kind` for the case: dated the day of the event it announces unless
/// the letter gives its date; complete or not made (`missing_field` naming the first lack).
pub fn notice(
    data: &LetterData,
    case: NoticeCase<'_>,
    req: RenderRequest<'_>,
    ruleset_version: String,
) -> Result<RenderOutput> {
    let kind = req.letter.kind;
    let case_kind = case.answer.kind;
    let (_, event) = announces(kind)
        .filter(|(k, _)| *k == case_kind)
        .ok_or_else(|| Error::notice_kind("letter.kind", kind.as_str(), case_kind.as_str()))?;
    let (index, happened) = case
        .input
        .events
        .iter()
        .enumerate()
        .find(|(_, e)| e.kind == event)
        .ok_or_else(|| Error::notice_without_event("case.events", event_name(event)))?;
    let date = match req.letter.date.as_deref() {
        Some(t) => parse_date(t, "letter.date")?,
        None => parse_date(happened.at.get(..10).unwrap_or_default(), "case.events")
            .map_err(|e| e.within(&format!("case.events[{index}].at")))?,
    };
    let form = data
        .form_on(kind, None, date)
        .ok_or_else(|| Error::no_form("letter.date", kind.as_str(), &format_date(date)))?;
    let code = req.unit.code.as_deref().unwrap_or_default();
    let unit = issuer(data, code, date)?;
    let reason = req.letter.reason.clone().or_else(|| happened.note.clone());
    let ctx = json!({
        "citizen": citizen_fields(Some(req.citizen)),
        "unit": unit_fields(Some(unit), Some(req.unit)),
        "dossier": {"id": case.input.id},
        "case": case_fields(case),
        "letter": {
            "number": notation(Some(req.letter), Some(form), Some(unit)),
            "date_line": date_line(&unit.place, date),
            "title": form.title_vi,
            "form_code": form.code,
            "reason": reason,
        },
    });
    let missing = data.compiled.missing_fields((kind, None), req.format, &ctx);
    if let Some(first) = missing.first() {
        let first = if first == "dossier.id" {
            "case.id"
        } else {
            first
        };
        return Err(Error::letter_needs(&[first.to_owned()]));
    }
    let content = data.compiled.render(
        (kind, None),
        form.paper,
        req.format,
        req.second_language,
        &ctx,
    )?;
    let mut out = RenderOutput::new(
        kind,
        req.format,
        form,
        date,
        unit.code.clone(),
        content,
        ruleset_version,
    );
    out.provisional |= case.answer.provisional;
    Ok(out)
}

fn event_name(e: GrievanceEventKind) -> &'static str {
    match e {
        GrievanceEventKind::Accepted => "accepted",
        _ => "refused",
    }
}

/// What the notice says of the case: its reference, dates and resolution period.
fn case_fields(case: NoticeCase<'_>) -> Value {
    let a = case.answer;
    let dmy = |s: &str| crate::time::date_of_text(s).map_or_else(|| s.to_owned(), format_dmy);
    let resolution = a
        .deadlines
        .iter()
        .find(|d| d.step == GrievanceStep::Resolution);
    let accepted = a
        .deadlines
        .iter()
        .find(|d| d.step == GrievanceStep::Acceptance)
        .and_then(|d| d.done.as_deref());
    json!({
        "id": case.input.id,
        "subject": case.subject,
        "instance": a.instance,
        "received_date": dmy(&a.received),
        "accepted_date": accepted.or_else(|| resolution.and_then(|r| r.from.as_deref())).map(dmy),
        "resolution_days": resolution.and_then(|r| r.days),
        "resolution_due": resolution.and_then(|r| r.due.as_deref()).map(dmy),
        "resolution_source": resolution.map(|r| r.source.clone()),
    })
}
