//! A dossier as the caller gives it (the `dossier` record of every dossier operation), and its
//! one reading: events parsed in Vietnam time, the inline procedure resolved, the limits kept,
//! then computed ([`super::fold::compute`]). Paths are relative to the dossier (`events[2].at`);
//! callers put them under the record's place in their input.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, Procedure, ProcedureInput};
use super::compute::{Options, compute};
use super::fee::{Exemption, FeeFacts};
use super::log::check_count;
use super::model::{CausedBy, Channel, Dossier, Event, EventKind};
use super::outcome::Computed;
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::time::{parse_date, parse_datetime};

/// One event of a dossier's log.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventInput {
    /// Event type (also `incident`, with `reason` `lost` or `wrong_result`, and `feedback`).
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// `YYYY-MM-DDTHH:MM[:SS]` Vietnam time, or RFC 3339 with an offset (converted).
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::Moment"))]
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
#[derive(
    Clone,
    Debug,
    Default,
    Deserialize,
    thanthien_derive::Decode,
    Serialize,
    thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The date of the event a civil-status registration records (`YYYY-MM-DD`: the birth, the
    /// death), which decides whether it is free (Luật Hộ tịch Art. 11(1)(b)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_date: Option<String>,
    /// The registrant's situation exempting a civil-status registration from the fee
    /// (Art. 11(1)(a)): `meritorious_family`, `poor_household` or `disability`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_exemption: Option<Exemption>,
    /// Pages of the original, for a charge by page (copy certification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// Copies asked for (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<u32>,
}

impl Event {
    /// Event `i` of a log, checked: an `extended` event needs its new due time and who caused
    /// the delay. `at` reads the event's time (at `events[i].at`) after those checks.
    pub fn checked(
        i: usize,
        kind: EventKind,
        new_due_at: Option<NaiveDateTime>,
        caused_by: Option<CausedBy>,
        reason: Option<String>,
        at: impl FnOnce(&str) -> Result<NaiveDateTime>,
    ) -> Result<Event> {
        if kind == EventKind::Extended {
            let missing = if new_due_at.is_none() {
                Some("new_due_at")
            } else if caused_by.is_none() {
                Some("caused_by")
            } else {
                None
            };
            if let Some(f) = missing {
                return Err(Error::extension_needs(format!("events[{i}].{f}"), f));
            }
        }
        Ok(Event {
            kind,
            // The path is written only for an error (this runs for every event of every dossier).
            at: at("").map_err(|e| e.at(format!("events[{i}].at")))?,
            new_due_at,
            reason,
            caused_by,
        })
    }
}

/// A dossier read, ready to compute.
#[derive(Clone, Debug)]
pub struct ReadDossier<'a> {
    /// The record as given.
    pub input: &'a DossierInput,
    /// Its events, parsed.
    pub events: Vec<Event>,
    /// Its inline procedure, resolved.
    pub inline: Option<Procedure>,
    /// The date of the event it registers, parsed.
    pub event_date: Option<NaiveDate>,
}

impl DossierInput {
    /// Reads the record: its events, then its inline procedure.
    pub fn read(&self) -> Result<ReadDossier<'_>> {
        Ok(ReadDossier {
            input: self,
            events: self.read_events()?,
            inline: self.read_inline()?,
            event_date: self.read_event_date()?,
        })
    }

    /// The events: at most [`super::MAX_EVENTS`], each checked and its times parsed.
    pub fn read_events(&self) -> Result<Vec<Event>> {
        check_count(self.events.len())?;
        self.events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let new_due_at = e
                    .new_due_at
                    .as_deref()
                    .map(|t| {
                        parse_datetime(t, "").map_err(|e| e.at(format!("events[{i}].new_due_at")))
                    })
                    .transpose()?;
                Event::checked(i, e.kind, new_due_at, e.caused_by, e.reason.clone(), |p| {
                    parse_datetime(&e.at, p)
                })
            })
            .collect()
    }

    /// The date of the event registered.
    pub fn read_event_date(&self) -> Result<Option<NaiveDate>> {
        self.event_date
            .as_deref()
            .map(|d| parse_date(d, "event_date"))
            .transpose()
    }

    /// The inline procedure, resolved.
    pub fn read_inline(&self) -> Result<Option<Procedure>> {
        self.procedure
            .as_ref()
            .map(|p| Procedure::from_input(p, "procedure", false).map(|(_, p)| p))
            .transpose()
    }
}

impl ReadDossier<'_> {
    /// The dossier as the computation sees it.
    pub fn dossier(&self) -> Dossier<'_> {
        Dossier {
            id: self.input.id.as_deref(),
            procedure_code: self.input.procedure_code.as_deref(),
            procedure: self.inline.as_ref(),
            unit: self.input.unit.as_deref(),
            channel: self.input.channel,
            events: &self.events,
            fee: self.fee_facts(),
        }
    }

    /// What its fee depends on (the registration date is the receipt's; a dossier does not say
    /// whether the registration has a foreign element, so none is assumed).
    pub fn fee_facts(&self) -> FeeFacts {
        FeeFacts {
            registered: None,
            event: self.event_date,
            exemption: self.input.fee_exemption,
            pages: self.input.pages,
            copies: self.input.copies,
            foreign_registrants: false,
        }
    }

    /// Its deadlines and status on `cal` and `catalog`.
    pub fn compute<'s>(
        &'s self,
        cal: &Calendar,
        catalog: &'s Catalog,
        opts: Options,
    ) -> Result<Computed<'s>> {
        compute(cal, catalog, &self.dossier(), opts)
    }
}
