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
