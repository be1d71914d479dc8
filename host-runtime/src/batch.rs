//! `thanthien batch`: NDJSON in, NDJSON out, line i answering line i.
//!
//! Chunks of [`CHUNK`] lines are read on the calling thread, answered by `--jobs` workers, each
//! on its own instance, and written in order by a writer thread, so that reading, answering and
//! writing overlap. The workers answer on the component's unmetered form, compiled without the
//! epoch checks that keep a call's time limit (about 16 % less CPU; [`Limits::unmetered`]). A
//! watchdog keeps the limit instead ([`Host::time_limit`], counted from the chunk's start, an
//! instance's start included): a chunk still running past it is answered again through the
//! metered instances, each line alone under the limit (a line that exceeds it is answered
//! `resource_limit`), and its worker is replaced. An unmetered computation cannot be stopped,
//! so the worker's thread is abandoned: it ends with its call, or with the process, keeping a
//! core busy meanwhile. Past one abandoned worker per job the rest of the batch runs metered, so
//! that they stay few. Without an unmetered form the workers answer metered.
//!
//! [`Limits::unmetered`]: thanthien_host::Limits::unmetered
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use thanthien_host::framing::{MAX_INPUT_BYTES, read_line_capped, text_of, with_plain_line};
use thanthien_host::{EPOCH_TICK, Host, error_json};

use crate::{Cli, ERROR_START, is_error, load, serve, under_ruleset, unit_ruleset};

/// Records sent to the component in one batch call.
const CHUNK: usize = 1000;
/// Chunks read ahead of the writer, per worker.
const AHEAD: usize = 4;

/// What `thanthien batch` was asked.
pub struct BatchRequest<'a> {
    pub operation: &'a str,
    pub input: Option<&'a Path>,
    pub output: Option<&'a Path>,
    pub ruleset: Option<&'a Path>,
    pub jobs: usize,
}

/// What a batch asks of the component: [`Host`]'s calls, or in the tests a guest that can be
/// made to hang.
trait Answerer: Send + Sync + 'static {
    /// Whether it has an unmetered form.
    fn has_unmetered(&self) -> bool;
    /// The time limit of one call ([`Host::time_limit`]).
    fn time_limit(&self) -> Duration;
    /// [`Host::call_lines_unmetered`].
    fn unmetered(&self, operation: &str, lines: &str, count: usize) -> Result<Option<String>>;
    /// [`Host::call_lines_json`].
    fn metered(&self, operation: &str, lines: &str, count: usize) -> Result<String>;
    /// [`Host::call_each_json`].
    fn each(&self, operation: &str, lines: &[&str]) -> Result<Vec<String>>;
}

impl Answerer for Host {
    fn has_unmetered(&self) -> bool {
        Host::has_unmetered(self)
    }
    fn time_limit(&self) -> Duration {
        Host::time_limit(self)
    }
    fn unmetered(&self, operation: &str, lines: &str, count: usize) -> Result<Option<String>> {
        self.call_lines_unmetered(operation, lines, count)
    }
    fn metered(&self, operation: &str, lines: &str, count: usize) -> Result<String> {
        self.call_lines_json(operation, lines, count)
    }
    fn each(&self, operation: &str, lines: &[&str]) -> Result<Vec<String>> {
        self.call_each_json(operation, lines)
    }
}

/// One chunk of a batch: the inputs sent to the component as lines, and for each line in
/// order either its answer already (a line too large or not UTF-8) or `None` for the next
/// component answer.
#[derive(Default)]
struct Chunk {
    lines: String,
    count: usize,
    slots: Vec<Option<String>>,
}

impl Chunk {
    /// Up to [`CHUNK`] lines; an empty chunk at the end of the input. A read error ends the
    /// chunk early: the lines read before it are kept, to be answered, and the error is given
    /// beside them.
    fn read(reader: &mut impl BufRead, policy: &serve::Policy) -> (Self, Result<()>) {
        let mut chunk = Self::default();
        let status = chunk.fill(reader, policy).context("cannot read the input");
        (chunk, status)
    }

    fn fill(&mut self, reader: &mut impl BufRead, policy: &serve::Policy) -> std::io::Result<()> {
        while self.slots.len() < CHUNK {
            if with_plain_line(reader, MAX_INPUT_BYTES, |text| self.add(policy, text))? {
                continue;
            }
            let Some(line) = read_line_capped(reader, MAX_INPUT_BYTES)? else {
                break;
            };
            match text_of(line) {
                Ok(text) => self.add(policy, &text),
                Err(e) => self.slots.push(Some(error_json(&e))),
            }
        }
        Ok(())
    }

    /// A line's text, under the `--ruleset` given (or its refusal, answered in its place).
    fn add(&mut self, policy: &serve::Policy, text: &str) {
        match under_ruleset(policy, text) {
            Ok(input) => self.push(&input),
            Err(answer) => self.slots.push(Some(answer)),
        }
    }

    /// An input for the component: a line, so it holds no newline (a ruleset merged into it
    /// is written on one line too); were one there, [`Host::call_lines_json`] would find the
    /// answers miscounted and stop the batch with that error.
    fn push(&mut self, input: &str) {
        if self.count > 0 {
            self.lines.push('\n');
        }
        self.lines.push_str(input);
        self.count += 1;
        self.slots.push(None);
    }

    /// The component's answers on the unmetered form (`None`: answer through [`Chunk::answer`]).
    fn answer_unmetered(&self, host: &impl Answerer, operation: &str) -> Result<Option<String>> {
        host.unmetered(operation, &self.lines, self.count)
    }

    /// The component's answers through the metered instances, under the time limit.
    fn answer(&self, host: &impl Answerer, operation: &str) -> Result<String> {
        host.metered(operation, &self.lines, self.count)
    }

    /// The component's answers through the metered instances, each line alone under the time
    /// limit: for a chunk that already ran past it as a whole.
    fn answer_by_line(&self, host: &impl Answerer, operation: &str) -> Result<String> {
        let lines: Vec<&str> = self.lines.split('\n').collect();
        Ok(host.each(operation, &lines)?.join("\n"))
    }

    /// The chunk's answers: all of them when it has no line for the component.
    fn answered(&self, answer: impl FnOnce() -> Result<String>) -> Result<(String, usize)> {
        let answered = if self.count == 0 {
            String::new()
        } else {
            catch(answer)?
        };
        self.merge(answered)
    }

    /// The answers of all the chunk's lines, in order, joined by `\n`: the component's
    /// `answered` with those given in place.
    fn merge(&self, answered: String) -> Result<(String, usize)> {
        let n = self.slots.len();
        if self.slots.iter().all(Option::is_none) {
            return Ok((answered, n));
        }
        let mut answers = answered.split('\n');
        let lines = self
            .slots
            .iter()
            .map(|slot| match slot {
                Some(answer) => Ok(answer.as_str()),
                None => answers.next().ok_or_else(|| anyhow!("missing answer")),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((lines.join("\n"), n))
    }
}

/// A chunk answered (its text and number of lines), by its index; or the number of chunks
/// read, once the input is read to its end.
enum Done {
    Chunk(usize, Result<(String, usize)>),
    End(usize),
}

/// What every worker shares.
struct Shared<A> {
    host: A,
    operation: String,
    work: Mutex<mpsc::Receiver<(usize, Arc<Chunk>)>>,
    /// Workers abandoned to an overrunning chunk; past [`Shared::most_abandoned`] the rest of
    /// the batch is answered metered, so that abandoned threads, which keep their cores busy,
    /// stay few.
    abandoned: AtomicUsize,
    most_abandoned: usize,
}

impl<A: Answerer> Shared<A> {
    fn unmetered(&self) -> bool {
        self.host.has_unmetered() && self.abandoned.load(Ordering::Relaxed) < self.most_abandoned
    }
}

/// The chunk a worker is answering on the unmetered form, for the watchdog.
#[derive(Default)]
struct Watch(Mutex<Option<Running>>);

struct Running {
    index: usize,
    chunk: Arc<Chunk>,
    since: Instant,
    taken: bool,
}

impl Watch {
    fn start(&self, index: usize, chunk: &Arc<Chunk>) {
        if let Ok(mut w) = self.0.lock() {
            *w = Some(Running {
                index,
                chunk: Arc::clone(chunk),
                since: Instant::now(),
                taken: false,
            });
        }
    }

    /// Ends the watch; false when the watchdog took the chunk meanwhile.
    fn finish(&self) -> bool {
        self.0
            .lock()
            .ok()
            .and_then(|mut w| w.take())
            .is_none_or(|r| !r.taken)
    }

    /// The chunk when it has run past `limit` (taken: its worker's answer will be dropped).
    fn overrun(&self, limit: Duration) -> Option<(usize, Arc<Chunk>)> {
        let mut w = self.0.lock().ok()?;
        let r = w
            .as_mut()
            .filter(|r| !r.taken && r.since.elapsed() > limit)?;
        r.taken = true;
        Some((r.index, Arc::clone(&r.chunk)))
    }
}

/// A worker on its own thread, answering chunks until the input ends or its chunk is taken.
fn spawn_worker<A: Answerer>(
    shared: &Arc<Shared<A>>,
    done: mpsc::Sender<Done>,
) -> Result<Arc<Watch>> {
    let watch = Arc::new(Watch::default());
    let (shared, mine) = (Arc::clone(shared), Arc::clone(&watch));
    std::thread::Builder::new()
        .spawn(move || {
            let next = || shared.work.lock().ok().and_then(|r| r.recv().ok());
            while let Some((i, chunk)) = next() {
                let answer = answer_watched(&shared, &mine, i, &chunk);
                if let Some(a) = answer
                    && done.send(Done::Chunk(i, a)).is_ok()
                {
                    continue;
                }
                return;
            }
        })
        .context("cannot start a batch worker")?;
    Ok(watch)
}

/// A chunk's answers, first on the unmetered form under `watch` when the batch still uses it
/// (through the metered instances when the unmetered form fails: memory cap, fault); `None`
/// when the watchdog took the chunk meanwhile.
fn answer_watched<A: Answerer>(
    shared: &Shared<A>,
    watch: &Watch,
    i: usize,
    chunk: &Arc<Chunk>,
) -> Option<Result<(String, usize)>> {
    let (host, op) = (&shared.host, shared.operation.as_str());
    if chunk.count == 0 || !shared.unmetered() {
        return Some(chunk.answered(|| chunk.answer(host, op)));
    }
    watch.start(i, chunk);
    let first = catch(|| chunk.answer_unmetered(host, op));
    if !watch.finish() {
        return None;
    }
    Some(match first {
        Ok(Some(answers)) => chunk.merge(answers),
        Ok(None) => chunk.answered(|| chunk.answer(host, op)),
        Err(e) => Err(e),
    })
}

/// `f`'s result, a panic in it being an error: the writer waits for every chunk, so a worker
/// must answer each chunk it takes, if only with an error.
fn catch<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(anyhow!("a batch worker panicked")))
}

/// Every [`EPOCH_TICK`] until `stop` is dropped: a chunk past `limit` is answered again
/// through the metered instances, line by line, on a thread of its own, and its worker replaced.
/// A thread that cannot be started answers the chunk with that error (the writer waits for
/// every chunk, so the watchdog must answer each it takes).
fn watchdog<A: Answerer>(
    shared: Arc<Shared<A>>,
    mut watches: Vec<Arc<Watch>>,
    done: mpsc::Sender<Done>,
    limit: Duration,
) -> mpsc::Sender<()> {
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(EPOCH_TICK) {
            for watch in &mut watches {
                if let Some((i, chunk)) = watch.overrun(limit) {
                    let abandoned = shared.abandoned.fetch_add(1, Ordering::Relaxed) + 1;
                    let answer = rescue(&shared, &done, i, chunk);
                    let replaced = answer.and_then(|()| spawn_worker(&shared, done.clone()));
                    match replaced {
                        Ok(w) => *watch = w,
                        Err(e) => {
                            let _ = done.send(Done::Chunk(i, Err(e)));
                        }
                    }
                    say_overrun(i, limit, abandoned, shared.most_abandoned);
                }
            }
        }
    });
    stop
}

/// Answers a chunk taken from its worker, line by line through the metered instances, on a
/// thread of its own.
fn rescue<A: Answerer>(
    shared: &Arc<Shared<A>>,
    done: &mpsc::Sender<Done>,
    i: usize,
    chunk: Arc<Chunk>,
) -> Result<()> {
    let (shared, done) = (Arc::clone(shared), done.clone());
    std::thread::Builder::new()
        .spawn(move || {
            let answer = chunk.answered(|| chunk.answer_by_line(&shared.host, &shared.operation));
            let _ = done.send(Done::Chunk(i, answer));
        })
        .context("cannot start a thread for a chunk past the time limit")?;
    Ok(())
}

/// Says on standard error (whose failure stops nothing) that chunk `i` overran.
fn say_overrun(i: usize, limit: Duration, abandoned: usize, most: usize) {
    let rest = if abandoned >= most {
        "; the rest of the batch runs metered"
    } else {
        ""
    };
    let _ = writeln!(
        std::io::stderr(),
        "thanthien: chunk {} still running past the time limit ({} ms): answered again line by line on metered instances, its worker replaced{rest}",
        i + 1,
        limit.as_millis()
    );
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} records {per_sec} [{elapsed}]")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    Some(bar)
}

/// The batch's input and output streams.
fn batch_streams(
    input: Option<&Path>,
    output: Option<&Path>,
) -> Result<(Box<dyn BufRead>, Box<dyn Write + Send>)> {
    let reader: Box<dyn BufRead> = match input {
        Some(p) => Box::new(BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
        )),
        None => Box::new(BufReader::with_capacity(1 << 16, std::io::stdin())),
    };
    let out: Box<dyn Write + Send> = match output {
        Some(p) => Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        )),
    };
    Ok((reader, out))
}

/// Runs `thanthien batch` (see the module's doc). At most [`AHEAD`] chunks per worker are read
/// and not yet written.
pub fn batch(cli: &Cli, request: &BatchRequest<'_>) -> Result<ExitCode> {
    crate::check_streams(&[request.input, request.ruleset], &[request.output])?;
    let host = load(cli, false, true)?;
    if !host.operations()?.iter().any(|o| o == request.operation) {
        return Err(anyhow!(
            "unknown operation {}: `thanthien operations` lists them",
            request.operation
        ));
    }
    let policy = unit_ruleset(request.ruleset)?;
    let (reader, out) = batch_streams(request.input, request.output)?;
    let started = Instant::now();
    let (total, errors) = answer_all(host, request, &policy, reader, out)?;
    eprintln!(
        "{}: {total} records, {} answered, {errors} errors, in {:.3} s",
        request.operation,
        total - errors,
        started.elapsed().as_secs_f64()
    );
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Every line of `reader` answered by `host` and written to `out` in order: the records
/// written and how many of them are errors.
fn answer_all<A: Answerer>(
    host: A,
    request: &BatchRequest<'_>,
    policy: &serve::Policy,
    mut reader: Box<dyn BufRead>,
    out: Box<dyn Write + Send>,
) -> Result<(usize, usize)> {
    let (work_tx, work_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    let shared = Arc::new(Shared {
        host,
        operation: request.operation.to_owned(),
        work: Mutex::new(work_rx),
        abandoned: AtomicUsize::new(0),
        most_abandoned: request.jobs,
    });
    let watches = (0..request.jobs)
        .map(|_| spawn_worker(&shared, done_tx.clone()))
        .collect::<Result<_>>()?;
    let limit = shared.host.time_limit();
    let _stop = watchdog(Arc::clone(&shared), watches, done_tx.clone(), limit);
    let (credit_tx, credit_rx) = mpsc::channel();
    for _ in 0..AHEAD * request.jobs {
        credit_tx.send(())?;
    }
    std::thread::scope(|s| -> Result<(usize, usize)> {
        let writer = s.spawn(move || write_in_order(&done_rx, out, &credit_tx));
        let mut read = 0;
        let mut reading = Ok(());
        while credit_rx.recv().is_ok() {
            let (chunk, status) = Chunk::read(&mut reader, policy);
            if chunk.slots.is_empty() || work_tx.send((read, Arc::new(chunk))).is_err() {
                reading = status;
                break;
            }
            read += 1;
            if status.is_err() {
                reading = status;
                break;
            }
        }
        drop(work_tx);
        let _ = done_tx.send(Done::End(read));
        let written = writer
            .join()
            .map_err(|_| anyhow!("the batch writer panicked"))?;
        reading.and(written)
    })
}

/// Writes the answered chunks in the order they were read (chunk `i` is the `i`-th) until all
/// the chunks read are written, giving back a credit to the reader for each chunk written; the
/// records written and how many of them are errors.
fn write_in_order(
    done: &mpsc::Receiver<Done>,
    mut out: Box<dyn Write + Send>,
    credits: &mpsc::Sender<()>,
) -> Result<(usize, usize)> {
    let progress = progress_bar();
    let mut pending = std::collections::BTreeMap::new();
    let (mut next, mut total, mut errors) = (0, 0usize, 0usize);
    let mut end = None;
    while end != Some(next) {
        match done.recv() {
            Ok(Done::Chunk(i, answer)) => {
                pending.insert(i, answer?);
            }
            Ok(Done::End(n)) => end = Some(n),
            Err(_) => return Err(anyhow!("the batch lost chunk {next} (its worker stopped)")),
        }
        while let Some((text, count)) = pending.remove(&next) {
            total += count;
            if text.contains(ERROR_START) {
                errors += text.split('\n').filter(|line| is_error(line)).count();
            }
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")?;
            next += 1;
            let _ = credits.send(());
            if let Some(bar) = &progress {
                bar.set_position(total as u64);
            }
        }
    }
    out.flush()?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    Ok((total, errors))
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
