//! `thanthien batch`'s chunks, watch, watchdog and writer, without a component.
#![allow(clippy::unwrap_used)]
use super::*;

fn chunk() -> Arc<Chunk> {
    Arc::new(Chunk::default())
}

#[test]
fn a_chunk_finished_in_time_is_never_taken() {
    let watch = Watch::default();
    watch.start(3, &chunk());
    assert!(watch.overrun(Duration::from_secs(60)).is_none());
    assert!(watch.finish());
    assert!(watch.overrun(Duration::ZERO).is_none());
}

#[test]
fn an_overrunning_chunk_is_taken_once_and_its_worker_told() {
    let watch = Watch::default();
    watch.start(3, &chunk());
    std::thread::sleep(Duration::from_millis(2));
    let (i, _) = watch.overrun(Duration::from_millis(1)).unwrap();
    assert_eq!(i, 3);
    assert!(watch.overrun(Duration::ZERO).is_none(), "taken twice");
    assert!(!watch.finish(), "the worker must drop its answer");
    assert!(watch.finish(), "a new watch starts clean");
}

/// Gives `text`, then fails.
struct FailsAfter(&'static [u8]);

impl std::io::Read for FailsAfter {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.0.is_empty() {
            return Err(std::io::Error::other("the disk went away"));
        }
        let n = self.0.len().min(buf.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_read_error_keeps_the_lines_read_before_it() {
    let policy = unit_ruleset(None).unwrap();
    let mut reader = BufReader::with_capacity(8, FailsAfter(b"{\"a\":1}\n{\"b\":2}\n{\"c\""));
    let (chunk, status) = Chunk::read(&mut reader, &policy);
    assert_eq!(chunk.lines, "{\"a\":1}\n{\"b\":2}");
    assert_eq!(chunk.count, 2);
    assert_eq!(chunk.slots.len(), 2);
    let message = format!("{:#}", status.unwrap_err());
    assert!(message.contains("cannot read the input"), "{message}");
    assert!(message.contains("the disk went away"), "{message}");
}

/// Output shared with the test.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn write(messages: Vec<Done>) -> (Result<(usize, usize)>, String) {
    let (tx, rx) = mpsc::channel();
    for m in messages {
        tx.send(m).unwrap();
    }
    drop(tx);
    let sink = Sink::default();
    let (credits, _kept) = mpsc::channel();
    let r = write_in_order(&rx, Box::new(sink.clone()), &credits);
    let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    (r, text)
}

fn answered(i: usize, text: &str) -> Done {
    Done::Chunk(i, Ok((text.to_owned(), text.split('\n').count())))
}

#[test]
fn chunks_are_written_in_the_order_read_whatever_order_they_come_in() {
    let error = r#"{"error":{"code":"invalid_date"}}"#;
    let (r, text) = write(vec![
        answered(2, "e"),
        answered(0, "a\nb"),
        Done::End(3),
        answered(1, &format!("c\n{error}")),
    ]);
    assert_eq!(r.unwrap(), (5, 1));
    assert_eq!(text, format!("a\nb\nc\n{error}\ne\n"));
}

#[test]
fn an_empty_input_ends_at_once_and_a_lost_chunk_is_an_error() {
    let (r, text) = write(vec![Done::End(0)]);
    assert_eq!(r.unwrap(), (0, 0));
    assert_eq!(text, "");
    let (r, text) = write(vec![answered(0, "a"), Done::End(2)]);
    assert!(r.unwrap_err().to_string().contains("lost chunk 1"));
    assert_eq!(text, "a\n");
}

/// How many calls of each kind a [`Guest`] answered.
#[derive(Default)]
struct Calls {
    unmetered: AtomicUsize,
    metered: AtomicUsize,
    each: AtomicUsize,
}

/// A guest answering a line `x` with `{"echo":x}`, whose unmetered form hangs on a chunk
/// holding the line `{"hang":true}` (saying so on `hung`) until `hold` is released, as an
/// unmetered computation that never ends would; line by line it answers that line
/// `resource_limit`, as the metered instances do a line past the time limit.
struct Guest {
    hold: Mutex<mpsc::Receiver<()>>,
    hung: mpsc::Sender<()>,
    calls: Arc<Calls>,
}

const HANG: &str = r#"{"hang":true}"#;
const OVER: &str = r#"{"error":{"code":"resource_limit"}}"#;

fn echo(lines: &str) -> String {
    let answers: Vec<String> = lines
        .split('\n')
        .map(|l| format!(r#"{{"echo":{l}}}"#))
        .collect();
    answers.join("\n")
}

impl Answerer for Guest {
    fn has_unmetered(&self) -> bool {
        true
    }
    fn time_limit(&self) -> Duration {
        Duration::from_millis(50)
    }
    fn unmetered(&self, _: &str, lines: &str, _: usize) -> Result<Option<String>> {
        self.calls.unmetered.fetch_add(1, Ordering::SeqCst);
        if lines.split('\n').any(|l| l == HANG) {
            let _ = self.hung.send(());
            let _ = self.hold.lock().unwrap().recv();
        }
        Ok(Some(echo(lines)))
    }
    fn metered(&self, _: &str, lines: &str, _: usize) -> Result<String> {
        self.calls.metered.fetch_add(1, Ordering::SeqCst);
        Ok(echo(lines))
    }
    fn each(&self, _: &str, lines: &[&str]) -> Result<Vec<String>> {
        self.calls.each.fetch_add(1, Ordering::SeqCst);
        Ok(lines
            .iter()
            .map(|l| if *l == HANG { OVER.to_owned() } else { echo(l) })
            .collect())
    }
}

/// The watchdog with a guest that hangs: the first chunk, holding the hanging line, is taken
/// from its worker past the time limit and answered line by line (that line
/// `resource_limit`, the 999 others in full), the batch goes on without waiting for the hung
/// call, and past the one worker abandoned (one job) the two other chunks are answered
/// metered. Every line is answered, in order. The hanging chunk is the only one on the
/// unmetered form, so that no other chunk can be taken should the machine stall a worker past
/// the limit. The 60 s waits only stop the test should the batch wait for the guest, or the
/// guest never be called; they time nothing.
#[test]
fn a_hanging_guest_is_left_behind_and_every_line_answered() {
    let (release, hold) = mpsc::channel();
    let (hung, hung_rx) = mpsc::channel();
    let calls = Arc::new(Calls::default());
    let guest = Guest {
        hold: Mutex::new(hold),
        hung,
        calls: Arc::clone(&calls),
    };
    let lines: Vec<String> = (0..2500)
        .map(|i| match i {
            500 => HANG.to_owned(),
            _ => format!(r#"{{"n":{i}}}"#),
        })
        .collect();
    let input = std::io::Cursor::new(lines.join("\n").into_bytes());
    let sink = Sink::default();
    let out = Box::new(sink.clone());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let request = BatchRequest {
            operation: "op",
            input: None,
            output: None,
            ruleset: None,
            jobs: 1,
        };
        let policy = unit_ruleset(None).unwrap();
        let _ = tx.send(answer_all(guest, &request, &policy, Box::new(input), out));
    });
    let wait = Duration::from_secs(60);
    let result = rx.recv_timeout(wait);
    let entered = hung_rx.recv_timeout(wait);
    let _ = release.send(());
    let answered = match result {
        Ok(answered) => answered.unwrap(),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("the batch waited for the hung call"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the batch's thread panicked"),
    };
    assert_eq!(answered, (2500, 1));
    assert!(entered.is_ok(), "the guest's unmetered call never came");
    let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    let answers: Vec<&str> = text.lines().collect();
    assert_eq!(answers.len(), 2500);
    for (i, (line, answer)) in lines.iter().zip(&answers).enumerate() {
        let expected = if i == 500 {
            OVER.to_owned()
        } else {
            echo(line)
        };
        assert_eq!(*answer, expected, "line {i}");
    }
    let count = |c: &AtomicUsize| c.load(Ordering::SeqCst);
    assert_eq!(count(&calls.unmetered), 1, "chunk 1 on the unmetered form");
    assert_eq!(count(&calls.each), 1, "the hung chunk line by line");
    assert_eq!(
        count(&calls.metered),
        2,
        "chunks 2 and 3 metered, past one abandoned worker"
    );
}

#[test]
fn a_panic_while_answering_is_an_error_answer() {
    let r: Result<()> = catch(|| panic!("boom"));
    assert!(r.unwrap_err().to_string().contains("panicked"));
}
