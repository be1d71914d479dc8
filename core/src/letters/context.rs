//! What a letter's templates may name, filled from the dossier's computation, the parties and the
//! letter: the context a template renders with. The names are the template fields
//! ([`super::render::KNOWN_FIELDS`]); what the dossier says besides its log
//! ([`circumstances`]) decides the courtesy letters.
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde_json::{Value, json};

use super::record::{AddressAs, CitizenInput, HandOverInput, LetterInput, UnitInput};
use super::render::Text;
use super::select::Circumstances;
use super::{Form, LetterData, LetterKind, Unit};
use crate::deadline::catalog::TimeUnit;
use crate::deadline::conventions::Early;
use crate::deadline::fee::FeeBasis;
use crate::deadline::{Channel, Computed, Event, EventKind, ReadDossier, time_words};
use crate::error::{Error, Result};
use crate::text::{words_en, words_vi};
use crate::time::{format_dmy, parse_datetime};

use super::words::date_line;

/// The people and the letter a context is for (each absent while unknown).
#[derive(Clone, Copy, Debug, Default)]
pub struct Parties<'a> {
    /// The citizen.
    pub citizen: Option<&'a CitizenInput>,
    /// The issuing unit and its signer.
    pub unit: Option<&'a UnitInput>,
    /// The letter asked for.
    pub letter: Option<&'a LetterInput>,
}

/// Short form of a moment for an SMS: `16:50 05/02/2025`.
fn short(t: NaiveDateTime) -> String {
    format!(
        "{:02}:{:02} {:02}/{:02}/{:04}",
        t.hour(),
        t.minute(),
        t.day(),
        t.month(),
        t.year()
    )
}

/// The unit that issues letters for `code` on `date` (the successor after the 2025
/// reorganisation); an error at `unit.code` when there is none.
pub(super) fn issuer<'d>(data: &'d LetterData, code: &str, date: NaiveDate) -> Result<&'d Unit> {
    data.unit_on(code, date).ok_or_else(|| {
        if data.knows_unit(code) {
            Error::unit_not_in_force("unit.code", code, &date.to_string())
        } else {
            Error::unknown_issuing_unit("unit.code", code)
        }
    })
}

/// Everything a letter (a kind, or a case of it) dated `date` may name, and the code of the unit
/// issuing it.
pub fn context(
    data: &LetterData,
    text: Text,
    read: &ReadDossier<'_>,
    c: &Computed<'_>,
    parties: Parties<'_>,
    date: NaiveDate,
) -> Result<(Value, Option<String>)> {
    let unit_code = parties
        .unit
        .and_then(|u| u.code.as_deref())
        .or(read.input.unit.as_deref());
    let issuer = unit_code.map(|code| issuer(data, code, date)).transpose()?;
    let letter = letter_fields(data, text, &read.events, c, parties.letter, issuer, date)?;
    let ctx = json!({
        "citizen": citizen_fields(parties.citizen),
        "unit": unit_fields(issuer, parties.unit),
        "dossier": dossier_fields(read, c),
        "letter": letter,
    });
    Ok((ctx, issuer.map(|u| u.code.clone())))
}

/// The citizen's fields; `address_as` is always there ("Ông/Bà" when not given, or when the
/// citizen is not known).
pub(super) fn citizen_fields(c: Option<&CitizenInput>) -> Value {
    json!({
        "name": c.and_then(|c| c.name.clone()),
        "address": c.and_then(|c| c.address.clone()),
        "phone": c.and_then(|c| c.phone.clone()),
        "email": c.and_then(|c| c.email.clone()),
        "address_as": AddressAs::words(c.and_then(|c| c.address_as)),
    })
}

pub(super) fn unit_fields(issuer: Option<&Unit>, unit: Option<&UnitInput>) -> Value {
    json!({
        "name": issuer.map(|u| u.name.clone()),
        "short_name": issuer.map(|u| u.short_name.clone()),
        "issuer": issuer.map(|u| u.issuer.clone()),
        "parent": issuer.map(|u| u.parent.clone()),
        "place": issuer.map(|u| u.place.clone()),
        "signer_name": unit.and_then(|u| u.signer_name.clone()),
        "signer_title": unit.and_then(|u| u.signer_title.clone()),
        "signer_prefix": unit.and_then(|u| u.signer_prefix.clone()),
    })
}

fn dossier_fields(read: &ReadDossier<'_>, c: &Computed<'_>) -> Value {
    json!({
        "id": read.input.id,
        "procedure_name": c.procedure.name_vi,
        "procedure_name_en": c.procedure.name_en,
        "processing_time": time_words(c.procedure.processing_time).0,
        "received_at": words_vi(c.received_at),
        "received_at_en": words_en(c.received_at),
        "received_date": format_dmy(c.received_at.date()),
        "appointment_at": words_vi(c.appointment_at),
        "appointment_at_en": words_en(c.appointment_at),
        "appointment_short": short(c.appointment_at),
        "due_at": words_vi(c.due_at),
        "due_at_en": words_en(c.due_at),
        "due_short": short(c.due_at),
        "ready_at": c.completed_at.map(words_vi),
        "ready_at_en": c.completed_at.map(words_en),
        "fee_vnd": c.fee.amount_vnd,
        "fee_text": (c.fee.basis != FeeBasis::Unknown || c.procedure.fee_rule.is_some())
            .then_some(&c.fee.text_vi),
        "life_event": c.procedure.life_event,
    })
}

/// A document's number and notation (NĐ 30/2020: the number, then the type's and the issuer's
/// abbreviations, `05/TB-UBND`; blank for a hand-written number); none for a form or a thư công
/// the rules leave unnumbered, unless the unit gives its own notation.
pub(super) fn notation(
    letter: Option<&LetterInput>,
    form: Option<&Form>,
    issuer: Option<&Unit>,
) -> Option<String> {
    let own = letter.and_then(|l| l.notation.clone());
    let form = form.filter(|f| !f.number_suffix.is_empty());
    let Some(f) = form else {
        return own;
    };
    let by = issuer
        .and_then(|u| u.abbreviation.as_deref())
        .map(|a| format!("-{a}"))
        .unwrap_or_default();
    Some(match letter.and_then(|l| l.number) {
        Some(n) => format!("{n:02}/{}{by}", f.number_suffix),
        None => format!("     /{}{by}", f.number_suffix),
    })
}

/// The hand-overs of the control slip, each with whether the receiving body's part came early, on
/// time or late, as the evaluation's indicator 2 judges it (the `early` convention).
fn steps(list: &[HandOverInput], early: Early) -> Result<Vec<Value>> {
    let at = |t: &str, i: usize, f: &str| parse_datetime(t, &format!("letter.steps[{i}].{f}"));
    list.iter()
        .enumerate()
        .map(|(i, s)| {
            let handed = at(&s.at, i, "at")?;
            let due = s
                .due_at
                .as_deref()
                .map(|t| at(t, i, "due_at"))
                .transpose()?;
            let done = s
                .done_at
                .as_deref()
                .map(|t| at(t, i, "done_at"))
                .transpose()?;
            let result = match (done, due) {
                (Some(d), Some(u)) => Some(match early.score(d, u) {
                    2 => "Trước hạn",
                    1 => "Đúng hạn",
                    _ => "Quá hạn",
                }),
                _ => None,
            };
            Ok(json!({
                "from": s.from, "to": s.to, "at": words_vi(handed),
                "due": due.map(words_vi), "done": done.map(words_vi),
                "result": result, "note": s.note,
            }))
        })
        .collect()
}

/// The letter's own fields: its number, date line, form, reason, items and new due time (the
/// caller's, else the log's re-appointment and last pause or re-appointment the deadline took;
/// an apology takes only the agency's re-appointment in force, as it states the reason for the
/// agency's delay, NĐ 61/2018 Art. 19(9), and an incident's apology, a case of the kind, only the
/// caller's).
fn letter_fields(
    data: &LetterData,
    (kind, case): Text,
    events: &[Event],
    c: &Computed<'_>,
    letter: Option<&LetterInput>,
    issuer: Option<&Unit>,
    date: NaiveDate,
) -> Result<Value> {
    let form = data.form_on(kind, case, date);
    // A case's letter (an incident's apology) takes nothing of the delays from the log; the
    // delay's apology only the agency's own re-appointment in force.
    let reappointment = match (case, kind) {
        (Some(_), _) => None,
        (None, LetterKind::Apology) => c.agency_reappointment.as_ref(),
        (None, _) => c.reappointment.as_ref(),
    };
    let refused = c.refusals(events.len());
    let last_pause = events
        .iter()
        .enumerate()
        .rev()
        .filter(|(i, e)| e.at <= c.as_of && refused.get(*i).is_some_and(Option::is_none))
        .map(|(_, e)| e)
        .filter(|_| kind != LetterKind::Apology && case.is_none())
        .find(|e| matches!(e.kind, EventKind::Paused | EventKind::Extended));
    let reason = letter
        .and_then(|l| l.reason.clone())
        .or_else(|| reappointment.and_then(|r| r.reason.map(str::to_owned)))
        .or_else(|| last_pause.and_then(|e| e.reason.clone()));
    let new_due = match letter.and_then(|l| l.new_due_at.as_deref()) {
        Some(t) => Some(parse_datetime(t, "letter.new_due_at")?),
        None => reappointment.map(|r| r.new_due_at),
    };
    Ok(json!({
        "number": notation(letter, form, issuer),
        "documents": letter.and_then(|l| l.documents.clone()),
        "sets": letter.and_then(|l| l.sets),
        "register_entry": letter.and_then(|l| l.register_entry.clone()),
        "delivery": letter.and_then(|l| l.delivery.clone()),
        "receiver_name": letter.and_then(|l| l.receiver_name.clone()),
        "main_body": letter.and_then(|l| l.main_body.clone()),
        "steps": letter
            .and_then(|l| l.steps.as_deref())
            .map(|l| steps(l, c.conventions.early))
            .transpose()?,
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
    }))
}

/// What the letter rules need to know of a dossier besides its log.
pub fn circumstances<'a>(read: &'a ReadDossier<'_>, c: &Computed<'_>) -> Circumstances<'a> {
    let d = read.input;
    Circumstances {
        unit: d.unit.as_deref(),
        life_event: c.procedure.life_event,
        same_day: c.procedure.appointment_time().unit == TimeUnit::SameDay,
        child_alive: d.child_alive.unwrap_or(true),
        online: d.channel == Some(Channel::Online),
    }
}
