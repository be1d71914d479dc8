//! What callers send, read the same way by `call`, `batch`, `report` and `serve`: at most the
//! size a call may carry is kept (the rest is counted, not stored), a UTF-8 byte-order mark at
//! the start is dropped, and bytes that are not UTF-8 are a typed `malformed_json` answer, never
//! decoded lossily into another input.
use std::io::{self, BufRead, Read};

use crate::wit;

/// Largest input of one call or one batch line, in bytes (the core's own limit).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// An input read with a cap: its bytes when they fit, else how many there were.
#[derive(Debug, PartialEq, Eq)]
pub enum Capped {
    /// The whole input.
    Fits(Vec<u8>),
    /// Longer than the cap: its full length in bytes (read and dropped).
    TooLarge(u64),
}

/// Reads all of `r`, keeping at most `cap` bytes.
pub fn read_capped(r: impl Read, cap: usize) -> io::Result<Capped> {
    let mut kept = Vec::new();
    let mut r = r;
    r.by_ref().take(cap as u64 + 1).read_to_end(&mut kept)?;
    if kept.len() <= cap {
        return Ok(Capped::Fits(kept));
    }
    let rest = io::copy(&mut r, &mut io::sink())?;
    Ok(Capped::TooLarge(kept.len() as u64 + rest))
}

/// Reads one line (without its `\n` or `\r\n`), keeping at most `cap` bytes of it; `None` at
/// the end of the input.
pub fn read_line_capped(r: &mut impl BufRead, cap: usize) -> io::Result<Option<Capped>> {
    let (mut kept, mut len, mut any, mut last) = (Vec::new(), 0u64, false, None);
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (part, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], i + 1),
            None => (buf, buf.len()),
        };
        let room = (cap + 1).saturating_sub(kept.len());
        kept.extend_from_slice(&part[..part.len().min(room)]);
        len += part.len() as u64;
        last = part.last().copied().or(last);
        let newline = done > part.len();
        r.consume(done);
        if newline {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if last == Some(b'\r') {
        len -= 1;
        kept.truncate(usize::try_from(len).unwrap_or(usize::MAX));
    }
    Ok(Some(if len > cap as u64 {
        Capped::TooLarge(len)
    } else {
        Capped::Fits(kept)
    }))
}

/// The next line when it lies whole in the reader's buffer, within `cap` bytes, UTF-8 and with
/// no byte-order mark (the common case): handed to `take` as it lies in the buffer, then
/// consumed. `false`, with nothing consumed, in every other case, which [`read_line_capped`] and
/// [`text_of`] then read; a line so read is the text they would give.
pub fn with_plain_line(
    r: &mut impl BufRead,
    cap: usize,
    take: impl FnOnce(&str),
) -> io::Result<bool> {
    let buf = r.fill_buf()?;
    let Some(end) = memchr::memchr(b'\n', buf) else {
        return Ok(false);
    };
    let line = buf.get(..end).unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.len() > cap || line.starts_with(BOM) {
        return Ok(false);
    }
    let Ok(text) = std::str::from_utf8(line) else {
        return Ok(false);
    };
    take(text);
    r.consume(end + 1);
    Ok(true)
}

/// The text of an input: a leading byte-order mark dropped; `malformed_json` when it is not
/// UTF-8 (with the offset of the first bad byte).
pub fn decode(mut bytes: Vec<u8>) -> Result<String, wit::Error> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        wit::Error {
            code: "malformed_json".to_owned(),
            message_vi: format!("Dữ liệu vào không phải UTF-8 (byte sai ở vị trí {at})"),
            message_en: format!("Input is not UTF-8 (invalid byte at offset {at})"),
            path: String::new(),
        }
    })
}

/// `input_too_large` for an input of `n` bytes.
pub fn too_large(n: u64) -> wit::Error {
    wit::Error {
        code: "input_too_large".to_owned(),
        message_vi: format!("Dữ liệu vào quá lớn ({n} byte; tối đa {MAX_INPUT_BYTES})"),
        message_en: format!("Input too large ({n} bytes; at most {MAX_INPUT_BYTES})"),
        path: String::new(),
    }
}

/// An input read with [`read_capped`] or [`read_line_capped`] as text, or the error answer it
/// gets.
pub fn text_of(input: Capped) -> Result<String, wit::Error> {
    match input {
        Capped::Fits(bytes) => decode(bytes),
        Capped::TooLarge(n) => Err(too_large(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: usize) -> Vec<Capped> {
        let mut r = io::BufReader::with_capacity(4, input);
        std::iter::from_fn(|| read_line_capped(&mut r, cap).unwrap()).collect()
    }

    #[test]
    fn lines_are_kept_up_to_the_cap_and_measured_beyond() {
        let got = lines(b"ab\r\n0123456789\n\nxyz", 5);
        assert_eq!(
            got,
            vec![
                Capped::Fits(b"ab".to_vec()),
                Capped::TooLarge(10),
                Capped::Fits(Vec::new()),
                Capped::Fits(b"xyz".to_vec()),
            ]
        );
        assert_eq!(lines(b"", 5), vec![]);
        assert_eq!(lines(b"abcde\n", 5), vec![Capped::Fits(b"abcde".to_vec())]);
        assert_eq!(lines(b"abcdef\r\n", 5), vec![Capped::TooLarge(6)]);
    }

    /// Each line through [`with_plain_line`] where it takes it, else through
    /// [`read_line_capped`] and [`text_of`].
    fn texts(input: &[u8], cap: usize, buffer: usize) -> Vec<Result<String, String>> {
        let mut r = io::BufReader::with_capacity(buffer, input);
        let mut got = Vec::new();
        loop {
            let mut plain = None;
            if with_plain_line(&mut r, cap, |t| plain = Some(t.to_owned())).unwrap() {
                got.push(Ok(plain.unwrap()));
                continue;
            }
            match read_line_capped(&mut r, cap).unwrap() {
                Some(line) => got.push(text_of(line).map_err(|e| e.code)),
                None => return got,
            }
        }
    }

    #[test]
    fn plain_lines_read_as_the_careful_way_reads_them() {
        let input = b"ab\r\n\xEF\xBB\xBFbom\n\xFFbad\n0123456789\n\n\r\nlast";
        let careful = |input: &[u8]| {
            let mut r = io::BufReader::with_capacity(4, input);
            std::iter::from_fn(|| read_line_capped(&mut r, 5).unwrap())
                .map(|l| text_of(l).map_err(|e| e.code))
                .collect::<Vec<_>>()
        };
        for buffer in [1, 3, 8, 64] {
            assert_eq!(texts(input, 5, buffer), careful(input), "buffer {buffer}");
        }
        assert_eq!(
            texts(b"ab\r\ncd\n", 5, 64),
            vec![Ok("ab".into()), Ok("cd".into())]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_input_reads_the_same_both_ways(
            input in proptest::collection::vec(
                proptest::sample::select(b"ab\n\r\xEF\xBB\xBF\xFF".to_vec()), 0..40),
            cap in 0usize..8,
            buffer in 1usize..16,
        ) {
            let mut r = io::BufReader::with_capacity(buffer, &input[..]);
            let careful: Vec<_> = std::iter::from_fn(|| read_line_capped(&mut r, cap).unwrap())
                .map(|l| text_of(l).map_err(|e| e.code))
                .collect();
            proptest::prop_assert_eq!(texts(&input, cap, buffer), careful);
        }
    }

    #[test]
    fn whole_inputs_are_capped_and_measured() {
        assert_eq!(
            read_capped(&b"abc"[..], 3).unwrap(),
            Capped::Fits(b"abc".to_vec())
        );
        assert_eq!(
            read_capped(&[0u8; 100][..], 3).unwrap(),
            Capped::TooLarge(100)
        );
    }

    #[test]
    fn a_bom_is_dropped_and_bad_utf8_is_malformed_json() {
        assert_eq!(decode(b"\xEF\xBB\xBF{}".to_vec()).unwrap(), "{}");
        let e = decode(b"{\"a\":\"\xff\"}".to_vec()).unwrap_err();
        assert_eq!(e.code, "malformed_json");
        assert!(e.message_en.contains("offset 6"), "{}", e.message_en);
    }
}
