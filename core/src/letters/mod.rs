//! Letters and slips: which ones a citizen is owed, when, and their printed text.
//!
//! The plan asks every unit to apologise in writing when a matter is late, to thank citizens and
//! to congratulate them (seed II.1.d); the one-stop rules add the slips a desk must issue
//! (NĐ 61/2018 Art. 17, 19; TT 01/2018/TT-VPCP Mẫu 01–04, TT 03/2025's forms from 15/09/2025). The
//! engine decides ([`select`]) and renders ([`render`]); it never sends anything.
//!
//! Everything that can change is data (`data/letters.toml`, `data/letter_templates.toml`,
//! `data/units.toml`): the form of each kind by date, whether a kind is required, its channels
//! and lead time, the reasons' wording, the templates and the issuing units by date.
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::time::parse_date;

pub mod answer;
pub mod context;
#[cfg(feature = "desk")]
pub mod notice;
pub mod record;
pub mod register;
pub mod render;
pub mod select;
pub mod words;

pub use answer::{FlagEntry, LetterEntry, LetterReason, RenderOutput, SelectOutput};
pub use record::{CitizenInput, LetterInput, UnitInput};

const LETTERS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/letters.json"));
const TEMPLATES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/letter_templates.json"));

/// The kinds of letter (the contract's names).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LetterKind {
    /// Receipt and appointment slip (Mẫu 01).
    Receipt,
    /// Request to supplement the dossier (Mẫu 02).
    SupplementRequest,
    /// Refusal slip (Mẫu 03).
    Refusal,
    /// Apology and new appointment (Mẫu 04).
    Apology,
    /// Notice that the clock is stopped for a reason on the citizen's side.
    StopClockNotice,
    /// Letter of thanks.
    ThankYou,
    /// Letter of congratulations.
    Congratulation,
    /// Letter of condolence.
    Condolence,
    /// The control slip that follows a dossier between bodies (TT 01/2018 Mẫu 05; TT 03/2025
    /// Mẫu 06 [S]).
    ControlSlip,
    /// Notice that the processing of a dossier stops (TT 03/2025 Mẫu 05 [S]).
    StopNotice,
    /// Notice that a complaint is accepted for resolution (thông báo thụ lý giải quyết khiếu
    /// nại; `grievance.notice`).
    ComplaintAcceptance,
    /// Notice that a complaint is not accepted, with the reason.
    ComplaintRefusal,
    /// Notice to the denouncer that the denunciation is accepted (Luật Tố cáo 2018 Art. 29(3)).
    DenunciationAcceptance,
    /// Notice that a denunciation is not accepted, with the reason.
    DenunciationRefusal,
    /// Notice that the result is ready before the due time (NĐ 61/2018 Art. 20(4): an early
    /// return must be made known to the applicant beforehand).
    EarlyResultNotice,
}

impl LetterKind {
    /// Every kind, in the order answers list them.
    pub const ALL: [LetterKind; 15] = [
        LetterKind::Receipt,
        LetterKind::SupplementRequest,
        LetterKind::Refusal,
        LetterKind::Apology,
        LetterKind::StopClockNotice,
        LetterKind::ThankYou,
        LetterKind::Congratulation,
        LetterKind::Condolence,
        LetterKind::ControlSlip,
        LetterKind::StopNotice,
        LetterKind::ComplaintAcceptance,
        LetterKind::ComplaintRefusal,
        LetterKind::DenunciationAcceptance,
        LetterKind::DenunciationRefusal,
        LetterKind::EarlyResultNotice,
    ];

    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::Receipt => "receipt",
            LetterKind::SupplementRequest => "supplement_request",
            LetterKind::Refusal => "refusal",
            LetterKind::Apology => "apology",
            LetterKind::StopClockNotice => "stop_clock_notice",
            LetterKind::ThankYou => "thank_you",
            LetterKind::Congratulation => "congratulation",
            LetterKind::Condolence => "condolence",
            LetterKind::ControlSlip => "control_slip",
            LetterKind::StopNotice => "stop_notice",
            LetterKind::ComplaintAcceptance => "complaint_acceptance",
            LetterKind::ComplaintRefusal => "complaint_refusal",
            LetterKind::DenunciationAcceptance => "denunciation_acceptance",
            LetterKind::DenunciationRefusal => "denunciation_refusal",
            LetterKind::EarlyResultNotice => "early_result_notice",
        }
    }
}

/// Paper size.
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
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Paper {
    /// 210 × 297 mm (NĐ 30/2020 letters, "thư công").
    A4,
    /// 148 × 210 mm (TT 01/2018 Mẫu 01–04).
    A5,
}

/// A case of a kind with its own form and text: the apology for a dossier lost or damaged, or
/// for a wrong result, through staff fault (NĐ 61/2018 Art. 21), is not the apology and new
/// appointment for a delay (Art. 19(9), Mẫu 04). Triggers name the case they call for.
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
pub enum LetterCase {
    /// The dossier was lost or damaged.
    Lost,
    /// The result was wrong.
    WrongResult,
}

impl LetterCase {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            LetterCase::Lost => "lost",
            LetterCase::WrongResult => "wrong_result",
        }
    }
}

/// The form or document type of a kind from a date.
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
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Form {
    /// Kind.
    pub kind: LetterKind,
    /// The case of the kind it is for (none: the kind's own form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<LetterCase>,
    /// In force from.
    pub from: String,
    /// Form code (`Mẫu 04`, `Thư công`).
    pub code: String,
    /// Title in Vietnamese.
    pub title_vi: String,
    /// Title in English.
    pub title_en: String,
    /// Paper.
    pub paper: Paper,
    /// Suffix of the document number (`PXL` in `Số: 12/PXL`).
    pub number_suffix: String,
    /// Legal source.
    pub source: String,
    /// How sure the form's code and date are (default: read in the text); below `high`, a
    /// document made on it is provisional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<crate::dated::Confidence>,
}

/// How a kind is sent.
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
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LetterRule {
    /// Kind.
    pub kind: LetterKind,
    /// Legally required (true) or a courtesy (false).
    pub required: bool,
    /// Suggested channels.
    pub channels: Vec<String>,
    /// Working days after its trigger by which it goes out (0: at once), unless the law sets
    /// its own time (the supplement request's 3 days, the apology's 1 day before the due time).
    pub send_within_working_days: u32,
    /// Legal source or the plan's clause.
    pub source: String,
    /// The life events of a procedure's result it is sent for, read for the congratulation only
    /// (a birth, a marriage, a new business, seed II.1.d); none: no congratulation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub life_events: Option<Vec<crate::deadline::catalog::LifeEvent>>,
}

/// Why a letter is owed.
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
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Trigger {
    /// Stable code (`apology.reappointment`, …).
    pub code: String,
    /// The kind of letter it calls for (none: a flag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<LetterKind>,
    /// The case of the letter it calls for, when not the kind's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<LetterCase>,
    /// In Vietnamese.
    pub text_vi: String,
    /// In English.
    pub text_en: String,
}

/// The texts of a kind.
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
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TemplateSet {
    /// Kind.
    pub kind: LetterKind,
    /// The case of the kind these texts are for (none: the kind's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<LetterCase>,
    /// Vietnamese body (plain text, paragraphs separated by a blank line).
    pub body_vi: String,
    /// Second-language block (the shipped example is English).
    pub body_en: String,
    /// SMS text, written with diacritics and sent without them.
    pub sms: String,
    /// The page it is printed on (`letter`, or `form` for the receipt of Mẫu 01).
    #[serde(default)]
    pub layout: render::LayoutKind,
}

pub use crate::units::Unit;
use crate::units::Units;

#[derive(Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
struct LettersFile {
    version: String,
    form: Vec<Form>,
    register_form: Vec<register::RegisterForm>,
    letter: Vec<LetterRule>,
    trigger: Vec<Trigger>,
}

#[derive(Deserialize, thanthien_derive::Decode)]
#[serde(deny_unknown_fields)]
struct TemplatesFile {
    version: String,
    template: Vec<TemplateSet>,
    layout: render::Layout,
    form_layout: render::Layout,
    slip_layout: render::Layout,
    register: render::Layout,
}

/// All letter data.
#[derive(Clone, Debug)]
pub struct LetterData {
    /// Data version.
    pub version: String,
    forms: Vec<(NaiveDate, Form)>,
    register_forms: Vec<register::RegisterForm>,
    rules: Vec<LetterRule>,
    triggers: Vec<Trigger>,
    /// Templates by kind.
    pub templates: Vec<TemplateSet>,
    units: Units,
    /// Courtesy kinds a unit switched off.
    pub disabled: Vec<LetterKind>,
    /// The page around the body.
    pub layout: render::Layout,
    /// The texts compiled, with the fields each needs.
    pub compiled: render::Compiled,
    /// The unit's own courtesy letters.
    pub custom: Vec<CustomLetter>,
}

impl LetterData {
    fn defaults() -> Result<Self> {
        use crate::de::{from_data, internal};
        let letters: LettersFile = from_data("letters.toml", LETTERS_JSON)?;
        let templates: TemplatesFile = from_data("letter_templates.toml", TEMPLATES_JSON)?;
        let units = Units::default_ref()?.clone();
        let mut forms = Vec::new();
        for (i, f) in letters.form.into_iter().enumerate() {
            let from = parse_date(&f.from, &format!("form[{i}].from"))
                .map_err(|e| internal("letters.toml", e))?;
            forms.push((from, f));
        }
        let layouts = [
            &templates.layout,
            &templates.form_layout,
            &templates.slip_layout,
        ];
        let compiled = render::Compiled::new(&templates.template, layouts, "template")
            .and_then(|c| c.with_register(&templates.register, "register"))
            .map_err(|e| internal("letter_templates.toml", e))?;
        let data = LetterData {
            version: format!(
                "letters {} / templates {} / units {}",
                letters.version, templates.version, units.version
            ),
            forms,
            register_forms: letters.register_form,
            rules: letters.letter,
            triggers: letters.trigger,
            templates: templates.template,
            units,
            disabled: Vec::new(),
            custom: Vec::new(),
            compiled,
            layout: templates.layout,
        };
        for kind in LetterKind::ALL {
            if data.rule(kind).is_none() || data.template(kind, None).is_none() {
                return Err(internal(
                    "letters.toml",
                    Error::letter_kind_incomplete(kind.as_str()),
                ));
            }
        }
        for t in &data.triggers {
            if t.kind.is_none() && (t.case.is_some() || !t.code.starts_with("flag.")) {
                let e = Error::letter_kind_incomplete(&t.code);
                return Err(internal("letters.toml", e));
            }
            let Some((kind, case)) = t.kind.zip(t.case) else {
                continue;
            };
            let form = data
                .forms
                .iter()
                .any(|(_, f)| (f.kind, f.case) == (kind, t.case));
            if !form || data.template(kind, t.case).is_none() {
                let e =
                    Error::letter_kind_incomplete(&format!("{}.{}", kind.as_str(), case.as_str()));
                return Err(internal("letters.toml", e));
            }
        }
        Ok(data)
    }

    /// The shared default data.
    pub fn default_ref() -> Result<&'static LetterData> {
        static DEFAULT: OnceLock<Result<LetterData>> = OnceLock::new();
        crate::de::shared(&DEFAULT, LetterData::defaults)
    }

    /// The defaults with a unit's letter settings: courtesy kinds switched off, templates
    /// replaced (checked against the known fields now, not when a citizen is waiting), units
    /// added.
    pub fn with_overrides(input: &LettersInput, path: &str) -> Result<LetterData> {
        let mut d = LetterData::default_ref()?.clone();
        for (i, kind) in input.disabled.iter().flatten().enumerate() {
            if d.rule(*kind).is_some_and(|r| r.required) {
                return Err(Error::letter_required(
                    format!("{path}.disabled[{i}]"),
                    kind.as_str(),
                ));
            }
            d.disabled.push(*kind);
        }
        if let Some(ts) = &input.templates {
            for t in ts {
                d.templates.retain(|x| (x.kind, x.case) != (t.kind, t.case));
                d.templates.push(t.clone());
            }
            // Checked now, against the known fields: a bad template fails the ruleset, not a
            // citizen's letter.
            d.compiled.add(ts, &format!("{path}.templates"))?;
        }
        for (i, c) in input.custom.iter().flatten().enumerate() {
            if d.rule(c.kind).is_none_or(|r| r.required) {
                return Err(Error::custom_letter_kind(
                    format!("{path}.custom[{i}].kind"),
                    c.kind.as_str(),
                ));
            }
            d.triggers.push(Trigger {
                code: format!("custom.{}", c.code),
                kind: Some(c.kind),
                case: None,
                text_vi: c.text_vi.clone(),
                text_en: c.text_en.clone(),
            });
            d.custom.push(c.clone());
        }
        if let Some(list) = &input.units {
            d.units.add(list, &format!("{path}.units"))?;
        }
        Ok(d)
    }

    /// The form of a kind, or of a case of it, in force on a date (none before TT 01/2018
    /// applied).
    pub fn form_on(
        &self,
        kind: LetterKind,
        case: Option<LetterCase>,
        d: NaiveDate,
    ) -> Option<&Form> {
        self.forms
            .iter()
            .filter(|(from, f)| f.kind == kind && f.case == case && *from <= d)
            .max_by_key(|(from, _)| *from)
            .map(|(_, f)| f)
    }

    /// How a kind is sent.
    pub fn rule(&self, kind: LetterKind) -> Option<&LetterRule> {
        self.rules.iter().find(|r| r.kind == kind)
    }

    /// The register's form in force on `d`.
    pub fn register_form_on(&self, d: NaiveDate) -> Option<&register::RegisterForm> {
        self.register_forms.iter().rev().find(|f| f.from <= d)
    }

    /// A trigger's wording.
    pub fn trigger(&self, code: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.code == code)
    }

    /// The texts of a kind, or of a case of it.
    pub fn template(&self, kind: LetterKind, case: Option<LetterCase>) -> Option<&TemplateSet> {
        self.templates
            .iter()
            .rev()
            .find(|t| t.kind == kind && t.case == case)
    }

    /// The case a trigger calls for.
    pub fn case_of(&self, trigger: &str) -> Option<LetterCase> {
        self.trigger(trigger).and_then(|t| t.case)
    }

    /// The unit that issues letters for `code` on `d`: the unit itself while in force, else its
    /// successor (the 2025 reorganisation); `None` when neither is in force.
    pub fn unit_on(&self, code: &str, d: NaiveDate) -> Option<&Unit> {
        self.units.unit_on(code, d)
    }

    /// Whether a code names any unit at any date.
    pub fn knows_unit(&self, code: &str) -> bool {
        self.units.knows(code)
    }

    /// The issuing units: the defaults with those the ruleset added.
    pub fn units(&self) -> &Units {
        &self.units
    }
}

/// A unit's letter settings in a ruleset (`ruleset.letters`).
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Serialize,
    thanthien_derive::Encode,
    Deserialize,
    thanthien_derive::Decode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LettersInput {
    /// Courtesy kinds this unit does not send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<Vec<LetterKind>>,
    /// Replacement texts (e.g. a Khmer second-language block in `body_en`'s place).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<Vec<TemplateSet>>,
    /// Issuing units to add (e.g. a new commune's official code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<Vec<Unit>>,
    /// The unit's own courtesy letters, sent on an event of the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<Vec<CustomLetter>>,
}

/// A unit's own courtesy letter (e.g. thanks to citizens who apply online).
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
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomLetter {
    /// The unit's code for it (reported as the reason code `custom.<code>`).
    pub code: String,
    /// A courtesy kind whose template it uses (`thank_you`, `congratulation`, `condolence`).
    pub kind: LetterKind,
    /// The event that calls for it.
    pub on: crate::deadline::EventKind,
    /// Only for dossiers received online (`channel: online`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_only: Option<bool>,
    /// Why, in Vietnamese.
    pub text_vi: String,
    /// Why, in English.
    pub text_en: String,
    /// Working days after the event by which it goes out.
    #[serde(default)]
    pub send_within_working_days: u32,
}
