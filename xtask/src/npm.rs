//! The npm packages of the three browser builds, and the check that each installs from its
//! tarball into an empty project and works from Node and from a page in Chromium.
//!
//! Each package holds both wasm-bindgen flavours of its build: `web/` (ES module; the page
//! calls the default export `init()` once, which streams and compiles the `.wasm`) and `node/`
//! (CommonJS that loads the `.wasm` synchronously). `exports` sends Node to `node/` and every
//! other environment (browsers, bundlers) to `web/`.
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Build prefix under `target/thanthien/`, npm name, what it holds, and an operation to try.
pub const PACKAGES: [(&str, &str, &str); 3] = [
    (
        "pkg",
        "@thanthien/engine",
        "Every operation of the thanthien rules engine (Vietnamese working-day calendar, processing deadlines, letters, home birth registration, evaluation, complaints), in WebAssembly",
    ),
    (
        "pkg-forms",
        "@thanthien/forms",
        "The thanthien operations citizens' forms use (calendar, deadlines, home birth registration), in WebAssembly",
    ),
    (
        "pkg-calendar",
        "@thanthien/calendar",
        "The Vietnamese working-day and lunisolar calendar of thanthien, in WebAssembly",
    ),
];

/// The browser flavour's entry: `init()` with no argument fetches the `.wasm` beside the module
/// (wasm-bindgen's own default needs the caller to say where it is).
const WEB_INDEX_JS: &str = r#"import init from "./thanthien.js";
export * from "./thanthien.js";

/** Loads and compiles the rules (streaming); call once before the operations. */
export default function load(options) {
  return init(options ?? { module_or_path: new URL("./thanthien_bg.wasm", import.meta.url) });
}
"#;

const WEB_INDEX_TS: &str = r#"export * from "./thanthien.js";
import type { InitInput, InitOutput } from "./thanthien.js";
/** Loads and compiles the rules (streaming); call once before the operations. */
export default function load(options?: { module_or_path: InitInput | Promise<InitInput> }): Promise<InitOutput>;
"#;

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// `package.json`, written as text: `exports` conditions are matched in order, so `types`
/// comes first and `default` last (a JSON map would sort them).
fn manifest(name: &str, description: &str, version: &str) -> String {
    let flavour = |dir: &str| {
        format!(r#"{{ "types": "./{dir}/thanthien.d.ts", "default": "./{dir}/thanthien.js" }}"#)
    };
    let node = flavour("node");
    let web = r#"{ "types": "./web/index.d.ts", "default": "./web/index.js" }"#;
    let description = serde_json::to_string(description).unwrap_or_default();
    format!(
        r#"{{
  "name": "{name}",
  "version": "{version}",
  "description": {description},
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "./node/thanthien.js",
  "module": "./web/index.js",
  "types": "./web/index.d.ts",
  "exports": {{
    ".": {{
      "node": {node},
      "default": {web}
    }},
    "./web": {web},
    "./thanthien_bg.wasm": "./web/thanthien_bg.wasm",
    "./schemas/*": "./schemas/*",
    "./package.json": "./package.json"
  }},
  "files": ["web/", "node/", "schemas/", "README.md"],
  "sideEffects": ["./web/thanthien.js", "./web/index.js", "./node/thanthien.js"],
  "engines": {{ "node": ">=18" }}
}}
"#
    )
}

fn readme(name: &str, description: &str) -> String {
    format!(
        "# {name}\n\n{description}.\n\n\
         ```js\n\
         // In a page (or a bundler): load the rules once, then call.\n\
         import init, {{ callJson, calendarAddWorkingDays }} from \"{name}\";\n\
         await init();\n\
         calendarAddWorkingDays({{ start: \"2025-01-24\", days: 3 }}).date; // \"2025-02-05\"\n\
         JSON.parse(callJson(\"calendar.day\", '{{\"date\":\"2025-01-29\"}}'));\n\
         ```\n\n\
         ```js\n\
         // In Node: ready on import.\n\
         import {{ calendarAddWorkingDays }} from \"{name}\";\n\
         ```\n\n\
         Errors are answers, never exceptions: `{{\"error\": {{\"code\", \"message_vi\", \"message_en\", \"path\"}}}}`.\n\
         TypeScript declarations are included, and the JSON Schemas (2020-12) of every operation's\n\
         input and answer (`{name}/schemas/<operation>.input.schema.json`, `.output.schema.json`,\n\
         `error.schema.json`, and the server's `openapi.json`). The project's README documents every\n\
         operation.\n"
    )
}

/// Writes each package under `target/thanthien/npm/` and packs it with `npm pack`; returns the
/// tarballs.
pub fn pack(out: &Path, schemas: &Path, version: &str) -> Result<Vec<PathBuf>> {
    let npm = out.join("npm");
    let _ = std::fs::remove_dir_all(&npm);
    let mut tarballs = Vec::new();
    for (prefix, name, description) in PACKAGES {
        let dir = npm.join(name.trim_start_matches("@thanthien/"));
        copy_dir(&out.join(format!("{prefix}-web")), &dir.join("web"))?;
        copy_dir(&out.join(format!("{prefix}-nodejs")), &dir.join("node"))?;
        copy_dir(schemas, &dir.join("schemas"))?;
        std::fs::write(dir.join("web/index.js"), WEB_INDEX_JS)?;
        std::fs::write(dir.join("web/index.d.ts"), WEB_INDEX_TS)?;
        // wasm-bindgen's Node flavour is CommonJS inside a `"type": "module"` package.
        std::fs::write(dir.join("node/package.json"), "{\"type\": \"commonjs\"}\n")?;
        let manifest = manifest(name, description, version);
        serde_json::from_str::<serde_json::Value>(&manifest).context("package.json")?;
        std::fs::write(dir.join("package.json"), manifest)?;
        std::fs::write(dir.join("README.md"), readme(name, description))?;
        let packed = Command::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&npm)
            .current_dir(&dir)
            .output()
            .context("npm pack")?;
        if !packed.status.success() {
            bail!(
                "npm pack {name}: {}",
                String::from_utf8_lossy(&packed.stderr)
            );
        }
        let file = String::from_utf8(packed.stdout)?.trim().to_owned();
        tarballs.push(npm.join(file));
    }
    Ok(tarballs)
}
