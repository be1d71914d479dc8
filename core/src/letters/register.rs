//! The register of dossiers (Sổ theo dõi hồ sơ: TT 01/2018/TT-VPCP Điều 9(1) Mẫu 06, printed on
//! A4, Điều 9(2); TT 03/2025/TT-VPCP Mẫu 07 from 15/09/2025 [S]): one row a dossier, with its
//! code, procedure, sets, applicant, receipt, appointment, result and return, each dossier read
//! and computed as every other operation reads it. A dossier that cannot be read is listed with
//! its error, never dropped.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::context::issuer;
use super::record::{CitizenInput, UnitInput};
use super::render::Format;
use super::{LetterData, Paper};
use crate::calendar::Calendar;
use crate::deadline::catalog::Catalog;
use crate::deadline::{Computed, DossierInput, EventKind, Options, ReadDossier, Status};
use crate::error::{Error, NotCounted, Result};
use crate::time::{format_dmy, format_hm_dmy};

/// The register's form by date.
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
pub struct RegisterForm {
    /// In force from.
    pub from: NaiveDate,
    /// Form code.
    pub code: String,
    /// Title.
    pub title_vi: String,
    /// Paper.
    pub paper: Paper,
    /// Source.
    pub source: String,
    /// How sure the form is (default: read in the text); below `high`, the register made on it
    /// is provisional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<crate::dated::Confidence>,
}

/// One dossier of the register.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterEntryInput {
    /// The dossier (as for `deadline.compute`).
    pub dossier: DossierInput,
    /// The applicant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen: Option<CitizenInput>,
    /// Sets of the dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sets: Option<u32>,
    /// A note (the status in words when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Answer of `letters.register`.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterOutput {
    /// The register.
    pub content: String,
    /// Its format.
    pub format: Format,
    /// Form code.
    pub form_code: String,
    /// Title.
    pub title_vi: String,
    /// Paper.
    pub paper: Paper,
    /// The form's source.
    pub source: String,
    /// The register's date.
    pub date: String,
    /// The unit keeping it (its code on the date).
    pub unit_code: String,
    /// Dossiers listed.
    pub rows: usize,
    /// Dossiers that could not be read, with their errors.
    pub not_listed: Vec<NotCounted>,
    /// The form rests on a secondary or recalled reading of its source: its columns are as known,
    /// not as checked against the text.
    pub provisional: bool,
    /// Rule data used.
    pub ruleset_version: String,
}

/// What one register needs.
pub struct RegisterRequest<'a> {
    /// The unit keeping it.
    pub unit: &'a UnitInput,
    /// Its date (the form and the unit's name follow it).
    pub date: NaiveDate,
    /// `html` or `text`.
    pub format: Format,
}

fn when(t: Option<NaiveDateTime>) -> Option<String> {
    t.map(|t| format_hm_dmy(t, " "))
}

fn status_words(s: Status) -> &'static str {
    match s {
        Status::CompletedLate | Status::Overdue => "Quá hạn",
        Status::Refused => "Từ chối",
        Status::Withdrawn => "Rút hồ sơ",
        _ => "",
    }
}

fn row(n: usize, e: &RegisterEntryInput, read: &ReadDossier<'_>, c: &Computed<'_>) -> Value {
    let returned = read
        .events
        .iter()
        .find(|x| x.kind == EventKind::Returned)
        .map(|x| x.at);
    let citizen = e.citizen.as_ref();
    json!({
        "n": n,
        "id": e.dossier.id,
        "procedure": c.procedure.name_vi,
        "sets": e.sets,
        "citizen": citizen.map(|x| x.name.clone()),
        "address": citizen.and_then(|x| x.address.clone().or_else(|| x.phone.clone())),
        "received": when(Some(c.received_at)),
        "appointment": when(Some(c.appointment_at)),
        "result": when(c.completed_at),
        "returned": when(returned),
        "note": e.note.clone().unwrap_or_else(|| status_words(c.status).to_owned()),
    })
}

/// The register of `entries` (each `{dossier, citizen?, sets?, note?}`) kept by a unit.
pub fn register(
    data: &LetterData,
    (cal, catalog): (&Calendar, &Catalog),
    req: &RegisterRequest<'_>,
    entries: Vec<Value>,
    ruleset_version: String,
) -> Result<RegisterOutput> {
    let form = data
        .register_form_on(req.date)
        .ok_or_else(|| Error::no_form("date", "register", &req.date.to_string()))?;
    let code = req.unit.code.as_deref().unwrap_or_default();
    let unit = issuer(data, code, req.date)?;
    let (mut rows, mut not_listed) = (Vec::new(), Vec::new());
    for (i, value) in entries.into_iter().enumerate() {
        let listed = crate::de::from_value::<RegisterEntryInput>(value)
            .and_then(|e| {
                let read = e.dossier.read().map_err(|x| x.within("dossier"))?;
                let c = read
                    .compute(cal, catalog, Options::default())
                    .map_err(|x| x.within("dossier"))?;
                Ok(row(rows.len() + 1, &e, &read, &c))
            })
            .map_err(|e| e.within(&format!("entries[{i}]")));
        match listed {
            Ok(r) => rows.push(r),
            Err(error) => not_listed.push(NotCounted {
                index: i,
                id: None,
                reason_code: "invalid_dossier".into(),
                error: Some(error),
            }),
        }
    }
    let ctx = json!({
        "unit": {"issuer": unit.issuer, "parent": unit.parent, "name": unit.name},
        "register": {"title": form.title_vi, "form_code": form.code,
                     "date": format_dmy(req.date)},
        "rows": rows,
    });
    let content = data.compiled.render_register(req.format, &ctx)?;
    Ok(RegisterOutput {
        content,
        format: req.format,
        form_code: form.code.clone(),
        title_vi: form.title_vi.clone(),
        paper: form.paper,
        source: form.source.clone(),
        date: req.date.to_string(),
        unit_code: unit.code.clone(),
        rows: rows.len(),
        not_listed,
        provisional: form
            .confidence
            .is_some_and(crate::dated::Confidence::provisional),
        ruleset_version,
    })
}
