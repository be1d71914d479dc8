//! Which letters a dossier calls for, from its event log and its computed deadlines.
//!
//! - **receipt** (Mẫu 01) when the desk takes the dossier as complete (NĐ 61/2018 Art. 17(1)(c));
//!   again when the complete supplement restarts the period (Art. 19(4)); for a same-day
//!   procedure only on request (Art. 17(4));
//! - **supplement request** (Mẫu 02) within 3 working days of receipt (Art. 19(4)); a further one
//!   at once only where the ruleset allows it (Art. 11(2)(c) allows one);
//! - **refusal** (Mẫu 03) when the dossier is refused (Art. 17(1)(b), 19(8));
//! - **apology** (Mẫu 04) 1 working day before the due time when the agency causes a delay
//!   (Art. 19(9)), once per dossier: a re-appointment the agency caused, or a dossier at risk,
//!   overdue or returned late without one. A delay the citizen caused gets a **stop-the-clock
//!   notice** instead; a second delay is flagged for the head of the agency;
//! - **apology for an incident**, its own letter (the kind's case): for a dossier lost, misplaced
//!   or damaged (Art. 21(2)); for a wrong result as a courtesy, Art. 21(1) asking its correction;
//! - **thank-you** when the result is returned and when feedback is recorded, **congratulation**
//!   for a happy life event of the procedure (the catalog's `life_event`, among the
//!   congratulation rule's `life_events` in the data), **condolence** instead
//!   of both for a death, or for the birth of a child who has died (seed II.1.d);
//! - **early-result notice** when the result is ready before the due time: an early return must
//!   be made known beforehand (Art. 20(4)).
use chrono::NaiveDateTime;

use super::{LetterCase, LetterData, LetterKind};
use crate::calendar::Calendar;
use crate::deadline::catalog::LifeEvent;
use crate::deadline::conventions::SecondSupplement;
use crate::deadline::{CausedBy, Computed, Event, EventKind, Status, ViolationCode};
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
    /// Overrides the kind's `required` (a same-day receipt is only on request; an early return
    /// makes its notice required).
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
        Some(per_day) => cal.add_working_seconds(t, i64::from(days) * per_day, unit, "events"),
        // No office hours: whole working days, at the same time of day.
        None => Ok(cal
            .add_working_days(t.date(), i64::from(days), "events")?
            .and_time(t.time())),
    }
}

/// What an incident (NĐ 61/2018 Art. 21) was: a wrong result (`reason` `wrong_result`), else a
/// dossier lost or damaged.
fn incident_case(e: &Event) -> LetterCase {
    if e.reason.as_deref() == Some("wrong_result") {
        LetterCase::WrongResult
    } else {
        LetterCase::Lost
    }
}

/// The apology a status owes when no re-appointment has been apologised for (Art. 19(9)).
fn late_trigger(status: Status) -> Option<&'static str> {
    match status {
        Status::AtRisk => Some("apology.will_be_late"),
        Status::Overdue | Status::CompletedLate => Some("apology.overdue"),
        _ => None,
    }
}

/// A letter due when it is called for.
fn at_once(kind: LetterKind, trigger: &str, at: NaiveDateTime, event_index: Option<usize>) -> Owed {
    Owed {
        kind,
        trigger: trigger.to_owned(),
        trigger_at: at,
        send_by: at,
        required: None,
        event_index,
    }
}

/// The letters found so far while the log is read in order.
struct Selection<'a> {
    data: &'a LetterData,
    cal: &'a Calendar,
    c: &'a Computed<'a>,
    /// Why the deadline left each event out, if it did.
    refused: Vec<Option<ViolationCode>>,
    facts: Circumstances<'a>,
    owed: Vec<Owed>,
    flags: Vec<Flag>,
    /// A death, or the birth of a child who has died: condolences instead of courtesy letters.
    sad: bool,
    waiting_supplement: bool,
    /// The receipts that owe a slip, in order.
    receipts: Vec<(NaiveDateTime, usize)>,
    supplement_sent: bool,
    apology_owed: bool,
    ready: Option<(NaiveDateTime, usize)>,
    returned: Option<(NaiveDateTime, usize)>,
}

/// The letters and flags of a dossier at `as_of`. Paths are relative to the dossier.
pub fn select(
    data: &LetterData,
    cal: &Calendar,
    c: &Computed<'_>,
    events: &[Event],
    facts: Circumstances<'_>,
    as_of: NaiveDateTime,
) -> Result<(Vec<Owed>, Vec<Flag>)> {
    let mut s = Selection {
        data,
        cal,
        c,
        refused: c.refusals(events.len()),
        facts,
        owed: Vec::new(),
        flags: Vec::new(),
        sad: facts.life_event == LifeEvent::Death
            || (facts.life_event == LifeEvent::Birth && !facts.child_alive),
        waiting_supplement: false,
        receipts: Vec::new(),
        supplement_sent: false,
        apology_owed: false,
        ready: None,
        returned: None,
    };
    for (i, e) in events.iter().enumerate() {
        if e.at > as_of {
            break;
        }
        s.event(i, e)?;
    }
    s.receipt();
    s.late_apology();
    s.early_notice();
    s.courtesy()?;
    s.custom(events, as_of)?;
    let Selection {
        mut owed, flags, ..
    } = s;
    // A kind the unit switched off stays when the log made the letter required.
    owed.retain(|o| {
        !data.disabled.contains(&o.kind)
            || o.trigger.starts_with("custom.")
            || o.required == Some(true)
    });
    Ok((owed, flags))
}

impl Selection<'_> {
    /// A letter called for by the event at `at`, due within its kind's working days.
    fn after(&self, kind: LetterKind, trigger: &str, at: NaiveDateTime, i: usize) -> Result<Owed> {
        let within = self
            .data
            .rule(kind)
            .map_or(0, |r| r.send_within_working_days);
        Ok(Owed {
            send_by: after_working_days(self.cal, self.facts.unit, at, within)?,
            ..at_once(kind, trigger, at, Some(i))
        })
    }

    /// One event of the log. An event the deadline refused calls for no letter; a re-appointment
    /// refused as one too many is a matter for the head of the agency.
    fn event(&mut self, i: usize, e: &Event) -> Result<()> {
        match self.refused.get(i).copied().flatten() {
            Some(ViolationCode::SecondReappointment) => {
                self.flags.push(Flag {
                    trigger: "flag.second_delay".to_owned(),
                    at: e.at,
                    event_index: Some(i),
                });
                return Ok(());
            }
            Some(_) => return Ok(()),
            None => {}
        }
        match e.kind {
            EventKind::Received if self.receipts.is_empty() && !self.waiting_supplement => {
                self.receipts.push((e.at, i));
            }
            EventKind::SupplementRequested => self.supplement_requested(i, e)?,
            EventKind::SupplementReceived if self.waiting_supplement => {
                self.waiting_supplement = false;
                self.receipts.push((e.at, i));
            }
            EventKind::Refused => {
                self.owed.push(at_once(
                    LetterKind::Refusal,
                    "refusal.refused",
                    e.at,
                    Some(i),
                ));
            }
            EventKind::Extended => self.extended(i, e)?,
            EventKind::Paused => {
                let o = self.after(LetterKind::StopClockNotice, "stop_clock.citizen", e.at, i)?;
                self.owed.push(o);
            }
            EventKind::Incident => {
                // Art. 21(2) asks the apology for a lost dossier; Art. 21(1) only the correction
                // of a wrong result, whose apology is the plan's courtesy.
                let (trigger, required) = match incident_case(e) {
                    LetterCase::WrongResult => ("apology.wrong_result", Some(false)),
                    LetterCase::Lost => ("apology.lost", None),
                };
                self.owed.push(Owed {
                    required,
                    ..at_once(LetterKind::Apology, trigger, e.at, Some(i))
                });
            }
            EventKind::ResultReady if self.ready.is_none() => self.ready = Some((e.at, i)),
            EventKind::Returned if self.returned.is_none() => self.returned = Some((e.at, i)),
            EventKind::Feedback if !self.sad => {
                let o = self.after(LetterKind::ThankYou, "thank_you.feedback", e.at, i)?;
                self.owed.push(o);
            }
            _ => {}
        }
        Ok(())
    }

    /// The first request gets Mẫu 02, due within the regime's working days of the receipt
    /// (NĐ 61/2018 Art. 19(4)). Where it restarts the period, the complete dossier owes a new
    /// receipt slip with the new appointment, and the first receipt keeps its slip when the
    /// request came after it: the appraisal found wanting a dossier the desk had taken as
    /// complete (Art. 17(1)(c), 18, 19(4)). A request at the receipt's own moment is the desk's
    /// check at reception, whose Mẫu 02 stands instead of a receipt slip (Art. 17(1)(a)). Where
    /// the procedure's supplement only stops the clock (`supplement = "pause"`), the deadline
    /// runs on from the first receipt, whose slip stands, and no other is owed. A further request
    /// gets its own slip at once where the ruleset allows one (`second_supplement = allowed`);
    /// otherwise the deadline reports it as a violation.
    fn supplement_requested(&mut self, i: usize, e: &Event) -> Result<()> {
        let later = self.supplement_sent;
        let again = self.c.conventions.second_supplement == SecondSupplement::Allowed;
        let restarts = self.c.procedure.supplement_restarts();
        let kind = LetterKind::SupplementRequest;
        match (self.waiting_supplement, later) {
            (false, false) => {
                self.supplement_sent = true;
                let unit = self.facts.unit;
                let start = self.cal.clock_start(self.c.received_at, unit, "events")?;
                let within = self
                    .data
                    .rule(kind)
                    .map_or(0, |r| r.send_within_working_days);
                self.owed.push(Owed {
                    send_by: after_working_days(self.cal, unit, start, within)?,
                    ..at_once(kind, "supplement.requested", e.at, Some(i))
                });
                let at_reception = self.receipts.last().is_some_and(|&(at, _)| at == e.at);
                if restarts && at_reception {
                    self.receipts.pop();
                }
            }
            (false, true) if again => {
                let trigger = "supplement.requested_again";
                self.owed.push(at_once(kind, trigger, e.at, Some(i)));
            }
            _ => {}
        }
        self.waiting_supplement = restarts;
        Ok(())
    }

    /// The re-appointment the deadline accepted (the regime's `max_reappointments`) owes an
    /// apology when the agency caused it, a stop-the-clock notice otherwise.
    fn extended(&mut self, i: usize, e: &Event) -> Result<()> {
        if e.caused() == CausedBy::Agency {
            self.apology_owed = true;
            self.owed.push(Owed {
                send_by: self.c.apology_send_by(),
                ..at_once(LetterKind::Apology, "apology.reappointment", e.at, Some(i))
            });
        } else {
            let o = self.after(LetterKind::StopClockNotice, "stop_clock.citizen", e.at, i)?;
            self.owed.push(o);
        }
        Ok(())
    }

    /// The receipt slips, first; on request only for a same-day matter.
    fn receipt(&mut self) {
        let same_day = self.facts.same_day;
        let trigger = if same_day {
            "receipt.same_day_on_request"
        } else {
            "receipt.complete"
        };
        let slips = self.receipts.iter().map(|&(at, i)| Owed {
            required: same_day.then_some(false),
            ..at_once(LetterKind::Receipt, trigger, at, Some(i))
        });
        self.owed.splice(0..0, slips);
    }

    /// A delay the agency caused without an apology yet still owes the one apology (NĐ 61/2018
    /// Art. 19(9)), also after a re-appointment the citizen caused.
    fn late_apology(&mut self) {
        if self.apology_owed {
            return;
        }
        let Some(trigger) = late_trigger(self.c.status) else {
            return;
        };
        let by = self.c.apology_send_by();
        self.owed
            .push(at_once(LetterKind::Apology, trigger, by, None));
    }

    /// A result ready before the due time may be handed over early, which the desk must make
    /// known to the applicant beforehand (NĐ 61/2018 Art. 20(4)). While it is not returned the
    /// notice is owed by the due time, the last moment a return is early, and not required (an
    /// early return is encouraged, not due); once returned early it was required by the time of
    /// the return. A result handed over as it was ready, or not before the due time, calls for
    /// none, nor does a same-day matter's: its result is given with no appointment unless one is
    /// asked for (Art. 17(4)), nor a dossier refused or withdrawn after its result was ready.
    /// "Thời hạn quy định" is the time the deadline judges the result against
    /// (`judged_against_at`, which the agency's own re-appointment does not move under
    /// `reappointment_counts_late`: a result ready after it is late, not early), or the
    /// appointment on the slip when that is sooner (a commune's commitment).
    fn early_notice(&mut self) {
        if self.facts.same_day || matches!(self.c.status, Status::Refused | Status::Withdrawn) {
            return;
        }
        let Some((at, i)) = self.ready else {
            return;
        };
        let due = self.c.judged_against_at.min(self.c.due_at);
        let (send_by, required) = match self.returned {
            Some((r, _)) if at < r && r < due => (r, Some(true)),
            Some(_) => return,
            None if at < due && self.c.as_of < due => (due, None),
            None => return,
        };
        let kind = LetterKind::EarlyResultNotice;
        self.owed.push(Owed {
            send_by,
            required,
            ..at_once(kind, "result.ready_early", at, Some(i))
        });
    }

    /// On return: condolences, or thanks and congratulations for a happy life event.
    fn courtesy(&mut self) -> Result<()> {
        let Some((at, i)) = self.returned else {
            return Ok(());
        };
        let mut kinds = Vec::new();
        if self.sad {
            kinds.push((LetterKind::Condolence, "condolence.death"));
        } else {
            kinds.push((LetterKind::ThankYou, "thank_you.returned"));
            let happy = self
                .data
                .rule(LetterKind::Congratulation)
                .and_then(|r| r.life_events.as_deref())
                .is_some_and(|events| events.contains(&self.facts.life_event));
            if happy {
                kinds.push((LetterKind::Congratulation, "congratulation.life_event"));
            }
        }
        for (kind, trigger) in kinds {
            let o = self.after(kind, trigger, at, i)?;
            self.owed.push(o);
        }
        Ok(())
    }

    /// The unit's own courtesy letters, on each event they name that the deadline did not refuse.
    fn custom(&mut self, events: &[Event], as_of: NaiveDateTime) -> Result<()> {
        for custom in &self.data.custom {
            if custom.online_only == Some(true) && !self.facts.online {
                continue;
            }
            for (i, e) in events.iter().enumerate() {
                let refused = self.refused.get(i).copied().flatten().is_some();
                if e.at > as_of || e.kind != custom.on || refused {
                    continue;
                }
                let days = custom.send_within_working_days;
                self.owed.push(Owed {
                    kind: custom.kind,
                    trigger: format!("custom.{}", custom.code),
                    trigger_at: e.at,
                    send_by: after_working_days(self.cal, self.facts.unit, e.at, days)?,
                    required: Some(false),
                    event_index: Some(i),
                });
            }
        }
        Ok(())
    }
}
