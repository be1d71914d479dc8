//! The records a letter is made from besides the dossier: the citizen, the issuing unit and its
//! signer, and the letter asked for; and the limit on any text going into a letter.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::LetterKind;
use crate::error::{Error, Result};

/// Longest text accepted in any field of a letter.
pub const MAX_FIELD_CHARS: usize = 10_000;

/// The person a letter is for.
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
pub struct CitizenInput {
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// How the letters address them; absent: "Ông/Bà", as the forms print it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_as: Option<AddressAs>,
}

/// How a letter addresses the citizen.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Deserialize,
    thanthien_derive::Decode,
    Serialize,
    thanthien_derive::Encode,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AddressAs {
    /// Ông (Mr).
    #[serde(rename = "Ông")]
    Ong,
    /// Bà (Mrs, Ms).
    #[serde(rename = "Bà")]
    Ba,
}

impl AddressAs {
    /// The words of the address, "Ông/Bà" when it is not known.
    pub fn words(a: Option<AddressAs>) -> &'static str {
        match a {
            Some(AddressAs::Ong) => "Ông",
            Some(AddressAs::Ba) => "Bà",
            None => "Ông/Bà",
        }
    }
}

/// The issuing unit and its signer.
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
pub struct UnitInput {
    /// Unit code (GSO code before 01/07/2025; mapped to its successor after).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Signer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_name: Option<String>,
    /// Signer's position, upper case (`CHỦ TỊCH`, `PHÓ CHỦ TỊCH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_title: Option<String>,
    /// Authority prefix (`TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_prefix: Option<String>,
}

/// One hand-over of a dossier between bodies (the control slip, TT 01/2018 Mẫu 05).
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandOverInput {
    /// The body handing the dossier over (`Bộ phận Một cửa`).
    pub from: String,
    /// The body receiving it (`Công chức Tư pháp - Hộ tịch`).
    pub to: String,
    /// When, Vietnam time.
    pub at: String,
    /// When the receiving body's part was due, to say whether it was early, on time or late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
    /// When the receiving body's part was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
    /// A note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The letter to render.
#[derive(
    Clone, Debug, Deserialize, thanthien_derive::Decode, Serialize, thanthien_derive::Encode,
)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LetterInput {
    /// Kind.
    pub kind: LetterKind,
    /// Document number, written with the form's type and the issuer's abbreviation (`05/TB-UBND`,
    /// NĐ 30/2020); blank for a hand-written number when absent. A form without a number (the
    /// receipt, Mẫu 01) and a thư công have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// The unit's own notation for a document the rules leave unnumbered (a thư công), printed
    /// as given after "Số:".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notation: Option<String>,
    /// The letter's date (default: the dossier's last event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The reason (delay, refusal, supplement, pause); default from the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Items to supplement (Mẫu 02).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
    /// The documents received, each with its quantity (Mẫu 01: `Tờ khai đăng ký khai sinh: 01
    /// bản chính`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<String>>,
    /// Sets of the dossier received (Mẫu 01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sets: Option<u32>,
    /// The entry in the register of dossiers (Mẫu 01: `Quyển số 01, số thứ tự 12`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_entry: Option<String>,
    /// Where the result is handed over (Mẫu 01), default the one-stop desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
    /// The officer who received the dossier and signs the receipt (Mẫu 01).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver_name: Option<String>,
    /// The dossier's hand-overs between bodies (the control slip, Mẫu 05).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<HandOverInput>>,
    /// The body leading the processing (the control slip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_body: Option<String>,
    /// New due time (apology); default the agency's re-appointment in force in the log (none for
    /// an incident's apology).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_due_at: Option<String>,
    /// Why the letter is sent: the reason code `letters.select` gave it (`apology.lost`), which
    /// picks its form and text; it must call for a letter of `kind` (else `invalid_input`);
    /// default: what the log calls for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
}

/// Refuses any text longer than [`MAX_FIELD_CHARS`] in `v` (a record as given, before it is
/// read), naming its path under `path` (`field_too_large`).
pub fn check_sizes(v: &Value, path: &str) -> Result<()> {
    match v {
        Value::String(s) if s.chars().count() > MAX_FIELD_CHARS => Err(Error::field_too_large(
            path,
            s.chars().count(),
            MAX_FIELD_CHARS,
        )),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| check_sizes(x, &format!("{path}[{i}]"))),
        Value::Object(m) => m.iter().try_for_each(|(k, x)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            check_sizes(x, &p)
        }),
        _ => Ok(()),
    }
}
