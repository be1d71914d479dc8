//! Structure-aware fuzzing of every operation, through the component and natively (issue #14).
//!
//! Inputs are the corpus's, mutated as a careless or hostile client would send them: numbers at
//! the edges of their types, dates at and past the engine's range, strings long and odd, keys
//! dropped, added and written twice, values of the wrong type, deep nesting, truncated text. Each
//! round sends a batch of mutants of one operation through the component (`call-batch`) and
//! each mutant through the native core, and asserts: a JSON answer for every input, in order (N
//! answers for N inputs), never a guest fault (`internal_error`), never a native panic, and the
//! same answer from both. A failure is written as a ready corpus case to `--found`.
//!
//! `fuzz [--seconds N] [--seed S] [--component FILE] [--found FILE]`
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use thanthien_host::{Host, Limits};

#[path = "../../support/splitmix.rs"]
mod splitmix;

/// Largest mutant sent: a little over the 1 MiB an input may carry, so the cap is exercised
/// without the fuzzer holding gigabytes.
const MAX_MUTANT_BYTES: usize = 3 << 20;

/// A small deterministic generator (splitmix64): a run is reproduced from its seed.
struct Rng(splitmix::SplitMix64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

fn edge_number(rng: &mut Rng) -> Value {
    let ints: [i64; 14] = [
        0,
        -1,
        1,
        i64::MIN,
        i64::MAX,
        i64::from(i32::MAX),
        i64::from(i32::MIN),
        i64::from(u32::MAX),
        1 << 53,
        -(1 << 53),
        100_000,
        100_001,
        -100_001,
        255,
    ];
    match rng.below(4) {
        0 => json!(u64::MAX),
        1 => json!(*rng.pick(&[1e308, -1e308, 0.5, -0.0, 1e-7, 3.000_000_1, 1e15, 2.5e-300])),
        _ => json!(*rng.pick(&ints)),
    }
}

fn edge_date(rng: &mut Rng, text: &str) -> Value {
    let dates = [
        "1899-12-31",
        "1900-01-01",
        "1994-12-31",
        "1995-01-01",
        "2199-12-31",
        "2200-01-01",
        "0000-01-01",
        "9999-12-31",
        "2025-02-29",
        "2024-02-29",
        "2025-13-01",
        "2025-00-10",
        "2025-04-31",
        "-001-01-01",
        "2025-1-1",
        "20250101",
    ];
    let date = *rng.pick(&dates);
    // Keep the time part (and offset) of a date-time, so the moment parser is reached.
    match text.get(10..) {
        Some(rest) if !rest.is_empty() && rng.below(4) > 0 => Value::from(format!("{date}{rest}")),
        _ if rng.chance(3) => Value::from(format!(
            "{date}T{}",
            rng.pick(&["24:00", "23:59:60", "08:00+25:00", "08:00Z", "7:00"])
        )),
        _ => Value::from(date),
    }
}

fn odd_string(rng: &mut Rng) -> Value {
    match rng.below(40) {
        0 => Value::from("Đ".repeat(20_000)),
        1 => Value::from("x".repeat(300_000)),
        2..=5 => Value::from("x".repeat(1 + rng.below(600))),
        _ => Value::from(*rng.pick(&[
            "",
            " ",
            "\u{0}",
            "\u{feff}",
            "<script>alert(1)</script>",
            "{{ 7*7 }}{% for x in y %}",
            "💥🇻🇳",
            "\u{202e}ngược",
            "12",
            "null",
            "*",
            "nope",
            "29461",
            "ho_tich.khai_sinh",
            "received",
            "working_days",
        ])),
    }
}

fn wrong_type(rng: &mut Rng) -> Value {
    rng.pick(&[
        Value::Null,
        json!(true),
        json!("x"),
        json!(1),
        json!([]),
        json!({}),
        json!([[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]),
    ])
    .clone()
}

fn deep(n: usize) -> Value {
    let mut v = json!(1);
    for _ in 0..n {
        v = json!([v]);
    }
    v
}

/// One mutation somewhere in `v` (each node is a candidate with the same chance).
fn mutate(v: &mut Value, rng: &mut Rng, keys: &[String]) {
    let here = rng.chance(4);
    match v {
        Value::Object(m) if !here && !m.is_empty() => {
            let k = some_key(m, rng);
            if let Some(child) = m.get_mut(&k) {
                mutate(child, rng, keys);
            }
        }
        Value::Array(a) if !here && !a.is_empty() => {
            let i = rng.below(a.len());
            mutate(&mut a[i], rng, keys);
        }
        Value::Object(m) => mutate_object(m, rng, keys),
        Value::Array(a) => match rng.below(5) {
            0 => a.clear(),
            1 if !a.is_empty() => {
                let x = a[rng.below(a.len())].clone();
                // Past a few MB an input only meets the size cap; keep the fuzzer's own memory
                // bounded.
                let most = MAX_MUTANT_BYTES / (x.to_string().len() + 1);
                let n = (*rng.pick(&[1, 1, 2, 200, 3000])).min(most);
                a.extend(std::iter::repeat_n(x, n));
            }
            2 => a.reverse(),
            3 if !a.is_empty() => {
                a.remove(rng.below(a.len()));
            }
            _ => *v = wrong_type(rng),
        },
        Value::Number(_) => {
            *v = if rng.chance(6) {
                wrong_type(rng)
            } else {
                edge_number(rng)
            }
        }
        Value::String(s) => {
            *v = if s.len() >= 10 && s.as_bytes()[4] == b'-' && rng.below(3) > 0 {
                edge_date(rng, s)
            } else if rng.chance(5) {
                wrong_type(rng)
            } else {
                odd_string(rng)
            }
        }
        _ => {
            *v = match rng.below(3) {
                0 => edge_number(rng),
                1 => odd_string(rng),
                _ => deep(*rng.pick(&[10, 127, 128, 129, 2000])),
            }
        }
    }
}

/// One of the object's keys, at random (`""` for an empty object).
fn some_key(m: &Map<String, Value>, rng: &mut Rng) -> String {
    let i = rng.below(m.len());
    m.keys().nth(i).cloned().unwrap_or_default()
}

fn mutate_object(m: &mut Map<String, Value>, rng: &mut Rng, keys: &[String]) {
    match rng.below(8) {
        0 if !m.is_empty() => {
            let k = some_key(m, rng);
            m.remove(&k);
        }
        1 => {
            let k = rng.pick(keys).clone();
            let v = wrong_type(rng);
            m.insert(k, v);
        }
        2 => {
            m.insert(
                rng.pick(&["zzz", "ruleset", "", "__proto__"]).to_string(),
                wrong_type(rng),
            );
        }
        3 | 4 if !m.is_empty() => {
            let k = some_key(m, rng);
            if let Some(x) = m.get_mut(&k) {
                mutate(x, rng, keys);
            }
        }
        _ if !m.is_empty() => {
            let k = some_key(m, rng);
            m.insert(k, wrong_type(rng));
        }
        _ => {}
    }
}

/// JSON text of `v`; while `twice` is set, the first object met with keys writes one of them
/// twice (and clears it).
fn write(v: &Value, rng: &mut Rng, twice_left: &mut bool, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push('{');
            let twice = (*twice_left && !m.is_empty() && rng.chance(2)).then(|| {
                *twice_left = false;
                rng.below(m.len())
            });
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let mut entry = |out: &mut String, rng: &mut Rng| {
                    out.push_str(&Value::from(k.as_str()).to_string());
                    out.push(':');
                    write(x, rng, twice_left, out);
                };
                entry(out, rng);
                if twice == Some(i) {
                    out.push(',');
                    entry(out, rng);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(x, rng, twice_left, out);
            }
            out.push(']');
        }
        leaf => out.push_str(&leaf.to_string()),
    }
}

fn mutant(seed: &Value, rng: &mut Rng, keys: &[String]) -> String {
    let mut v = seed.clone();
    for _ in 0..=rng.below(3) {
        mutate(&mut v, rng, keys);
    }
    let mut text = String::new();
    let mut twice = rng.chance(25);
    write(&v, rng, &mut twice, &mut text);
    text.truncate(text.floor_char_boundary(MAX_MUTANT_BYTES));
    if rng.chance(60) {
        let mut cut = rng.below(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// Every key the corpus inputs use, to add where they do not belong.
fn all_keys(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.clone());
                all_keys(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| all_keys(x, out)),
        _ => {}
    }
}

struct Args {
    seconds: u64,
    seed: u64,
    component: PathBuf,
    found: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        seconds: 60,
        seed: 14,
        component: std::env::var_os("THANTHIEN_COMPONENT")
            .map(PathBuf::from)
            .unwrap_or_default(),
        found: PathBuf::from("target/fuzz/found.json"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--seconds" => a.seconds = value.parse().unwrap_or(a.seconds),
            "--seed" => a.seed = value.parse().unwrap_or(a.seed),
            "--component" => a.component = PathBuf::from(value),
            "--found" => a.found = PathBuf::from(value),
            _ => {
                eprintln!("usage: fuzz [--seconds N] [--seed S] [--component FILE] [--found FILE]");
                std::process::exit(2);
            }
        }
    }
    a
}

/// The native answer to `input` as one record of a batch of `op`.
fn native_in_batch(op: &str, input: &str) -> String {
    let answer = thanthien_core::api::call_batch(op, std::slice::from_ref(&input)).pop();
    thanthien_core::api::answer_text(
        answer.unwrap_or_else(|| Err(thanthien_core::error::Error::unwritable("no answer"))),
    )
}

/// What is wrong with an answer, if anything.
fn fault(native: &Result<String, String>, component: &str) -> Option<String> {
    let native = match native {
        Ok(n) => n,
        Err(panic) => return Some(format!("native panic: {panic}")),
    };
    let Ok(c) = serde_json::from_str::<Value>(component) else {
        return Some("the component's answer is not JSON".into());
    };
    if let Some(code) = c.pointer("/error/code").and_then(Value::as_str) {
        if code == "internal_error" || code == "internal_data" {
            return Some(format!("component: {code}"));
        }
        if code == "resource_limit" {
            return None;
        }
    }
    (native != component).then(|| "native and component answers differ".to_owned())
}

fn main() {
    let a = args();
    let host = Host::load(&a.component, Limits::default()).unwrap_or_else(|e| {
        eprintln!(
            "fuzz: cannot load the component {}: {e:#}",
            a.component.display()
        );
        std::process::exit(2);
    });
    let cases = thanthien_conformance::load();
    let mut seeds: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut keys = std::collections::BTreeSet::new();
    for c in &cases {
        if let Ok(v) = serde_json::from_str::<Value>(&c.input_text) {
            all_keys(&v, &mut keys);
            seeds.entry(c.operation.clone()).or_default().push(v);
        }
    }
    seeds
        .entry("no.such_operation".into())
        .or_default()
        .push(json!({}));
    let keys: Vec<String> = keys.into_iter().collect();
    let ops: Vec<String> = seeds.keys().cloned().collect();
    let mut rng = Rng(splitmix::SplitMix64(a.seed));
    let (start, limit) = (Instant::now(), Duration::from_secs(a.seconds));
    let (mut inputs_sent, mut limited, mut found) = (0u64, 0u64, Vec::new());
    let mut codes: BTreeMap<String, u64> = BTreeMap::new();
    std::panic::set_hook(Box::new(|_| {}));
    while start.elapsed() < limit && found.len() < 20 {
        let op = rng.pick(&ops).clone();
        let batch: Vec<String> = (0..=rng.below(64))
            .map(|_| mutant(rng.pick(&seeds[&op]), &mut rng, &keys))
            .collect();
        let answers = match host.call_batch_json(&op, &batch) {
            Ok(a) if a.len() == batch.len() => a,
            other => {
                let why = format!(
                    "batch of {} answered {:?}",
                    batch.len(),
                    other.map(|a| a.len())
                );
                found.push(json!({"operation": op, "input_text": batch[0], "comment": why}));
                continue;
            }
        };
        for (input, answer) in batch.iter().zip(&answers) {
            inputs_sent += 1;
            // The component answers a batch in the lean form: the native answer is a batch's too.
            let native = std::panic::catch_unwind(|| native_in_batch(&op, input)).map_err(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            });
            let code = serde_json::from_str::<Value>(answer)
                .ok()
                .and_then(|v| {
                    v.pointer("/error/code")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .unwrap_or_else(|| "ok".into());
            limited += u64::from(code == "resource_limit");
            *codes.entry(code).or_default() += 1;
            if let Some(why) = fault(&native, answer) {
                eprintln!("FOUND {op}: {why}: {:.300}", input);
                found.push(json!({
                    "name": format!("fuzz-{}-{}", op, found.len()),
                    "operation": op,
                    "input_text": input,
                    "comment": format!("Found by the fuzzer (seed {}): {why}", a.seed),
                }));
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "fuzz: {inputs_sent} inputs over {} operations in {secs:.0} s ({:.0}/s), seed {}, {} found, {limited} stopped by a limit",
        ops.len(),
        inputs_sent as f64 / secs,
        a.seed,
        found.len()
    );
    println!(
        "answers by code: {}",
        serde_json::to_string(&codes).unwrap_or_default()
    );
    if !found.is_empty() {
        if let Some(dir) = a.found.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let doc = json!({ "cases": found });
        let _ = std::fs::write(
            &a.found,
            serde_json::to_string_pretty(&doc).unwrap_or_default(),
        );
        eprintln!(
            "fuzz: {} failing inputs written to {}",
            found.len(),
            a.found.display()
        );
        std::process::exit(1);
    }
}
