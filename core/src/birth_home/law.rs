//! The civil-status law the model applies, read from the catalog's birth registration (the
//! model's `procedure_code`), so that the desk and the model answer alike: its registration
//! period (Luật Hộ tịch Art. 15(1), ending on a working day, BLDS 2015 Art. 148(5)) and its fee
//! (Art. 11), with the province's late fee where a commune's ruleset gives it.
use chrono::NaiveDate;

use super::BirthHome;
use crate::calendar::{Calendar, PeriodEnd};
use crate::deadline::catalog::{Catalog, Procedure};
use crate::deadline::fee::{self, Fee, FeeFacts, FeeRule, FreeWithin};
use crate::error::{Error, Result};

/// Where a commune's late fee comes from when its ruleset gives no source.
const RULESET_FEE: &str = "bộ quy tắc của xã (mức của HĐND tỉnh)";

/// The birth registration procedure in force on a date, with its period and fee rule.
pub struct Law<'c> {
    /// The procedure.
    pub procedure: &'c Procedure,
    /// Its registration period.
    pub period: &'c FreeWithin,
    /// Its fee rule, with the commune's late fee.
    pub fee_rule: FeeRule,
}

impl BirthHome {
    /// The law on `d`; `path` names the date's field in errors.
    pub fn law<'c>(&self, catalog: &'c Catalog, d: NaiveDate, path: &str) -> Result<Law<'c>> {
        let procedure = catalog.procedure_on(&self.program.procedure_code, d, path)?;
        let rule = procedure.fee_rule.as_ref();
        let period = rule.and_then(|r| r.free_within.as_ref()).ok_or_else(|| {
            Error::invalid_model_data(
                "program.procedure_code".into(),
                format!("Thủ tục {} không có thời hạn đăng ký", procedure.code),
                format!("Procedure {} has no registration period", procedure.code),
            )
        })?;
        let mut fee_rule = rule.cloned().unwrap_or_default();
        if let Some(v) = self.program.late_fee_vnd {
            fee_rule.late_fee_vnd = Some(v);
            fee_rule.late_fee_source = Some(
                self.program
                    .late_fee_source
                    .clone()
                    .unwrap_or_else(|| RULESET_FEE.to_owned()),
            );
        }
        Ok(Law {
            procedure,
            period,
            fee_rule,
        })
    }
}

impl BirthHome {
    /// The catalog procedure of a birth registration combined with paternity recognition on `d`
    /// (TT 04/2020/TT-BTP Art. 15), whose time and fee are the recognition's (Luật Hộ tịch
    /// Art. 25(2), 11(2)); `path` names the field that asked for it in errors.
    pub fn combined<'c>(
        &self,
        catalog: &'c Catalog,
        d: NaiveDate,
        path: &str,
    ) -> Result<&'c Procedure> {
        catalog.procedure_on(&self.sources.paternity_procedure_code, d, path)
    }
}

impl<'c> Law<'c> {
    /// The procedure the desk applies: the birth registration, or `combined` with paternity
    /// recognition.
    pub fn applied(&self, combined: Option<&'c Procedure>) -> &'c Procedure {
        combined.unwrap_or(self.procedure)
    }

    /// The fee with `facts` of the birth registration, or of `combined` as the desk charges it
    /// (`deadline::fee::fee_of`; the commune's late fee is the birth registration's).
    pub fn fee_of(&self, combined: Option<&Procedure>, cal: &Calendar, facts: &FeeFacts) -> Fee {
        match combined {
            Some(p) => fee::fee_of(p, cal, facts),
            None => self.fee(cal, facts),
        }
    }
}

impl Law<'_> {
    /// The end of the period of a child born on `birth`: its last counted day and the day it ends
    /// on.
    pub fn period_end(&self, cal: &Calendar, birth: NaiveDate) -> PeriodEnd {
        fee::period_end(cal, birth, self.period.days)
    }

    /// The fee with `facts`.
    pub fn fee(&self, cal: &Calendar, facts: &FeeFacts) -> Fee {
        fee::fee_by_rule(self.procedure, &self.fee_rule, cal, facts)
    }
}
