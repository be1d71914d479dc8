//! How one dossier is counted in the year's figures: received by month and procedure, early /
//! on time / late by the month of its result, carried over into the year, open, refused or
//! withdrawn at the end of the year, the letters whose trigger falls in it and the TT 01/2018
//! indicator sums.
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::state::{Context, MAX_NAME_CHARS, OTHER_PROCEDURES, ProcedureCounts, ReportState};
use crate::deadline::catalog::{ProcessingTime, TimeUnit};
use crate::deadline::{
    Computed, DossierInput, Event, EventKind, Options, ReadDossier, Status, time_words,
};
use crate::error::{Error, Result};
use crate::evaluation::ExtraInput;
use crate::evaluation::Sums;
use crate::evaluation::dossier::scores_only;
use crate::evaluation::unit::add_scores;
use crate::letters::LetterKind;
use crate::letters::context::circumstances;
use crate::letters::select::{Owed, select};

/// Counts one dossier of the unit in the state (line `line`): a dossier of another unit is
/// counted `other_unit` and given back as an error; one whose deadline, letters or scores cannot
/// be worked out is given back with its error and in no figure (whatever can fail is worked out
/// before anything is counted); one neither received, nor with a result ready, nor carried over
/// in the year is counted `outside_year`.
pub(super) fn add(
    state: &mut ReportState,
    ctx: &Context<'_>,
    d: &DossierInput,
    extra: &ExtraInput,
    line: u64,
) -> Result<()> {
    let year_end = NaiveDate::from_ymd_opt(state.year, 12, 31).unwrap_or_default();
    if d.unit
        .as_deref()
        .is_some_and(|u| !ctx.letters.units().counts_for(u, &state.unit, year_end))
    {
        state.other_unit += 1;
        let other = d.unit.as_deref().unwrap_or_default();
        return Err(Error::other_unit("dossier.unit".into(), other, &state.unit));
    }
    let year = state.year;
    let read = d.read().map_err(|e| e.within("dossier"))?;
    let c = compute(ctx, &read, None)?;
    // The figures take the dossier as it stood at the year's end when a closing after it would
    // hide a result ready in it; its letters and scores are those of its whole log.
    let seen = result_hidden_after(&c, year)
        .then(|| at_year_end(ctx, &read, year_end))
        .transpose()?;
    let fig = seen.as_ref().unwrap_or(&c);
    let in_year = |x: NaiveDate| x.year() == year;
    let received_in = in_year(fig.received_at.date());
    let completed = fig.completed_at.map(|t| t.date());
    let carried = carried_over(fig, year);
    if !received_in && !completed.is_some_and(in_year) && !carried {
        state.outside_year += 1;
        return Ok(());
    }
    let open_end = open_at_year_end(&c, year_end)
        .then(|| at_year_end(ctx, &read, year_end))
        .transpose()?;
    let closing = closing(ctx, &read, (fig, open_end.as_ref()), year_end)?;
    let owed = owed_letters(ctx, &read, open_end.as_ref().unwrap_or(&c))?;
    // TT 01/2018: the dossier counts in the year of its result, or of its receipt when it has none.
    let scored = completed.map_or(received_in, in_year);
    let scores = scored
        .then(|| scores(ctx, (&read, &c), d, extra))
        .transpose()?;
    state.counted += 1;
    state.carried_over += u64::from(carried);
    count_times(state, ctx, fig, (d.unit.as_deref(), carried, closing), line);
    count_outcome(state, closing, carried);
    count_letters(state, ctx, &read.events, &owed);
    if let Some(sums) = scores {
        count_scores(state, sums);
    }
    Ok(())
}

/// The TT 01/2018 indicator sums of one dossier, as `evaluation.dossier` scores it.
fn scores(
    ctx: &Context<'_>,
    (read, c): (&ReadDossier<'_>, &Computed<'_>),
    d: &DossierInput,
    extra: &ExtraInput,
) -> Result<Sums> {
    let e = scores_only(ctx.rules, c, &read.events, d, extra)?;
    let mut sums = Sums::new();
    add_scores(&mut sums, &e.indicators, None);
    Ok(sums)
}

fn count_scores(state: &mut ReportState, sums: Sums) {
    for (n, (sum, count)) in sums {
        if let Some(slot) = state.indicator_sums.get_mut(usize::from(n)) {
            slot[0] += sum;
            slot[1] += count;
        }
    }
}

/// The dossier's deadlines and status as of its last event, or as of `as_of`.
fn compute<'r>(
    ctx: &Context<'r>,
    read: &'r ReadDossier<'_>,
    as_of: Option<NaiveDateTime>,
) -> Result<Computed<'r>> {
    let opts = Options {
        as_of,
        ..Options::default()
    };
    read.compute(ctx.cal, ctx.catalog, opts)
        .map_err(|e| e.within("dossier"))
}

/// A result ready in the year, then a refusal or withdrawal after it: the closing gives the
/// dossier its status and would hide the result from the year's figures.
fn result_hidden_after(c: &Computed<'_>, year: i32) -> bool {
    c.completed_at.is_some_and(|t| t.year() == year) && c.closed_at.is_some_and(|t| t.year() > year)
}

/// The dossier as it stood at the end of the year: computed as of its last second, the log's
/// later events left out (a time is to the second, so none falls after it in the year).
fn at_year_end<'r>(
    ctx: &Context<'r>,
    read: &'r ReadDossier<'_>,
    year_end: NaiveDate,
) -> Result<Computed<'r>> {
    compute(ctx, read, Some(NaiveDateTime::new(year_end, LAST_SECOND)))
}

/// A log that ends before the year does with the dossier open: its letters are those owed by
/// the year's last second, when an open dossier past its due time owes the delay's apology (NĐ
/// 61/2018 Art. 19(9); the seed plan II.1.d: "Thư xin lỗi" when not resolved on time), as the
/// report counts it overdue.
fn open_at_year_end(c: &Computed<'_>, year_end: NaiveDate) -> bool {
    c.completed_at.is_none()
        && c.closed_at.is_none()
        && c.as_of < NaiveDateTime::new(year_end, LAST_SECOND)
}

/// Carried over into `year` (kỳ trước chuyển qua): received before it, with neither a result
/// nor a refusal or withdrawal before 1 January.
fn carried_over(c: &Computed<'_>, year: i32) -> bool {
    let before = |t: Option<NaiveDateTime>| t.is_some_and(|t| t.year() < year);
    before(Some(c.received_at)) && !before(c.completed_at) && !before(c.closed_at)
}

/// The year's last second, as of which an open dossier is judged past its due time or not.
const LAST_SECOND: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// Where a dossier counted in the year stands on 31 December, beside a result ready by then.
#[derive(Clone, Copy)]
enum Closing {
    /// A result ready by the year's end (counted by the status its log ends with), or a closing
    /// before the year.
    Settled,
    /// Refused in the year.
    Refused,
    /// Withdrawn in the year.
    Withdrawn,
    /// Neither a result nor a refusal or withdrawal by the year's end; `overdue` when
    /// `deadline.compute` as of the year's last second gives it past its due time.
    Open { overdue: bool },
}

impl Closing {
    /// Refused, withdrawn, open and open past due: one of the first three is 1 (and the fourth
    /// with an open dossier past due), none for a settled dossier.
    fn counts(self) -> [u64; 4] {
        match self {
            Closing::Settled => [0, 0, 0, 0],
            Closing::Refused => [1, 0, 0, 0],
            Closing::Withdrawn => [0, 1, 0, 0],
            Closing::Open { overdue } => [0, 0, 1, u64::from(overdue)],
        }
    }
}

/// Open, refused or withdrawn on 31 December, as `deadline.compute` as of the year's end says:
/// refused or withdrawn in the year; open when neither a result nor a refusal or withdrawal came
/// by the year's end, and then overdue or not by its status as of the year's last second (`at_end`
/// when the caller has it, else the dossier computed a second time, the log's later events left
/// out).
fn closing(
    ctx: &Context<'_>,
    read: &ReadDossier<'_>,
    (c, at_end): (&Computed<'_>, Option<&Computed<'_>>),
    year_end: NaiveDate,
) -> Result<Closing> {
    let by_year_end = |t: &NaiveDateTime| t.date() <= year_end;
    Ok(match c.closed_at.filter(by_year_end) {
        Some(t) if t.year() < year_end.year() => Closing::Settled,
        Some(_) if c.status == Status::Refused => Closing::Refused,
        Some(_) => Closing::Withdrawn,
        None if c.completed_at.is_some_and(|t| by_year_end(&t)) => Closing::Settled,
        None => Closing::Open {
            overdue: match at_end {
                Some(e) => e.status == Status::Overdue,
                None => at_year_end(ctx, read, year_end)?.status == Status::Overdue,
            },
        },
    })
}

/// Refused, withdrawn, open (`carried_over_open` for a dossier carried over into the year), and
/// of the open, overdue.
fn count_outcome(state: &mut ReportState, closing: Closing, carried: bool) {
    let [refused, withdrawn, open, overdue] = closing.counts();
    state.refused += refused;
    state.withdrawn += withdrawn;
    let open_of_its_kind = if carried {
        &mut state.carried_over_open
    } else {
        &mut state.open
    };
    *open_of_its_kind += open;
    state.open_overdue += overdue;
}

/// Received by month and procedure, carried over, open, refused and withdrawn by procedure;
/// early, on time or late by the month of the result; the working days taken.
fn count_times(
    state: &mut ReportState,
    ctx: &Context<'_>,
    c: &Computed<'_>,
    (unit, carried, closing): (Option<&str>, bool, Closing),
    line: u64,
) {
    let year = state.year;
    let received = c.received_at.date();
    let completed = c.completed_at.map(|t| t.date());
    let day_seconds = ctx
        .cal
        .day_seconds(unit, received)
        .and_then(|s| u32::try_from(s).ok());
    let day_minutes = day_seconds.map_or(0.0, |s| f64::from(s) / 60.0);
    let p = c.procedure;
    let own = state.own_row(&p.code);
    let key = if own {
        p.code.as_str()
    } else {
        OTHER_PROCEDURES
    };
    let entry = state.procedures.entry(key.to_owned()).or_insert_with(|| {
        if !own {
            return ProcedureCounts::other(line);
        }
        ProcedureCounts {
            name_vi: p.name_vi.chars().take(MAX_NAME_CHARS).collect(),
            statutory_working_days: working_days(p.processing_time, day_minutes),
            statutory_text: time_words(p.processing_time).0,
            committed_working_days: p.committed_time.and_then(|t| working_days(t, day_minutes)),
            committed_text: p.committed_time.map(|t| time_words(t).0),
            first_line: line,
            ..ProcedureCounts::default()
        }
    });
    entry.carried_over += u64::from(carried);
    let closed = [
        &mut entry.refused,
        &mut entry.withdrawn,
        &mut entry.open,
        &mut entry.open_overdue,
    ];
    for (counter, n) in closed.into_iter().zip(closing.counts()) {
        *counter += n;
    }
    let month = |x: NaiveDate| usize::try_from(x.month0()).unwrap_or(0);
    if received.year() == year {
        entry.received += 1;
        if let Some(m) = state.months.get_mut(month(received)) {
            m.received += 1;
        }
    }
    let Some(done) = completed.filter(|d| d.year() == year) else {
        return;
    };
    let (early, on_time, late) = match c.status {
        Status::CompletedEarly => (1, 0, 0),
        Status::CompletedOnTime => (0, 1, 0),
        Status::CompletedLate => (0, 0, 1),
        _ => (0, 0, 0),
    };
    if let Some(m) = state.months.get_mut(month(done)) {
        m.early += early;
        m.on_time += on_time;
        m.late += late;
    }
    entry.early += early;
    entry.on_time += on_time;
    entry.late += late;
    if early + on_time + late == 0 {
        return;
    }
    entry.commitment_kept += u64::from(c.commitment_met == Some(true));
    if let Some(s) = day_seconds {
        entry.add_minutes(s, u64::try_from(c.elapsed_working_minutes).unwrap_or(0));
    }
}

/// The letters the dossier's whole log owes, as `letters.select` gives them.
fn owed_letters(ctx: &Context<'_>, read: &ReadDossier<'_>, c: &Computed<'_>) -> Result<Vec<Owed>> {
    let facts = circumstances(read, c);
    let (owed, _) = select(ctx.letters, ctx.cal, c, &read.events, facts, c.as_of)
        .map_err(|e| e.within("dossier"))?;
    Ok(owed)
}

/// The letters whose trigger falls in the year: the delay's apologies owed and issued on time or
/// late, the incidents' apologies, the courtesy letters.
fn count_letters(state: &mut ReportState, ctx: &Context<'_>, events: &[Event], owed: &[Owed]) {
    for o in owed.iter().filter(|o| o.trigger_at.year() == state.year) {
        match o.kind {
            LetterKind::Apology if ctx.letters.case_of(&o.trigger).is_some() => {
                state.incident_apologies += 1;
            }
            LetterKind::Apology => {
                state.apologies_owed += 1;
                let issued = o
                    .event_index
                    .and_then(|i| events.get(i))
                    .filter(|e| e.kind == EventKind::Extended);
                match issued {
                    Some(e) if e.at <= o.send_by => state.apologies_sent_on_time += 1,
                    Some(_) => state.apologies_sent_late += 1,
                    None => {}
                }
            }
            LetterKind::ThankYou => state.thank_you += 1,
            LetterKind::Congratulation => state.congratulation += 1,
            LetterKind::Condolence => state.condolence += 1,
            _ => {}
        }
    }
}

fn working_days(t: ProcessingTime, day_minutes: f64) -> Option<f64> {
    match t.unit {
        TimeUnit::WorkingDays => Some(t.amount),
        TimeUnit::WorkingHours => (day_minutes > 0.0).then(|| t.amount * 60.0 / day_minutes),
        TimeUnit::SameDay => Some(1.0),
        TimeUnit::CalendarDays => None,
    }
}
