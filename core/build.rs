//! Turns the TOML rule data in `data/` into compact JSON at build time, so the wasm builds carry
//! one parser (serde_json) instead of two, and minifies the official schedule JSON. The files in
//! `data/` stay the editable source.
// A build script fails the build by panicking: that is its error channel.
#![allow(clippy::panic)]

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned());
    for name in ["holidays", "office_hours"] {
        let src = format!("data/{name}.toml");
        println!("cargo::rerun-if-changed={src}");
        let text =
            std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("cannot read {src}: {e}"));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{src} is not valid TOML: {e}"));
        let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{src}: {e}"));
        std::fs::write(Path::new(&out).join(format!("{name}.json")), json)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let src = "data/vn-official-days-off.json";
    println!("cargo::rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("cannot read {src}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{src} is not valid JSON: {e}"));
    let compact = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{src}: {e}"));
    std::fs::write(Path::new(&out).join("vn-official-days-off.json"), compact)
        .unwrap_or_else(|e| panic!("{e}"));
}
