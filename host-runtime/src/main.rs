//! `thanthien`: run the thanthien component from the command line or over HTTP.
//!
//! Exit codes: 0 success, 1 an error answer (the JSON on stdout says which), 2 a usage error or
//! a component that cannot be loaded.
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand};
use serde_json::Value;
use thanthien_host::framing::{Capped, MAX_INPUT_BYTES, read_capped, text_of};
use thanthien_host::{
    Host, Limits, default_component_path, error_json, precompile, precompile_unmetered,
    unmetered_path,
};

mod batch;
mod report;
mod serve;

use batch::{BatchRequest, batch};

/// Most chunks of a batch answered at once.
const MAX_JOBS: usize = 16;

#[derive(Parser, Debug)]
#[command(
    name = "thanthien",
    version,
    about = "Vietnamese working-day calendar and one-stop rules (thanthien), run from its WebAssembly component"
)]
struct Cli {
    /// The component (.wasm, or .cwasm precompiled by this build); default: $THANTHIEN_COMPONENT,
    /// then beside this executable, then target/thanthien/ of its build tree.
    #[arg(long, global = true)]
    component: Option<PathBuf>,
    /// Wall-clock time allowed per call, in milliseconds.
    #[arg(long, global = true, default_value_t = 10_000)]
    time_limit_ms: u64,
    /// A deterministic fuel budget per call (about one wasm instruction each); off by default.
    #[arg(long, global = true)]
    fuel: Option<u64>,
    /// Memory cap per instance, in MiB.
    #[arg(long, global = true, default_value_t = 512)]
    memory_mib: usize,
    #[command(subcommand)]
    command: Command,
}

// Parsed once at start: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// One call: a JSON input (stdin by default), the JSON answer on stdout.
    Call {
        /// Operation name, e.g. calendar.add_working_days.
        operation: String,
        /// Read the input from this file instead of stdin.
        #[arg(long)]
        input: Option<PathBuf>,
        /// An administrator's ruleset (JSON or TOML) under the input: the input's own ruleset is
        /// merged over it section by section, as `serve --ruleset` does.
        #[arg(long)]
        ruleset: Option<PathBuf>,
    },
    /// NDJSON in, NDJSON out: line i of the output answers line i of the input.
    Batch {
        /// Operation name.
        operation: String,
        /// Read NDJSON from this file instead of stdin.
        #[arg(long)]
        input: Option<PathBuf>,
        /// Write NDJSON to this file instead of stdout.
        #[arg(long)]
        output: Option<PathBuf>,
        /// An administrator's ruleset (JSON or TOML) under every line: a line's own ruleset is
        /// merged over it section by section, as `serve --ruleset` does.
        #[arg(long)]
        ruleset: Option<PathBuf>,
        /// Chunks of 1000 lines answered at once, each on its own instance (default: the
        /// machine's cores, at most 16); the answers keep the order of the lines.
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// HTTP server: POST /v1/<operation>, GET /v1/operations, /v1/version, /healthz, /readyz,
    /// /metrics. Stops on SIGTERM or SIGINT after answering the calls in flight.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Calls run in the component at once (each worker keeps a warm instance).
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
        workers: u16,
        /// Calls that may wait for a worker; beyond them the answer is 503 `server_busy`.
        #[arg(long, default_value_t = 64)]
        max_pending: usize,
        /// Largest request body accepted, in bytes: at most 1,048,576, the most the engine
        /// takes in one call (`input_too_large` beyond), so this may only lower it.
        #[arg(long, default_value_t = MAX_INPUT_BYTES as u64,
              value_parser = clap::value_parser!(u64).range(1..=MAX_INPUT_BYTES as u64))]
        max_body: u64,
        /// Open connections at most; more wait to be accepted.
        #[arg(long, default_value_t = 1024)]
        max_connections: usize,
        /// Seconds to send a request's head (and to keep an idle keep-alive connection).
        #[arg(long, default_value_t = 10)]
        header_timeout: u64,
        /// Seconds to send a request's body once its head is in (408 after).
        #[arg(long, default_value_t = 30)]
        body_timeout: u64,
        /// Seconds a call may wait for a worker (503 `server_busy` after).
        #[arg(long, default_value_t = 10)]
        queue_timeout: u64,
        /// Seconds SIGTERM waits for the calls in flight before exiting anyway.
        #[arg(long, default_value_t = 30)]
        shutdown_timeout: u64,
        /// An origin allowed to call from a browser (CORS); repeat for several, `*` for any.
        /// Off by default.
        #[arg(long)]
        cors_origin: Vec<String>,
        /// The unit's ruleset (JSON or TOML), under every request.
        #[arg(long)]
        ruleset: Option<PathBuf>,
        /// What a request's own `ruleset` may hold: `default` (every section but
        /// `letters.templates`), `all`, `none`, or a list such as `days_off,letters`.
        #[arg(long, default_value = "default")]
        request_ruleset: String,
        /// No access log (one JSON line a request on stderr otherwise).
        #[arg(long)]
        no_access_log: bool,
    },
    /// The year-end report of a unit: NDJSON dossiers in (streamed, any size), print-ready HTML out.
    Report {
        /// NDJSON dossiers (`{"dossier", "extra"?}` or bare dossiers); `-` for stdin.
        #[arg(long)]
        input: PathBuf,
        /// Survey responses: NDJSON of `{"answers": {...}}`, or JSON `{"questionnaire"?, "responses"}`.
        #[arg(long)]
        surveys: Option<PathBuf>,
        /// Home-birth registrations: NDJSON, or JSON `{"registrations": [...]}`.
        #[arg(long)]
        birth_home: Option<PathBuf>,
        /// The unit's own facts for TT 01/2018 indicators 5, 6, 8, 9 (JSON).
        #[arg(long)]
        unit_facts: Option<PathBuf>,
        /// The log of complaints, denunciations and petitions: NDJSON of cases (as `case` of
        /// `grievance.compute`), or JSON `{"cases": [...]}`; indicator 8 is scored from it.
        #[arg(long)]
        grievances: Option<PathBuf>,
        /// The chairperson's reception days: a JSON array of dates, or one date a line.
        #[arg(long)]
        reception: Option<PathBuf>,
        /// Unit code (e.g. 29461, xã Trà Cú from 01/07/2025; the old communes it absorbed are counted
        /// under it).
        #[arg(long)]
        unit: String,
        /// Year.
        #[arg(long)]
        year: i32,
        /// The HTML report to write.
        #[arg(long)]
        out: PathBuf,
        /// Also write the figures as JSON.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Every record not counted, one JSON line each with its line number (default:
        /// `<out>.errors.ndjson`, written when there is one).
        #[arg(long)]
        errors: Option<PathBuf>,
        /// An administrator's ruleset (JSON or TOML).
        #[arg(long)]
        ruleset: Option<PathBuf>,
        /// Document number for the header.
        #[arg(long)]
        number: Option<String>,
        /// Place and date line for the header.
        #[arg(long)]
        date_line: Option<String>,
        /// Signer's name.
        #[arg(long)]
        signer: Option<String>,
        /// Chunks of 500 dossiers counted at once, each on its own instance, their counts then
        /// merged in line order (default: the machine's cores, at most 16).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Compile a component ahead of time for this host: <component>.cwasm (or --out) and, for
    /// `batch`, its unmetered form <component>.unmetered.cwasm (beside --out: x.unmetered.cwasm).
    Precompile {
        /// The component .wasm.
        wasm: PathBuf,
        /// Output file.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the operations of the component.
    Operations,
    /// Engine, WIT package and ruleset versions.
    Version,
}

/// The component under the command line's limits; `warm_up` for the server only
/// ([`Limits::warm_up`]); with `unmetered`, its unmetered form too (for `batch`, whose watchdog
/// keeps the time limit).
fn load(cli: &Cli, warm_up: bool, unmetered: bool) -> Result<Host> {
    let path = cli
        .component
        .clone()
        .or_else(default_component_path)
        .ok_or_else(|| anyhow!("no component found: pass --component FILE, set THANTHIEN_COMPONENT, or run `cargo xtask build`"))?;
    let limits = Limits {
        time_limit: std::time::Duration::from_millis(cli.time_limit_ms),
        fuel: cli.fuel,
        memory_bytes: cli.memory_mib << 20,
        warm_up,
        unmetered,
        ..Limits::default()
    };
    Host::load(&path, limits)
}

/// The input of `call`: at most [`MAX_INPUT_BYTES`] kept, however much is sent.
fn read_input(path: Option<&Path>) -> Result<Capped> {
    match path {
        Some(p) => {
            let f =
                std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))?;
            read_capped(f, MAX_INPUT_BYTES).with_context(|| format!("cannot read {}", p.display()))
        }
        None => read_capped(std::io::stdin().lock(), MAX_INPUT_BYTES).context("cannot read stdin"),
    }
}

/// Reads a ruleset file (TOML by extension `.toml`, else JSON) as a JSON value.
fn read_ruleset(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "toml") {
        let v: toml::Value = toml::from_str(&text)
            .with_context(|| format!("{} is not valid TOML", path.display()))?;
        Ok(serde_json::to_value(v)?)
    } else {
        serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))
    }
}

/// The unit's ruleset file under every input of `call` and `batch`, as `serve --ruleset` puts
/// it: an input's own ruleset is merged over it section by section, and every section is allowed.
fn unit_ruleset(path: Option<&Path>) -> Result<serve::Policy> {
    let ruleset = path.map(read_ruleset).transpose()?;
    serve::Policy::new(ruleset, serve::Allowed::All { templates: true })
}

/// An input under the unit's ruleset (itself when there is nothing to merge), or the error
/// answer it gets.
fn under_ruleset<'t>(
    policy: &serve::Policy,
    input: &'t str,
) -> Result<std::borrow::Cow<'t, str>, String> {
    policy
        .apply(input)
        .map_err(|refused| error_json(&refused.error()))
}

/// The server's options from the `serve` command line.
fn serve_options(cmd: &Command) -> Result<serve::Options> {
    let Command::Serve {
        addr,
        workers,
        max_pending,
        max_body,
        max_connections,
        header_timeout,
        body_timeout,
        queue_timeout,
        shutdown_timeout,
        cors_origin,
        ruleset,
        request_ruleset,
        no_access_log,
    } = cmd
    else {
        return Err(anyhow!("not the serve command"));
    };
    let server_ruleset = ruleset.as_deref().map(read_ruleset).transpose()?;
    let allowed = serve::Allowed::parse(request_ruleset).context("--request-ruleset")?;
    let secs = |s: &u64| std::time::Duration::from_secs((*s).max(1));
    Ok(serve::Options {
        addr: addr.clone(),
        workers: usize::from(*workers),
        max_pending: *max_pending,
        max_body: usize::try_from(*max_body).unwrap_or(MAX_INPUT_BYTES),
        max_connections: *max_connections,
        header_timeout: secs(header_timeout),
        body_timeout: secs(body_timeout),
        queue_timeout: secs(queue_timeout),
        shutdown_timeout: secs(shutdown_timeout),
        cors_origins: cors_origin.clone(),
        access_log: !no_access_log,
        policy: serve::Policy::new(server_ruleset, allowed)?,
    })
}

/// A stream a command reads or writes, by the name it has in messages: the file at `path`
/// (`None` when it does not exist yet), or the standard stream `std` when there is no path or it
/// is `-`.
fn stream_handle(
    path: Option<&Path>,
    std: fn() -> std::io::Result<same_file::Handle>,
    name: &str,
) -> Result<Option<(String, same_file::Handle)>> {
    match path.filter(|p| *p != Path::new("-")) {
        Some(p) => Ok(same_file::Handle::from_path(p)
            .ok()
            .map(|h| (p.display().to_string(), h))),
        None => std()
            .map(|h| Some((name.to_owned(), h)))
            .map_err(|e| anyhow!("cannot examine the {name}: {e}")),
    }
}

/// Refuses a command whose output file is one of its inputs by any name (a link, a shell
/// redirection), which writing would empty before it is read or feed back as input, or is
/// another of its outputs, which one would overwrite. `None` (or `-`) is the standard input or
/// output.
fn check_streams(inputs: &[Option<&Path>], outputs: &[Option<&Path>]) -> Result<()> {
    let mut read = Vec::new();
    for &p in inputs {
        read.extend(stream_handle(
            p,
            same_file::Handle::stdin,
            "standard input",
        )?);
    }
    let mut written: Vec<(String, same_file::Handle)> = Vec::new();
    for &p in outputs {
        let Some((name, h)) = stream_handle(p, same_file::Handle::stdout, "standard output")?
        else {
            continue;
        };
        let file = h.as_file().metadata().is_ok_and(|m| m.is_file());
        if let Some((input, _)) = read.iter().find(|(_, i)| file && *i == h) {
            return Err(anyhow!(
                "{name} is the input {input}: writing there would destroy it; write to another file"
            ));
        }
        if let Some((other, _)) = written.iter().find(|(_, o)| file && *o == h) {
            return Err(anyhow!(
                "{name} is also the output {other}: give each its own file"
            ));
        }
        written.push((name, h));
    }
    Ok(())
}

/// How an error answer starts.
const ERROR_START: &str = "{\"error\":";

fn is_error(answer: &str) -> bool {
    answer.starts_with(ERROR_START)
}

fn call(
    cli: &Cli,
    operation: &str,
    input: Option<&Path>,
    ruleset: Option<&Path>,
) -> Result<ExitCode> {
    check_streams(&[input, ruleset], &[None])?;
    let host = load(cli, false, false)?;
    let policy = unit_ruleset(ruleset)?;
    let answer = match text_of(read_input(input)?) {
        Ok(mut text) => {
            text.truncate(text.trim_end_matches(['\n', '\r']).len());
            match under_ruleset(&policy, &text) {
                Ok(input) => host.call_json(operation, &input)?,
                Err(answer) => answer,
            }
        }
        Err(e) => error_json(&e),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{answer}").and_then(|()| out.flush())?;
    Ok(if is_error(&answer) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--jobs`, or the machine's cores; at least 1, at most [`MAX_JOBS`].
fn jobs_or_cores(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    })
    .clamp(1, MAX_JOBS)
}

fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Call {
            operation,
            input,
            ruleset,
        } => call(cli, operation, input.as_deref(), ruleset.as_deref()),
        Command::Batch {
            operation,
            input,
            output,
            ruleset,
            jobs,
        } => batch(
            cli,
            &BatchRequest {
                operation,
                input: input.as_deref(),
                output: output.as_deref(),
                ruleset: ruleset.as_deref(),
                jobs: jobs_or_cores(*jobs),
            },
        ),
        Command::Serve { .. } => {
            let opts = serve_options(&cli.command)?;
            let host = Arc::new(load(cli, true, false)?);
            serve::serve(host, opts)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Report {
            input,
            surveys,
            birth_home,
            unit_facts,
            grievances,
            reception,
            unit,
            year,
            out,
            json,
            errors,
            ruleset,
            number,
            date_line,
            signer,
            jobs,
        } => {
            let reads: Vec<_> = [
                Some(input.as_path()),
                surveys.as_deref(),
                birth_home.as_deref(),
                unit_facts.as_deref(),
                grievances.as_deref(),
                reception.as_deref(),
                ruleset.as_deref(),
            ]
            .into_iter()
            .flatten()
            .map(Some)
            .collect();
            let errors_at = errors.clone().unwrap_or_else(|| report::errors_path(out));
            let writes = [
                Some(out.as_path()),
                json.as_deref(),
                Some(errors_at.as_path()),
            ];
            check_streams(&reads, &writes)?;
            let host = load(cli, false, false)?;
            report::run(
                &host,
                &report::Request {
                    input,
                    surveys: surveys.as_deref(),
                    birth_home: birth_home.as_deref(),
                    unit_facts: unit_facts.as_deref(),
                    grievances: grievances.as_deref(),
                    reception: reception.as_deref(),
                    unit,
                    year: *year,
                    out,
                    json: json.as_deref(),
                    errors: errors.as_deref(),
                    ruleset: ruleset.as_deref().map(read_ruleset).transpose()?,
                    number: number.as_deref(),
                    date_line: date_line.as_deref(),
                    signer: signer.as_deref(),
                    jobs: jobs_or_cores(*jobs),
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Precompile { wasm, out } => {
            let out = out.clone().unwrap_or_else(|| wasm.with_extension("cwasm"));
            if out.to_string_lossy().ends_with(".unmetered.cwasm") {
                return Err(anyhow!(
                    "--out {}: that name is kept for the unmetered form, written beside the output",
                    out.display()
                ));
            }
            precompile(wasm, &out)?;
            eprintln!("wrote {}", out.display());
            let unmetered = unmetered_path(&out);
            precompile_unmetered(wasm, &unmetered)?;
            eprintln!("wrote {}", unmetered.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Operations => {
            for op in load(cli, false, false)?.operations()? {
                println!("{op}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Version => {
            let host = load(cli, false, false)?;
            let mut v = host.version()?;
            v["host"] = Value::from(env!("CARGO_PKG_VERSION"));
            println!("{v}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Whether an error is the reader of our output going away (`| head`): not worth a word.
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("thanthien: {e:#}");
            ExitCode::from(2)
        }
    }
}
