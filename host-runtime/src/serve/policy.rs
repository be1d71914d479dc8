//! Which parts of a ruleset a request may carry, and the server's own ruleset under them.
//!
//! A unit that runs `serve --ruleset FILE` fixes its rules on the server. A request's own
//! `ruleset` is merged over it section by section (a section's fields override the server's
//! fields of that section), but only for the sections the server allows: by default every
//! section except `letters.templates`, since a template is code that the engine runs.
use std::borrow::Cow;
use std::collections::BTreeSet;

use anyhow::{Result, bail};
use serde_json::{Map, Value};

/// The sections a request's `ruleset` may hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Allowed {
    /// No request ruleset at all.
    None,
    /// Every section; `templates` says whether `letters.templates` is among them.
    All { templates: bool },
    /// These top-level sections (`letters.templates` named apart).
    Sections {
        sections: BTreeSet<String>,
        templates: bool,
    },
}

impl Allowed {
    /// Reads `--request-ruleset`: `none`, `all`, `default` (all but `letters.templates`) or a
    /// comma-separated list of sections such as `schedules,days_off,letters,letters.templates`.
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim() {
            "none" => return Ok(Self::None),
            "all" => return Ok(Self::All { templates: true }),
            "default" => return Ok(Self::All { templates: false }),
            _ => {}
        }
        let mut sections = BTreeSet::new();
        let mut templates = false;
        for name in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if name == "letters.templates" {
                templates = true;
                sections.insert("letters".to_owned());
            } else if name.contains('.')
                || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            {
                bail!(
                    "'{name}' is not a ruleset section (e.g. schedules, letters, letters.templates)"
                );
            } else {
                sections.insert(name.to_owned());
            }
        }
        if sections.is_empty() {
            bail!(
                "--request-ruleset names no section (use `none` to refuse every request ruleset)"
            );
        }
        Ok(Self::Sections {
            sections,
            templates,
        })
    }

    /// The first path of `ruleset` a request may not set, if any. A section or field given as
    /// `null` is not set: the engine reads it as absent.
    fn refused(&self, ruleset: &Map<String, Value>) -> Option<String> {
        let mut set = ruleset.iter().filter(|(_, v)| !v.is_null());
        let (section_ok, templates): (&dyn Fn(&str) -> bool, bool) = match self {
            Self::None => return set.next().map(|(k, _)| format!("ruleset.{k}")),
            Self::All { templates } => (&|_| true, *templates),
            Self::Sections {
                sections,
                templates,
            } => (&|k| sections.contains(k), *templates),
        };
        for (key, value) in set {
            if !section_ok(key) {
                return Some(format!("ruleset.{key}"));
            }
            let sets_templates = value.get("templates").is_some_and(|t| !t.is_null());
            if key == "letters" && !templates && sets_templates {
                return Some("ruleset.letters.templates".to_owned());
            }
        }
        None
    }
}

/// The server's ruleset and what requests may add to it.
#[derive(Clone, Debug)]
pub struct Policy {
    server: Option<Map<String, Value>>,
    /// The server's ruleset as JSON text, for inputs that carry none.
    server_text: Option<String>,
    allowed: Allowed,
}

/// A request ruleset section the server does not accept, by its path.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused(pub String);

impl Refused {
    /// The error: `ruleset_not_allowed` at the section's path, in Vietnamese and English.
    pub fn error(&self) -> thanthien_host::wit::Error {
        let path = &self.0;
        thanthien_host::wit::Error {
            code: "ruleset_not_allowed".to_owned(),
            message_vi: format!("Máy chủ này không nhận phần {path} trong yêu cầu"),
            message_en: format!("This server does not accept {path} in a request"),
            path: path.clone(),
        }
    }
}

impl Policy {
    /// `server` must be a JSON object (a ruleset file as read by `--ruleset`).
    pub fn new(server: Option<Value>, allowed: Allowed) -> Result<Self> {
        let server = match server {
            None => None,
            Some(Value::Object(m)) => Some(m),
            Some(_) => bail!("the server's ruleset is not an object of sections"),
        };
        let server_text = server
            .as_ref()
            .map(|m| Value::Object(m.clone()).to_string());
        Ok(Self {
            server,
            server_text,
            allowed,
        })
    }

    /// The input the component receives: the request's own ruleset checked against the
    /// allowed sections and merged over the server's. Inputs that are not JSON objects pass
    /// unchanged, so that the component reports them as for any caller.
    pub fn apply<'a>(&self, input: &'a str) -> Result<Cow<'a, str>, Refused> {
        if self.server.is_none() && self.allowed == (Allowed::All { templates: true }) {
            // Nothing to add and nothing to refuse: the input is not even read.
            return Ok(Cow::Borrowed(input));
        }
        // A key may be spelt with escapes (`"\u0072uleset"`): only text with neither the word
        // nor an escape is known to carry no ruleset without parsing it.
        let may_carry = input.contains("ruleset") || input.contains("\\u");
        if !may_carry {
            return Ok(match &self.server_text {
                None => Cow::Borrowed(input),
                Some(rs) => insert_last(input, rs).map_or(Cow::Borrowed(input), Cow::Owned),
            });
        }
        let Ok(Value::Object(mut obj)) = serde_json::from_str::<Value>(input) else {
            return Ok(Cow::Borrowed(input));
        };
        let own = match obj.get("ruleset") {
            None => None,
            Some(Value::Object(rs)) => {
                if let Some(path) = self.allowed.refused(rs) {
                    return Err(Refused(path));
                }
                Some(rs.clone())
            }
            // Not an object: the component answers `invalid_ruleset` at its path.
            Some(_) => return Ok(Cow::Borrowed(input)),
        };
        let merged = match (&self.server, own) {
            (None, _) => return Ok(Cow::Borrowed(input)),
            (Some(server), None) => server.clone(),
            (Some(server), Some(own)) => merge(server.clone(), own),
        };
        obj.insert("ruleset".to_owned(), Value::Object(merged));
        Ok(Cow::Owned(Value::Object(obj).to_string()))
    }
}

/// `over`'s sections on `base`: a section that is an object in both is merged field by field;
/// a section or field `null` in `over` is not set there (the engine reads it as absent), so the
/// server's stands.
fn merge(mut base: Map<String, Value>, over: Map<String, Value>) -> Map<String, Value> {
    let set = |m: Map<String, Value>| m.into_iter().filter(|(_, v)| !v.is_null());
    for (key, value) in set(over) {
        match (base.get_mut(&key), value) {
            (Some(Value::Object(b)), Value::Object(o)) => b.extend(set(o)),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
    base
}

/// `{…, "ruleset": <ruleset>}` from an input object's text without parsing it, the ruleset put
/// last so that where a parser finds a fault in a malformed input is where the caller wrote it;
/// `None` when the text does not start and end as an object.
fn insert_last(input: &str, ruleset: &str) -> Option<String> {
    let head = input.trim_end().strip_suffix('}')?;
    let body = head.trim_start().strip_prefix('{')?;
    let sep = if body.trim().is_empty() { "" } else { "," };
    Some(format!("{head}{sep}\"ruleset\":{ruleset}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy(server: Option<Value>, allowed: &str) -> Policy {
        Policy::new(server, Allowed::parse(allowed).unwrap()).unwrap()
    }

    fn applied(p: &Policy, input: &str) -> Result<Value, Refused> {
        p.apply(input)
            .map(|t| serde_json::from_str(&t).expect("valid JSON"))
    }

    /// The server's ruleset goes last: a malformed input keeps the position of its fault.
    #[test]
    fn the_servers_ruleset_is_put_last() {
        let p = policy(Some(json!({"version": "unit"})), "default");
        let put = |input: &str| p.apply(input).unwrap().into_owned();
        assert_eq!(put("{}"), r#"{"ruleset":{"version":"unit"}}"#);
        assert_eq!(
            put(r#" {"date": "2025-01-01"} "#),
            r#" {"date": "2025-01-01","ruleset":{"version":"unit"}}"#
        );
        let fault = |t: &str| serde_json::from_str::<Value>(t).unwrap_err().column();
        let broken = r#"{"date": , "x": 1}"#;
        assert_eq!(fault(&put(broken)), fault(broken));
        assert_eq!(put("[1]"), "[1]");
        assert_eq!(put("{} x"), "{} x");
    }

    /// `null` sets nothing: it is not refused, and the server's section stands.
    #[test]
    fn a_null_section_or_field_is_not_set() {
        let none = policy(None, "none");
        let sent = r#"{"date":"2025-01-01","ruleset":{"days_off":null}}"#;
        assert!(none.apply(sent).is_ok());
        let default = policy(None, "default");
        let sent = r#"{"date":"2025-01-01","ruleset":{"letters":{"templates":null}}}"#;
        assert!(default.apply(sent).is_ok());
        let server =
            json!({"days_off": [{"date": "2026-12-01"}], "office_hours": {"a": 1, "b": 2}});
        let p = policy(Some(server), "default");
        let sent = r#"{"ruleset":{"days_off":null,"office_hours":{"a":null,"b":3}}}"#;
        assert_eq!(
            applied(&p, sent).unwrap()["ruleset"],
            json!({"days_off": [{"date": "2026-12-01"}], "office_hours": {"a": 1, "b": 3}})
        );
        assert_eq!(
            applied(&none, r#"{"ruleset":{"days_off":[]}}"#),
            Err(Refused("ruleset.days_off".to_owned()))
        );
    }

    #[test]
    fn templates_are_refused_by_default_even_spelt_with_escapes() {
        let p = policy(None, "default");
        let sent = r#"{"date":"2025-01-01","ruleset":{"letters":{"templates":[]}}}"#;
        assert_eq!(
            applied(&p, sent),
            Err(Refused("ruleset.letters.templates".to_owned()))
        );
        let escaped = r#"{"\u0072uleset":{"letters":{"templ\u0061tes":[]}}}"#;
        assert_eq!(
            applied(&p, escaped),
            Err(Refused("ruleset.letters.templates".to_owned()))
        );
        let days_off = r#"{"ruleset":{"days_off":[]},"date":"2025-01-01"}"#;
        assert_eq!(p.apply(days_off).unwrap(), days_off);
    }

    #[test]
    fn a_list_allows_only_its_sections() {
        let p = policy(None, "days_off, letters.templates");
        assert!(applied(&p, r#"{"ruleset":{"letters":{"templates":[]}}}"#).is_ok());
        assert_eq!(
            applied(&p, r#"{"ruleset":{"days_off":[],"schedules":[]}}"#),
            Err(Refused("ruleset.schedules".to_owned()))
        );
        let none = policy(None, "none");
        assert_eq!(
            applied(&none, r#"{"ruleset":{"version":"x"}}"#),
            Err(Refused("ruleset.version".to_owned()))
        );
        assert!(Allowed::parse("letters.units").is_err());
        assert!(Allowed::parse(" , ").is_err());
    }

    #[test]
    fn the_server_ruleset_goes_under_the_request_section_by_section() {
        let server = json!({"days_off": ["2025-01-02"], "letters": {"disabled": ["thank_you"],
            "units": [{"code": "1"}]}});
        let p = policy(Some(server.clone()), "default");
        assert_eq!(
            applied(&p, r#" { "date" : "2025-01-01" }"#).unwrap(),
            json!({"date": "2025-01-01", "ruleset": server})
        );
        assert_eq!(applied(&p, "{}").unwrap(), json!({"ruleset": server}));
        assert_eq!(
            applied(&p, r#"{"ruleset":{"letters":{"disabled":[]}},"n":1}"#).unwrap(),
            json!({"n": 1, "ruleset": {"days_off": ["2025-01-02"],
                "letters": {"disabled": [], "units": [{"code": "1"}]}}})
        );
        // Not an object: passed on for the component to refuse.
        assert_eq!(p.apply("[1]").unwrap(), "[1]");
        assert_eq!(p.apply(r#"{"ruleset":3}"#).unwrap(), r#"{"ruleset":3}"#);
    }
}
