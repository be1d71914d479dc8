//! Which letters a dossier calls for, from its event log and its computed deadlines.
//!
//! - **receipt** (Mẫu 01) when the complete dossier is received (NĐ 61/2018 Art. 17(3)); for a
//!   same-day procedure only on request (Art. 17(5));
//! - **supplement request** (Mẫu 02) within 3 working days of receipt (Art. 19(4));
//! - **refusal** (Mẫu 03) when the dossier is refused (Art. 17(2), 19(8));
//! - **apology** (Mẫu 04) 1 working day before the due time when the agency causes a delay
//!   (Art. 19(9)), once per dossier: a re-appointment the agency caused, or a dossier at risk,
//!   overdue or returned late without one; and when a dossier was lost or a result was wrong
//!   through staff fault (Art. 21). A delay the citizen caused gets a **stop-the-clock notice**
//!   instead; a second delay is flagged for the head of the agency;
//! - **thank-you** when the result is returned and when feedback is recorded, **congratulation**
//!   for a happy life event of the procedure (the catalog's `life_event`), **condolence** instead
//!   of both for a death, or for the birth of a child who has died (seed II.1.d).
use chrono::NaiveDateTime;

use super::{LetterData, LetterKind};
use crate::calendar::Calendar;
use crate::deadline::catalog::LifeEvent;
use crate::deadline::{CausedBy, Computed, Event, EventKind, Status};
use crate::error::Result;

/// A letter the dossier calls for.
#[derive(Clone, Debug, PartialEq)]
pub struct Owed {
    /// Kind.
    pub kind: LetterKind,
    /// Why (a trigger code of the data).
    pub trigger: String,
    /// The moment that called for it.
    pub trigger_at: NaiveDateTime,
    /// The time by which it must go out.
    pub send_by: NaiveDateTime,
    /// Overrides the kind's `required` (a same-day receipt is only on request).
    pub required: Option<bool>,
    /// Index of the event that called for it.
    pub event_index: Option<usize>,
}

/// A matter for a person rather than a letter.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    /// Trigger code.
    pub trigger: String,
    /// When.
    pub at: NaiveDateTime,
    /// Event index.
    pub event_index: Option<usize>,
}

/// What is known of the dossier besides its log.
#[derive(Clone, Copy, Debug)]
pub struct Circumstances<'a> {
    /// Office hours unit.
    pub unit: Option<&'a str>,
    /// The procedure's life event.
    pub life_event: LifeEvent,
    /// Whether the procedure is a same-day one.
    pub same_day: bool,
    /// False for the birth registration of a child who has died.
    pub child_alive: bool,
    /// Received through the portal.
    pub online: bool,
}

fn after_working_days(
    cal: &Calendar,
    unit: Option<&str>,
    t: NaiveDateTime,
    days: u32,
) -> Result<NaiveDateTime> {
    if days == 0 {
        return Ok(t);
    }
    match cal.day_seconds(unit, t.date()) {
        Some(per_day) => {
            cal.add_working_seconds(t, i64::from(days) * per_day, unit, "dossier.events")
        }
        // No office hours: whole working days, at the same time of day.
        None => Ok(cal
            .add_working_days(t.date(), i64::from(days), "dossier.events")?
            .and_time(t.time())),
    }
}

/// The letters and flags of a dossier at `as_of`.
pub fn select(
    data: &LetterData,
    cal: &Calendar,
    c: &Computed<'_>,
    events: &[Event],
    facts: Circumstances<'_>,
    as_of: NaiveDateTime,
) -> Result<(Vec<Owed>, Vec<Flag>)> {
    let mut owed: Vec<Owed> = Vec::new();
    let mut flags = Vec::new();
    let within = |kind: LetterKind| data.rule(kind).map_or(0, |r| r.send_within_working_days);
    // A letter called for by the event at `at`, due within its kind's working days.
    let after = |kind: LetterKind, trigger: &str, at: NaiveDateTime, i: usize| -> Result<Owed> {
        Ok(Owed {
            kind,
            trigger: trigger.to_owned(),
            trigger_at: at,
            send_by: after_working_days(cal, facts.unit, at, within(kind))?,
            required: None,
            event_index: Some(i),
        })
    };
    let sad = facts.life_event == LifeEvent::Death
        || (facts.life_event == LifeEvent::Birth && !facts.child_alive);
    let mut waiting_supplement = false;
    let mut receipt_at: Option<(NaiveDateTime, usize)> = None;
    let mut supplement_sent = false;
    let mut extensions = 0;
    let mut apology_owed = false;
    let mut returned: Option<(NaiveDateTime, usize)> = None;

    for (i, e) in events.iter().enumerate() {
        if e.at > as_of {
            break;
        }
        match e.kind {
            EventKind::Received if receipt_at.is_none() && !waiting_supplement => {
                receipt_at = Some((e.at, i));
            }
            EventKind::SupplementRequested => {
                // The first receipt was of an incomplete dossier: its slip is Mẫu 02, and the
                // receipt slip waits for the complete dossier.
                if !waiting_supplement && !supplement_sent {
                    supplement_sent = true;
                    let received = c.received_at;
                    let start = cal.clock_start(received, facts.unit, "dossier.events")?;
                    owed.push(Owed {
                        kind: LetterKind::SupplementRequest,
                        trigger: "supplement.requested".to_owned(),
                        trigger_at: e.at,
                        send_by: after_working_days(
                            cal,
                            facts.unit,
                            start,
                            within(LetterKind::SupplementRequest),
                        )?,
                        required: None,
                        event_index: Some(i),
                    });
                }
                waiting_supplement = true;
                receipt_at = None;
            }
            EventKind::SupplementReceived if waiting_supplement => {
                waiting_supplement = false;
                receipt_at = Some((e.at, i));
            }
            EventKind::Refused => owed.push(Owed {
                kind: LetterKind::Refusal,
                trigger: "refusal.refused".to_owned(),
                trigger_at: e.at,
                send_by: e.at,
                required: None,
                event_index: Some(i),
            }),
            EventKind::Extended => {
                extensions += 1;
                let caused = e.caused_by.unwrap_or(CausedBy::Agency);
                if extensions > 1 {
                    flags.push(Flag {
                        trigger: "flag.second_delay".to_owned(),
                        at: e.at,
                        event_index: Some(i),
                    });
                } else if caused == CausedBy::Agency {
                    apology_owed = true;
                    owed.push(Owed {
                        kind: LetterKind::Apology,
                        trigger: "apology.reappointment".to_owned(),
                        trigger_at: e.at,
                        send_by: c.apology_due_by,
                        required: None,
                        event_index: Some(i),
                    });
                } else {
                    owed.push(after(
                        LetterKind::StopClockNotice,
                        "stop_clock.citizen",
                        e.at,
                        i,
                    )?);
                }
            }
            EventKind::Paused => {
                owed.push(after(
                    LetterKind::StopClockNotice,
                    "stop_clock.citizen",
                    e.at,
                    i,
                )?);
            }
            EventKind::Incident => {
                let trigger = if e.reason.as_deref() == Some("wrong_result") {
                    "apology.wrong_result"
                } else {
                    "apology.lost"
                };
                owed.push(Owed {
                    kind: LetterKind::Apology,
                    trigger: trigger.to_owned(),
                    trigger_at: e.at,
                    send_by: e.at,
                    required: None,
                    event_index: Some(i),
                });
            }
            EventKind::Returned if returned.is_none() => returned = Some((e.at, i)),
            EventKind::Feedback if !sad => {
                owed.push(after(LetterKind::ThankYou, "thank_you.feedback", e.at, i)?);
            }
            _ => {}
        }
    }
    if let Some((at, i)) = receipt_at {
        owed.insert(
            0,
            Owed {
                kind: LetterKind::Receipt,
                trigger: if facts.same_day {
                    "receipt.same_day_on_request"
                } else {
                    "receipt.complete"
                }
                .to_owned(),
                trigger_at: at,
                send_by: at,
                required: facts.same_day.then_some(false),
                event_index: Some(i),
            },
        );
    }
    // A delay the agency caused without a re-appointment still owes the one apology.
    if !apology_owed && extensions == 0 {
        let trigger = match c.status {
            Status::AtRisk => Some("apology.will_be_late"),
            Status::Overdue | Status::CompletedLate => Some("apology.overdue"),
            _ => None,
        };
        if let Some(trigger) = trigger {
            owed.push(Owed {
                kind: LetterKind::Apology,
                trigger: trigger.to_owned(),
                trigger_at: c.apology_due_by,
                send_by: c.apology_due_by,
                required: None,
                event_index: None,
            });
        }
    }
    if let Some((at, i)) = returned {
        let mut courtesy = |kind, trigger: &str| -> Result<()> {
            owed.push(after(kind, trigger, at, i)?);
            Ok(())
        };
        if sad {
            courtesy(LetterKind::Condolence, "condolence.death")?;
        } else {
            courtesy(LetterKind::ThankYou, "thank_you.returned")?;
            if matches!(
                facts.life_event,
                LifeEvent::Birth | LifeEvent::Marriage | LifeEvent::Business
            ) {
                courtesy(LetterKind::Congratulation, "congratulation.life_event")?;
            }
        }
    }
    for custom in &data.custom {
        if custom.online_only == Some(true) && !facts.online {
            continue;
        }
        for (i, e) in events.iter().enumerate() {
            if e.at > as_of || e.kind != custom.on {
                continue;
            }
            owed.push(Owed {
                kind: custom.kind,
                trigger: format!("custom.{}", custom.code),
                trigger_at: e.at,
                send_by: after_working_days(
                    cal,
                    facts.unit,
                    e.at,
                    custom.send_within_working_days,
                )?,
                required: Some(false),
                event_index: Some(i),
            });
        }
    }
    owed.retain(|o| !data.disabled.contains(&o.kind) || o.trigger.starts_with("custom."));
    Ok((owed, flags))
}
