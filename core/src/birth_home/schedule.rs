//! Home visits as a scheduling problem: each visit takes one slot of a working day, may not
//! happen before its release day (the certificate is ready, the plan has started) nor after its
//! limit day (the 60-day period of Luật Hộ tịch Art. 15(1)), and a day has `capacity` slots.
//!
//! The sets of visits that fit are the independent sets of a transversal matroid (each visit
//! may take any slot of an interval of days), so taking the visits in priority order and keeping
//! each one that still fits serves the highest needs first *and* serves as many families as any
//! schedule could (a greedy basis of a matroid is a maximum one). A set fits exactly when every
//! interval of days `[s, e]` holds at least as many slots as visits confined to it (Hall's
//! condition, which for intervals suffices: Glover 1967). The check keeps the slack of every
//! interval, `O(D²)` for `D` days of the horizon (about 45 working days for a 60-day period).
//! Days are then fixed in priority order, each visit on the earliest day that keeps the rest
//! feasible, so the neediest families are visited first.

/// A visit to place: both bounds are indices of the horizon's working days, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    /// First day it may take place.
    pub release: usize,
    /// Last day it may take place.
    pub limit: usize,
}

/// Why a visit was not placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unplaced {
    /// No working day of the horizon lies between its release and its limit.
    NoDay,
    /// Days exist, but their slots are all taken by visits of higher priority.
    Capacity,
}

struct Slack {
    days: usize,
    /// `slack[s * days + e]` for `s <= e`: slots of days `s..=e` minus visits confined to them.
    cells: Vec<i64>,
}

impl Slack {
    fn new(days: usize, capacity: i64) -> Self {
        let mut cells = vec![0; days * days];
        for s in 0..days {
            for e in s..days {
                if let Some(c) = cells.get_mut(s * days + e) {
                    *c = capacity * (e - s + 1) as i64;
                }
            }
        }
        Slack { days, cells }
    }

    /// Adds `delta` to every interval that contains `[r, l]`.
    fn add(&mut self, r: usize, l: usize, delta: i64) {
        for s in 0..=r {
            for e in l..self.days {
                if let Some(c) = self.cells.get_mut(s * self.days + e) {
                    *c += delta;
                }
            }
        }
    }

    /// Smallest slack of the intervals containing `[r, l]`.
    fn min_containing(&self, r: usize, l: usize) -> i64 {
        let mut m = i64::MAX;
        for s in 0..=r {
            for e in l..self.days {
                if let Some(c) = self.cells.get(s * self.days + e) {
                    m = m.min(*c);
                }
            }
        }
        m
    }

    /// The earliest day `t` in `[r, l]` such that moving a placed job `[r, l]` to `[t, t]` keeps
    /// every slack non-negative.
    fn earliest_day(&self, r: usize, l: usize) -> Option<usize> {
        let width = l - r + 1;
        let mut best = vec![i64::MAX; width];
        for s in 0..=l {
            let mut run = i64::MAX;
            for e in (s.max(r)..self.days).rev() {
                let own = i64::from(s <= r && e >= l);
                if let Some(c) = self.cells.get(s * self.days + e) {
                    run = run.min(c + own);
                }
                if e <= l
                    && let Some(b) = best.get_mut(e - r)
                {
                    *b = (*b).min(run);
                }
            }
        }
        best.iter().position(|m| *m >= 1).map(|i| r + i)
    }
}

/// Places `jobs`, given highest priority first, on `days` working days of `capacity` slots.
/// Returns, for each job, its day or why it has none.
pub fn schedule(days: usize, capacity: u32, jobs: &[Job]) -> Vec<Result<usize, Unplaced>> {
    let mut out: Vec<Result<usize, Unplaced>> = jobs
        .iter()
        .map(|j| {
            if j.release > j.limit || j.release >= days {
                Err(Unplaced::NoDay)
            } else {
                Err(Unplaced::Capacity)
            }
        })
        .collect();
    if days == 0 || capacity == 0 {
        return out;
    }
    let mut slack = Slack::new(days, i64::from(capacity));
    let total = days.saturating_mul(capacity as usize);
    let mut chosen = Vec::new();
    for (i, j) in jobs.iter().enumerate() {
        if chosen.len() == total {
            break;
        }
        let limit = j.limit.min(days - 1);
        if j.release > limit {
            continue;
        }
        if slack.min_containing(j.release, limit) >= 1 {
            slack.add(j.release, limit, -1);
            chosen.push((i, j.release, limit));
        }
    }
    for (i, r, l) in chosen {
        // The chosen set is feasible, so some day always keeps it feasible; `r` is a fallback
        // that the property tests show is never taken.
        let t = slack.earliest_day(r, l).unwrap_or(r);
        slack.add(r, l, 1);
        slack.add(t, t, -1);
        if let Some(o) = out.get_mut(i) {
            *o = Ok(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether all `jobs` fit, by trying every assignment (small cases only).
    fn fits_all(days: usize, capacity: u32, jobs: &[Job]) -> bool {
        fn go(days: usize, cap: u32, jobs: &[Job], used: &mut Vec<u32>) -> bool {
            let Some((j, rest)) = jobs.split_first() else {
                return true;
            };
            for t in j.release..=j.limit.min(days.saturating_sub(1)) {
                if used[t] < cap {
                    used[t] += 1;
                    if go(days, cap, rest, used) {
                        return true;
                    }
                    used[t] -= 1;
                }
            }
            false
        }
        go(days, capacity, jobs, &mut vec![0; days])
    }

    fn jobs(days: usize) -> impl Strategy<Value = Vec<Job>> {
        prop::collection::vec((0..days + 1, 0..days + 1), 0..9).prop_map(|v| {
            v.into_iter()
                .map(|(a, b)| Job {
                    release: a.min(b),
                    limit: a.max(b),
                })
                .collect()
        })
    }

    #[test]
    fn priority_decides_who_is_left_out() {
        // One slot on day 0 and one on day 1; three visits that all want day 0 or 1.
        let jobs = [
            Job {
                release: 0,
                limit: 1,
            },
            Job {
                release: 0,
                limit: 0,
            },
            Job {
                release: 0,
                limit: 1,
            },
        ];
        assert_eq!(
            schedule(2, 1, &jobs),
            vec![Ok(1), Ok(0), Err(Unplaced::Capacity)]
        );
    }

    #[test]
    fn highest_need_goes_first_when_it_can() {
        let jobs = [
            Job {
                release: 0,
                limit: 3,
            },
            Job {
                release: 0,
                limit: 3,
            },
        ];
        assert_eq!(schedule(4, 1, &jobs), vec![Ok(0), Ok(1)]);
    }

    proptest! {
        #[test]
        fn never_over_capacity_never_outside_the_window(
            days in 0usize..7, cap in 0u32..3, jobs in jobs(6)
        ) {
            let out = schedule(days, cap, &jobs);
            let mut used = vec![0u32; days];
            for (j, o) in jobs.iter().zip(&out) {
                if let Ok(t) = o {
                    prop_assert!(j.release <= *t && *t <= j.limit && *t < days);
                    used[*t] += 1;
                }
            }
            prop_assert!(used.iter().all(|u| *u <= cap));
        }

        #[test]
        fn everyone_is_served_when_everyone_fits(
            days in 1usize..6, cap in 1u32..3, jobs in jobs(5)
        ) {
            let out = schedule(days, cap, &jobs);
            let placed = out.iter().filter(|o| o.is_ok()).count();
            let placeable: Vec<Job> = jobs
                .iter()
                .copied()
                .filter(|j| j.release <= j.limit && j.release < days)
                .collect();
            if fits_all(days, cap, &placeable) {
                prop_assert_eq!(placed, placeable.len());
            }
            // As many as the best schedule of any subset serves.
            let best = (0u32..1 << placeable.len())
                .filter(|mask| {
                    let sub: Vec<Job> = placeable
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| mask & (1 << i) != 0)
                        .map(|(_, j)| *j)
                        .collect();
                    fits_all(days, cap, &sub)
                })
                .map(u32::count_ones)
                .max()
                .unwrap_or(0);
            prop_assert_eq!(placed, best as usize);
            // The placed ones do fit.
            let served: Vec<Job> = jobs
                .iter()
                .zip(&out)
                .filter(|(_, o)| o.is_ok())
                .map(|(j, _)| *j)
                .collect();
            prop_assert!(fits_all(days, cap, &served));
        }
    }
}
