//! Counters of lines counted apart made one: [`ReportState::merge`], so that the halves of a file
//! counted on two cores give the counts of one pass.
use std::collections::BTreeMap;

use super::state::{MAX_PROCEDURES, MonthCounts, OTHER_PROCEDURES, ProcedureCounts, ReportState};
use crate::error::{Error, Result};

impl ReportState {
    /// Adds `later`, the counters of lines that all come after this state's, as counting them
    /// after this state's lines would: counters add, the error samples are the first by line of
    /// both, and the later procedures join in the order they were
    /// first met, under the same [`MAX_PROCEDURES`], their office minutes adding by length of
    /// the office day. So halves of a file counted apart (on two cores) give the state of one
    /// pass, to the last bit of each `working_days_sum` (worked out from the minutes); a row
    /// without minutes (only an edited state has one: a state from before `working_minutes` is
    /// refused for its `state_version`) adds its sum as it is. Both states are to have
    /// passed [`ReportState::check`], which settles each sum from its minutes (`report.merge`
    /// checks them).
    ///
    /// Refused: a state of another unit or year, and a later state that already counted some
    /// procedures together under [`OTHER_PROCEDURES`] (which of them this state counts one by
    /// one is lost; count fewer lines into it). A row without its first line (`first_line` 0,
    /// only in an edited state now) joins in the order of its codes.
    pub fn merge(&mut self, later: ReportState, path: &str) -> Result<()> {
        if later.unit != self.unit || later.year != self.year {
            return Err(Error::report_states_differ(path, &self.unit, self.year));
        }
        if later.procedures.contains_key(OTHER_PROCEDURES) {
            return Err(Error::report_state_not_mergeable(path, MAX_PROCEDURES));
        }
        let ReportState {
            state_version: _,
            unit: _,
            year: _,
            records,
            counted,
            months,
            procedures,
            open,
            refused,
            withdrawn,
            carried_over,
            carried_over_open,
            open_overdue,
            apologies_owed,
            apologies_sent_on_time,
            apologies_sent_late,
            incident_apologies,
            thank_you,
            congratulation,
            condolence,
            indicator_sums,
            errors,
            error_samples,
            other_unit,
            outside_year,
        } = later;
        for (sum, n) in [
            (&mut self.records, records),
            (&mut self.counted, counted),
            (&mut self.open, open),
            (&mut self.refused, refused),
            (&mut self.withdrawn, withdrawn),
            (&mut self.carried_over, carried_over),
            (&mut self.carried_over_open, carried_over_open),
            (&mut self.open_overdue, open_overdue),
            (&mut self.apologies_owed, apologies_owed),
            (&mut self.apologies_sent_on_time, apologies_sent_on_time),
            (&mut self.apologies_sent_late, apologies_sent_late),
            (&mut self.incident_apologies, incident_apologies),
            (&mut self.thank_you, thank_you),
            (&mut self.congratulation, congratulation),
            (&mut self.condolence, condolence),
            (&mut self.errors, errors),
            (&mut self.other_unit, other_unit),
            (&mut self.outside_year, outside_year),
        ] {
            *sum += n;
        }
        for (m, l) in self.months.iter_mut().zip(&months) {
            let MonthCounts {
                received,
                early,
                on_time,
                late,
            } = l;
            m.received += received;
            m.early += early;
            m.on_time += on_time;
            m.late += late;
        }
        for (s, l) in self.indicator_sums.iter_mut().zip(&indicator_sums) {
            s[0] += l[0];
            s[1] += l[1];
        }
        for sample in error_samples {
            self.keep_sample(sample);
        }
        self.merge_procedures(procedures);
        Ok(())
    }

    /// A later state's procedure rows, taken in the order first met, each decided as its first
    /// dossier was: its own row while there is room or this state has one, else the shared one.
    fn merge_procedures(&mut self, later: BTreeMap<String, ProcedureCounts>) {
        let mut rows: Vec<_> = later.into_iter().collect();
        rows.sort_by_key(|(_, p)| p.first_line);
        for (code, p) in rows {
            if self.own_row(&code) {
                match self.procedures.get_mut(&code) {
                    Some(row) => row.add(&p),
                    None => {
                        self.procedures.insert(code, p);
                    }
                }
            } else {
                self.procedures
                    .entry(OTHER_PROCEDURES.to_owned())
                    .or_insert_with(|| ProcedureCounts::other(p.first_line))
                    .add(&p);
            }
        }
    }
}
