//! A case as the caller sends it (`case` of `grievance.compute`) and its reading: dates parsed,
//! the log starting with its receipt and in order, extensions within what the law could ever
//! allow.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::time::parse_moment_or_day;

/// Events a case may hold.
pub const MAX_EVENTS: usize = 200;

/// Kind of case.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Kind {
    /// Khiếu nại (Luật Khiếu nại 2011).
    Complaint,
    /// Tố cáo (Luật Tố cáo 2018).
    Denunciation,
    /// Kiến nghị, phản ánh (NĐ 20/2008 on administrative regulations).
    Petition,
}

impl Kind {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Denunciation => "denunciation",
            Kind::Petition => "petition",
        }
    }
}

/// How complex the case was decided to be (in writing: NĐ 31/2019 Art. 3; NĐ 155/2026 Art. 3a).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Complexity {
    /// Not complex.
    #[default]
    Normal,
    /// Complex (one criterion).
    Complex,
    /// Especially complex (two or more; denunciations).
    EspeciallyComplex,
}

/// What happened to a case.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum GrievanceEventKind {
    /// Received (the first event).
    Received,
    /// Sent on to the competent body, with the guidance given.
    Transferred,
    /// Accepted for resolution (thụ lý).
    Accepted,
    /// Not accepted, with the reason.
    Refused,
    /// Resolution extended (`days`).
    Extended,
    /// Resolution suspended (tạm đình chỉ).
    Suspended,
    /// Resolution resumed.
    Resumed,
    /// Decision (complaints) or conclusion (denunciations) issued.
    Decided,
    /// Decision or conclusion sent.
    DecisionSent,
    /// Withdrawn by the complainant or denouncer.
    Withdrawn,
}

/// One event of a case's log.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GrievanceEventInput {
    /// What happened.
    #[serde(rename = "type")]
    pub kind: GrievanceEventKind,
    /// When: `YYYY-MM-DD` or a date-time (Vietnam time).
    #[cfg_attr(feature = "schema", schemars(with = "crate::time::text::DateOrMoment"))]
    pub at: String,
    /// Days added (`extended`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    /// Reason or guidance, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A case.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseInput {
    /// The unit's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Complaint, denunciation or petition.
    pub kind: Kind,
    /// 1 (default) or 2: a second complaint (khiếu nại lần hai).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<u8>,
    /// In a remote or difficult area (vùng sâu, vùng xa đi lại khó khăn).
    #[serde(default)]
    pub remote_area: bool,
    /// As decided in writing.
    #[serde(default)]
    pub complexity: Complexity,
    /// Several places must be checked before accepting, or the checking is delegated to a
    /// competent body: either ground of Luật Tố cáo 2018 Art. 24(1) allows 10 working days.
    #[serde(default)]
    pub several_places: bool,
    /// When the complainant received or learned of the decision or act (first complaint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_known_on: Option<String>,
    /// When the first decision was received, or the first period ended unresolved (second
    /// complaint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_result_on: Option<String>,
    /// Days lost to illness, disaster, far work or study or another objective obstacle, not
    /// counted in the limitation period (Luật Khiếu nại Art. 9).
    #[serde(default)]
    pub obstacle_days: u32,
    /// The log, receipt first.
    pub events: Vec<GrievanceEventInput>,
}

/// An event read.
#[derive(Clone, Copy, Debug)]
pub struct Event {
    pub kind: GrievanceEventKind,
    pub on: NaiveDate,
    pub days: Option<u32>,
    /// Its index in the log (for paths).
    pub index: usize,
}

/// A case read.
#[derive(Clone, Debug)]
pub struct Case {
    pub kind: Kind,
    pub instance: u8,
    pub remote: bool,
    pub complexity: Complexity,
    pub several_places: bool,
    pub decision_known: Option<NaiveDate>,
    pub first_result: Option<NaiveDate>,
    pub obstacle_days: u32,
    pub received: NaiveDate,
    pub events: Vec<Event>,
}

impl Case {
    /// The first event of `kind`.
    pub fn first(&self, kind: GrievanceEventKind) -> Option<&Event> {
        self.events.iter().find(|e| e.kind == kind)
    }

    /// Every event of `kind`, in order.
    pub fn all(&self, kind: GrievanceEventKind) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.kind == kind)
    }
}

fn date(text: &Option<String>, path: &str) -> Result<Option<NaiveDate>> {
    text.as_deref()
        .map(|t| parse_moment_or_day(t, path).map(|t| t.date()))
        .transpose()
}

/// Reads a case: paths relative to it.
pub fn read(c: &CaseInput) -> Result<Case> {
    let instance = c.instance.unwrap_or(1);
    if !(instance == 1 || instance == 2 && c.kind == Kind::Complaint) {
        return Err(Error::grievance_instance(
            "instance",
            instance,
            c.kind.as_str(),
        ));
    }
    if c.events.len() > MAX_EVENTS {
        return Err(Error::too_many_events("events", c.events.len(), MAX_EVENTS));
    }
    let mut events = Vec::with_capacity(c.events.len());
    for (i, e) in c.events.iter().enumerate() {
        let path = format!("events[{i}].at");
        let on = parse_moment_or_day(&e.at, &path)?.date();
        if let Some(last) = events.last().map(|l: &Event| l.on)
            && on < last
        {
            return Err(Error::events_out_of_order(
                path,
                &e.at,
                &crate::time::format_date(last),
            ));
        }
        if e.kind == GrievanceEventKind::Extended && e.days.is_none_or(|d| d == 0) {
            return Err(Error::extension_needs(format!("events[{i}]"), "days"));
        }
        events.push(Event {
            kind: e.kind,
            on,
            days: e.days,
            index: i,
        });
    }
    let received = match events.first() {
        Some(e) if e.kind == GrievanceEventKind::Received => e.on,
        _ => return Err(Error::missing_received("events")),
    };
    Ok(Case {
        kind: c.kind,
        instance,
        remote: c.remote_area,
        complexity: c.complexity,
        several_places: c.several_places,
        decision_known: date(&c.decision_known_on, "decision_known_on")?,
        first_result: date(&c.first_result_on, "first_result_on")?,
        obstacle_days: c.obstacle_days,
        received,
        events,
    })
}
