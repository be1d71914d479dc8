//! Rendering a letter with minijinja: the texts are data, checked against the fields the engine
//! knows when they are loaded; a render checks every field its templates need before writing
//! anything, so a letter is complete or not produced at all.
use std::collections::{BTreeMap, BTreeSet};

use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::words::{money_figures, money_words, sms_text};
use super::{LetterCase, LetterKind, Paper, TemplateSet};
use crate::error::{Error, Result};

/// Every field a template may name.
pub const KNOWN_FIELDS: &[&str] = &[
    "citizen.name",
    "citizen.address",
    "citizen.phone",
    "citizen.email",
    "citizen.address_as",
    "unit.name",
    "unit.short_name",
    "unit.issuer",
    "unit.parent",
    "unit.place",
    "unit.signer_name",
    "unit.signer_title",
    "unit.signer_prefix",
    "dossier.id",
    "dossier.procedure_name",
    "dossier.procedure_name_en",
    "dossier.processing_time",
    "dossier.received_at",
    "dossier.received_at_en",
    "dossier.received_date",
    "dossier.appointment_at",
    "dossier.appointment_at_en",
    "dossier.appointment_short",
    "dossier.due_at",
    "dossier.due_at_en",
    "dossier.due_short",
    "dossier.ready_at",
    "dossier.ready_at_en",
    "dossier.fee_vnd",
    "dossier.fee_text",
    "dossier.life_event",
    "letter.number",
    "letter.date_line",
    "letter.title",
    "letter.form_code",
    "letter.reason",
    "letter.items",
    "letter.new_due_at",
    "letter.new_due_at_en",
    "letter.new_due_short",
    "letter.stopped_at",
    "letter.stopped_at_en",
    "letter.documents",
    "letter.sets",
    "letter.register_entry",
    "letter.delivery",
    "letter.receiver_name",
    "letter.steps",
    "letter.main_body",
    "case.id",
    "case.subject",
    "case.instance",
    "case.received_date",
    "case.accepted_date",
    "case.resolution_days",
    "case.resolution_due",
    "case.resolution_source",
];

/// Fields a letter can do without.
pub const OPTIONAL_FIELDS: &[&str] = &[
    "citizen.address",
    "citizen.phone",
    "citizen.email",
    "unit.parent",
    "unit.signer_prefix",
    "dossier.fee_vnd",
    "dossier.fee_text",
    "dossier.life_event",
    "letter.number",
    "letter.documents",
    "letter.sets",
    "letter.register_entry",
    "letter.delivery",
    "letter.receiver_name",
    "letter.main_body",
    "case.subject",
];

/// Names the page layouts use besides the known fields.
const LAYOUT_NAMES: &[&str] = &["body", "second", "page"];

/// Output format.
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
pub enum Format {
    /// Print-ready HTML (A4 or A5 by the form).
    Html,
    /// Plain text.
    Text,
    /// A short SMS without diacritics, at most 160 characters.
    Sms,
}

/// Which page a kind is printed on: a letter (NĐ 30/2020: issuer, number, signer and
/// recipients) or a form (TT 01/2018 Mẫu 01: the submitter's and the receiving officer's
/// signatures).
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
pub enum LayoutKind {
    /// A letter.
    #[default]
    Letter,
    /// A form signed by the submitter and the receiving officer.
    Form,
    /// A slip whose hand-overs between bodies are a table (TT 01/2018 Mẫu 05).
    Slip,
}

impl LayoutKind {
    fn name(self) -> &'static str {
        match self {
            LayoutKind::Letter => "letter",
            LayoutKind::Form => "form",
            LayoutKind::Slip => "slip",
        }
    }

    fn index(self) -> usize {
        match self {
            LayoutKind::Letter => 0,
            LayoutKind::Form => 1,
            LayoutKind::Slip => 2,
        }
    }
}

/// The page around the body.
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
pub struct Layout {
    /// HTML page.
    pub html: String,
    /// Plain-text page.
    pub text: String,
}

/// Most bytes one template may write. The built-in letters stay under 20 KB; the cap stops a
/// ruleset's own template from turning a few kilobytes of input into megabytes of letter.
const MAX_RENDER_BYTES: usize = 256 * 1024;

/// Most template instructions one rendering may run (minijinja's fuel): a letter needs a few
/// thousand; a template that loops for seconds is refused instead of holding a worker.
const RENDER_FUEL: u64 = 1_000_000;

/// A writer that refuses to grow past [`MAX_RENDER_BYTES`].
#[derive(Default)]
struct Capped {
    out: Vec<u8>,
    overflowed: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > MAX_RENDER_BYTES {
            self.overflowed = true;
            return Err(std::io::Error::other("render output cap"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(RENDER_FUEL));
    env.set_undefined_behavior(UndefinedBehavior::Chainable);
    env.add_filter("money", |v: u64| money_figures(v));
    env.add_filter("money_words", |v: u64| money_words(v));
    env.add_filter("upper", |s: String| s.to_uppercase());
    env.add_filter("capitalize_first", |s: String| {
        let mut chars = s.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    });
    env
}

fn invalid_template(path: &str, vi: String, en: String) -> Error {
    Error::invalid_template(path, vi, en)
}

/// The fields a template names, or an error naming the first it does not know.
pub fn template_fields(source: &str, path: &str, extra: &[&str]) -> Result<BTreeSet<String>> {
    let env = environment();
    let tmpl = env.template_from_str(source).map_err(|e| {
        invalid_template(
            path,
            format!("Mẫu thư không hợp lệ: {e}"),
            format!("The template does not compile: {e}"),
        )
    })?;
    let names = tmpl.undeclared_variables(true);
    let mut fields = BTreeSet::new();
    for name in names {
        if KNOWN_FIELDS.contains(&name.as_str()) {
            fields.insert(name);
        } else if !extra.contains(&name.as_str())
            && !extra.iter().any(|x| name.starts_with(&format!("{x}.")))
        {
            return Err(invalid_template(
                path,
                format!("Mẫu thư dùng trường không có: '{name}'"),
                format!("The template names an unknown field: '{name}'"),
            ));
        }
    }
    Ok(fields)
}

fn lookup<'v>(ctx: &'v Value, field: &str) -> Option<&'v Value> {
    field.split('.').try_fold(ctx, |v, key| v.get(key))
}

fn present(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
    }
}

/// Which texts: a kind's own, or a case of it.
pub type Text = (LetterKind, Option<LetterCase>);

/// The names of a text's templates start with this: `apology`, `apology.lost`.
fn stem((kind, case): Text) -> String {
    match case {
        Some(c) => format!("{}.{}", kind.as_str(), c.as_str()),
        None => kind.as_str().to_owned(),
    }
}

fn format_index(format: Format) -> usize {
    match format {
        Format::Html => 0,
        Format::Text => 1,
        Format::Sms => 2,
    }
}

/// The templates compiled once, with the fields each kind needs in each format and its page.
#[derive(Debug, Clone)]
pub struct Compiled {
    env: Environment<'static>,
    needs: Vec<(Text, [Vec<String>; 3], LayoutKind)>,
    /// Fields the HTML and the text pages name, for the letter, the form and the slip.
    layout_fields: [[BTreeSet<String>; 2]; 3],
    /// Where each template came from (`ruleset.letters.templates[0].body_vi`), by its name in
    /// the set, so that a fault found while rendering points at the text the caller sent.
    sources: BTreeMap<String, String>,
}

impl Compiled {
    fn add_source(&mut self, name: String, src: &str, path: String) -> Result<()> {
        self.env
            .add_template_owned(name.clone(), src.to_owned())
            .map_err(|e| {
                invalid_template(
                    &path,
                    format!("Mẫu thư không hợp lệ: {e}"),
                    format!("The template does not compile: {e}"),
                )
            })?;
        self.sources.insert(name, path);
        Ok(())
    }

    /// The path of the template a rendering fault is in (else of the one rendered).
    fn source_of(&self, e: &minijinja::Error, rendered: &str) -> String {
        let name = e.name().unwrap_or(rendered);
        self.sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    }
}

impl Compiled {
    /// Compiles every text and the pages (the letter's and the form's), refusing any that names
    /// an unknown field.
    pub fn new(ts: &[TemplateSet], layouts: [&Layout; 3], path: &str) -> Result<Self> {
        let mut compiled = Compiled {
            env: environment(),
            needs: Vec::new(),
            layout_fields: Default::default(),
            sources: BTreeMap::new(),
        };
        let kinds = [LayoutKind::Letter, LayoutKind::Form, LayoutKind::Slip];
        for (kind, layout) in kinds.into_iter().zip(layouts) {
            let name = kind.name();
            let p = |f: &str| format!("{path}.{name}_layout.{f}");
            let html = template_fields(&layout.html, &p("html"), LAYOUT_NAMES)?;
            let text = template_fields(&layout.text, &p("text"), LAYOUT_NAMES)?;
            compiled.add_source(format!("{name}.html"), &layout.html, p("html"))?;
            compiled.add_source(format!("{name}.txt"), &layout.text, p("text"))?;
            if let Some(slot) = compiled.layout_fields.get_mut(kind.index()) {
                *slot = [html, text];
            }
        }
        compiled.add(ts, path)?;
        Ok(compiled)
    }

    /// Compiles templates into the set, each replacing the one of its kind (a unit's own texts
    /// over the defaults); `path` names the list in errors. The layouts stay compiled.
    pub fn add(&mut self, ts: &[TemplateSet], path: &str) -> Result<()> {
        for (i, t) in ts.iter().enumerate() {
            let p = |f: &str| format!("{path}[{i}].{f}");
            let body = template_fields(&t.body_vi, &p("body_vi"), &[])?;
            template_fields(&t.body_en, &p("body_en"), &[])?;
            let sms = template_fields(&t.sms, &p("sms"), &[])?;
            let k = stem((t.kind, t.case));
            self.add_source(format!("{k}.body.txt"), &t.body_vi, p("body_vi"))?;
            self.add_source(format!("{k}.second.txt"), &t.body_en, p("body_en"))?;
            self.add_source(format!("{k}.sms.txt"), &t.sms, p("sms"))?;
            let required = |set: BTreeSet<String>| -> Vec<String> {
                set.into_iter()
                    .filter(|f| !OPTIONAL_FIELDS.contains(&f.as_str()))
                    .collect()
            };
            let with = |layout: &BTreeSet<String>| {
                let mut all = body.clone();
                all.extend(layout.iter().cloned());
                required(all)
            };
            let [html, text] = self
                .layout_fields
                .get(t.layout.index())
                .cloned()
                .unwrap_or_default();
            let needs = [with(&html), with(&text), required(sms)];
            self.needs.retain(|(text, _, _)| *text != (t.kind, t.case));
            self.needs.push(((t.kind, t.case), needs, t.layout));
        }
        Ok(())
    }

    /// The register's pages compiled into the set (names: `rows`, `register`, `unit`).
    pub fn with_register(mut self, layout: &Layout, path: &str) -> Result<Self> {
        for (name, src) in [("html", &layout.html), ("text", &layout.text)] {
            let p = format!("{path}.{name}");
            template_fields(src, &p, &["rows", "register", "unit"])?;
            self.add_source(format!("register.{name}"), src, p)?;
        }
        Ok(self)
    }

    /// The register of dossiers in `format` (`html`, else text).
    pub fn render_register(&self, format: Format, ctx: &Value) -> Result<String> {
        match format {
            Format::Html => self.render_named("register.html", ctx),
            _ => self.render_named("register.text", ctx),
        }
    }

    /// The fields a rendering in `format` needs and the context lacks, in order.
    pub fn missing_fields(&self, text: Text, format: Format, ctx: &Value) -> Vec<String> {
        self.needs
            .iter()
            .find(|(t, _, _)| *t == text)
            .and_then(|(_, n, _)| n.get(format_index(format)))
            .map(|fields| {
                fields
                    .iter()
                    .filter(|f| !present(lookup(ctx, f)))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    fn render_named(&self, name: &str, ctx: &Value) -> Result<String> {
        let tmpl = self.env.get_template(name).map_err(|e| {
            invalid_template(
                name,
                format!("Không có mẫu thư: {e}"),
                format!("No such template: {e}"),
            )
        })?;
        let mut out = Capped::default();
        match tmpl.render_captured_to(ctx, &mut out) {
            Ok(_) => Ok(String::from_utf8_lossy(&out.out).into_owned()),
            Err(e) if out.overflowed => Err(Error::template_limit(
                &self.source_of(&e, name),
                MAX_RENDER_BYTES as u64,
                "byte",
                "bytes of output",
            )),
            Err(e) if e.kind() == minijinja::ErrorKind::OutOfFuel => Err(Error::template_limit(
                &self.source_of(&e, name),
                RENDER_FUEL,
                "bước tính",
                "template instructions",
            )),
            Err(e) => Err(invalid_template(
                &self.source_of(&e, name),
                format!("Không dựng được thư: {e}"),
                format!("The letter could not be rendered: {e}"),
            )),
        }
    }

    /// Renders a letter whose context already holds every field it needs.
    pub fn render(
        &self,
        text: Text,
        paper: Paper,
        format: Format,
        second_language: Option<&str>,
        ctx: &Value,
    ) -> Result<String> {
        let k = stem(text);
        if format == Format::Sms {
            return Ok(sms_text(&self.render_named(&format!("{k}.sms.txt"), ctx)?));
        }
        let body = paragraphs(&self.render_named(&format!("{k}.body.txt"), ctx)?);
        let second = match second_language {
            Some(lang) => Some(serde_json::json!({
                "lang": lang,
                "body": paragraphs(&self.render_named(&format!("{k}.second.txt"), ctx)?),
            })),
            None => None,
        };
        let page = match paper {
            Paper::A4 => serde_json::json!({
                "size": "A4 portrait", "margin": "20mm 15mm 20mm 30mm",
                "font": "13pt", "head": "12.5pt", "sign_space": "22mm",
            }),
            Paper::A5 => serde_json::json!({
                "size": "A5 portrait", "margin": "12mm 10mm 12mm 15mm",
                "font": "11pt", "head": "10pt", "sign_space": "14mm",
            }),
        };
        let mut full = ctx.clone();
        if let Value::Object(m) = &mut full {
            m.insert("body".to_owned(), Value::from(body));
            m.insert("second".to_owned(), second.unwrap_or(Value::Null));
            m.insert("page".to_owned(), page);
        }
        let page = self
            .needs
            .iter()
            .find(|(t, _, _)| *t == text)
            .map_or(LayoutKind::Letter, |(_, _, l)| *l)
            .name();
        match format {
            Format::Html => self.render_named(&format!("{page}.html"), &full),
            _ => self.render_named(&format!("{page}.txt"), &full),
        }
    }
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join("\n"))
        .filter(|p| !p.is_empty())
        .collect()
}
