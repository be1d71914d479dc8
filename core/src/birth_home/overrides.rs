//! A commune's changes to the home-birth model (`ruleset.birth_home`): its fee and source,
//! capacity, service radius, the communes running the model, the criteria it accepts, its
//! hamlets and the priority and report weights. A change the model cannot use is refused with
//! the path of the entry; nothing is half applied.
use std::collections::BTreeMap;

use super::model::CriterionCode;
use super::{BirthHome, BirthHomeInput, Criteria, check_hamlets, dated_units, invalid};
use crate::error::Result;

impl BirthHome {
    /// The defaults with a commune's changes; `path` names the input.
    pub fn with_overrides(&self, input: &BirthHomeInput, path: &str) -> Result<BirthHome> {
        let mut b = self.clone();
        b.program_overrides(input, path)?;
        if let Some(list) = &input.units {
            b.units = dated_units(list.clone(), &format!("{path}.units"))?;
        }
        if let Some(c) = &input.criteria {
            check_advisory(c, path)?;
            b.criteria = c.clone();
        }
        if let Some(list) = &input.hamlets {
            check_hamlets(list, &format!("{path}.hamlets"))?;
            b.hamlets.retain(|h| !list.iter().any(|n| n.unit == h.unit));
            b.hamlets.extend(list.iter().cloned());
        }
        if let Some(map) = &input.weights {
            let w = &mut b.weights;
            let slots = &mut [
                ("urgency", &mut w.urgency),
                ("poor_household", &mut w.poor_household),
                ("near_poor_household", &mut w.near_poor_household),
                ("disability", &mut w.disability),
                ("single_parent", &mut w.single_parent),
                ("ethnic_minority", &mut w.ethnic_minority),
                ("remote_hamlet", &mut w.remote_hamlet),
                ("postpartum_mother", &mut w.postpartum_mother),
                ("bundled_registration", &mut w.bundled_registration),
                ("distance", &mut w.distance),
            ];
            points(map, &format!("{path}.weights"), slots)?;
        }
        if let Some(map) = &input.report_weights {
            let w = &mut b.report_weights;
            let slots = &mut [
                ("on_time_share", &mut w.on_time_share),
                ("home_share", &mut w.home_share),
                ("speed", &mut w.speed),
            ];
            points(map, &format!("{path}.report_weights"), slots)?;
        }
        Ok(b)
    }

    /// Fee, its source, capacity and service radius.
    fn program_overrides(&mut self, input: &BirthHomeInput, path: &str) -> Result<()> {
        if let Some(fee) = input.late_fee_vnd {
            self.program.late_fee_vnd = Some(fee);
        }
        if let Some(src) = &input.fee_source {
            self.program.late_fee_source = Some(src.clone());
        }
        if let Some(v) = input.visits_per_working_day {
            self.program.visits_per_working_day = v;
        }
        if let Some(c) = input.continuation {
            self.program.continuation = c;
        }
        if let Some(d) = input.max_distance_km {
            if !d.is_finite() || d < 0.0 {
                return Err(invalid(
                    format!("{path}.max_distance_km"),
                    "Bán kính phục vụ phải là số không âm".into(),
                    "The service radius must be a number, not negative".into(),
                ));
            }
            self.program.max_distance_km = d;
        }
        Ok(())
    }
}

/// A commune may make any criterion advisory but the child's being alive.
fn check_advisory(c: &Criteria, path: &str) -> Result<()> {
    let advisory = CriterionCode::ALL
        .iter()
        .filter(|k| **k != CriterionCode::ChildAlive)
        .map(|k| k.as_str())
        .collect::<Vec<_>>();
    let Some((i, bad)) = c
        .advisory
        .iter()
        .enumerate()
        .find(|(_, a)| !advisory.contains(&a.as_str()))
    else {
        return Ok(());
    };
    let list = advisory.join(", ");
    Err(invalid(
        format!("{path}.criteria.advisory[{i}]"),
        format!("Tiêu chí '{bad}' không có hoặc không thể bỏ qua. Các tiêu chí: {list}"),
        format!("Criterion '{bad}' is unknown or cannot be advisory. Criteria: {list}"),
    ))
}

/// Weights by component name, each 0–100, into their slots; `path` names the map.
fn points(map: &BTreeMap<String, f64>, path: &str, slots: &mut [(&str, &mut f64)]) -> Result<()> {
    for (k, v) in map {
        let p = format!("{path}.{k}");
        if !v.is_finite() || *v < 0.0 || *v > 100.0 {
            return Err(invalid(
                p,
                format!("Trọng số '{k}' phải từ 0 đến 100"),
                format!("Weight '{k}' must be between 0 and 100"),
            ));
        }
        match slots.iter_mut().find(|(name, _)| name == k) {
            Some((_, slot)) => **slot = *v,
            None => {
                let names: Vec<&str> = slots.iter().map(|(n, _)| *n).collect();
                return Err(invalid(
                    p,
                    format!(
                        "Không có thành phần '{k}'. Các thành phần: {}",
                        names.join(", ")
                    ),
                    format!("No component '{k}'. Components: {}", names.join(", ")),
                ));
            }
        }
    }
    Ok(())
}
