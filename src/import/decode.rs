//! Finding a file's encoding and reading it as a stream of UTF-8 bytes.
//!
//! Nothing here holds the whole file in memory: the UTF-8 check and the
//! decoding run over fixed-size chunks.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::ImportError;
use super::source::Source;

/// How many bytes of the start of a file are looked at for a BOM, UTF-16
/// patterns and the dialect.
pub(crate) const HEAD_BYTES: usize = 64 * 1024;
/// How many bytes a non-UTF-8 file feeds to the encoding guesser.
const GUESS_BYTES: u64 = 4 * 1024 * 1024;
const CHUNK_BYTES: usize = 256 * 1024;

/// The encoding of a file and the length of its byte-order mark.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SniffedEncoding {
    pub encoding: &'static Encoding,
    pub bom_len: u64,
}

/// Which encoding a byte-order mark names, and its length.
fn bom_of(head: &[u8]) -> Option<(BomKind, u64)> {
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) {
        Some((BomKind::Utf32("UTF-32LE"), 4))
    } else if head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        Some((BomKind::Utf32("UTF-32BE"), 4))
    } else if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((BomKind::Known(UTF_8), 3))
    } else if head.starts_with(&[0xFF, 0xFE]) {
        Some((BomKind::Known(UTF_16LE), 2))
    } else if head.starts_with(&[0xFE, 0xFF]) {
        Some((BomKind::Known(UTF_16BE), 2))
    } else {
        None
    }
}

enum BomKind {
    Known(&'static Encoding),
    Utf32(&'static str),
}

/// UTF-16 or UTF-32 without a BOM shows as NUL bytes in a regular pattern
/// (Excel's "Unicode Text" is UTF-16LE, usually with a BOM, not always).
fn wide_pattern(head: &[u8]) -> Option<WidePattern> {
    let len = head.len() & !3;
    if len < 8 {
        return None;
    }
    let mut zeros = [0usize; 4];
    for chunk in head[..len].chunks_exact(4) {
        for (slot, byte) in zeros.iter_mut().zip(chunk) {
            *slot += usize::from(*byte == 0);
        }
    }
    let quarter = len / 4;
    let mostly = |count: usize| count * 10 >= quarter * 7;
    let rarely = |count: usize| count * 20 <= quarter;
    if mostly(zeros[1]) && mostly(zeros[2]) && mostly(zeros[3]) && rarely(zeros[0]) {
        return Some(WidePattern::Utf32("UTF-32LE"));
    }
    if mostly(zeros[0]) && mostly(zeros[1]) && mostly(zeros[2]) && rarely(zeros[3]) {
        return Some(WidePattern::Utf32("UTF-32BE"));
    }
    let odd = zeros[1] + zeros[3];
    let even = zeros[0] + zeros[2];
    let pairs = len / 2;
    // Text in a Latin script is mostly ASCII, whose high byte is NUL.
    if odd * 10 >= pairs * 3 && even * 20 <= pairs {
        return Some(WidePattern::Utf16(UTF_16LE));
    }
    if even * 10 >= pairs * 3 && odd * 20 <= pairs {
        return Some(WidePattern::Utf16(UTF_16BE));
    }
    None
}

enum WidePattern {
    Utf16(&'static Encoding),
    Utf32(&'static str),
}

/// Decides the encoding: the override, else a BOM, else the UTF-16 pattern,
/// else UTF-8 when the whole file is valid UTF-8, else the guess of chardetng.
pub(crate) fn sniff_encoding(
    source: &Source,
    forced: Option<&'static Encoding>,
) -> Result<SniffedEncoding, ImportError> {
    let path = source.path();
    let head = source.head(HEAD_BYTES);
    let bom = bom_of(head);
    if let Some(encoding) = forced {
        let bom_len = match bom {
            Some((BomKind::Known(found), len)) if found == encoding => len,
            _ => 0,
        };
        return Ok(SniffedEncoding { encoding, bom_len });
    }
    match bom {
        Some((BomKind::Known(encoding), bom_len)) => {
            return Ok(SniffedEncoding { encoding, bom_len });
        }
        Some((BomKind::Utf32(name), _)) => {
            return Err(ImportError::UnsupportedEncoding {
                path: path.to_path_buf(),
                encoding: name.to_owned(),
            });
        }
        None => {}
    }
    match wide_pattern(head) {
        Some(WidePattern::Utf16(encoding)) => {
            return Ok(SniffedEncoding {
                encoding,
                bom_len: 0,
            });
        }
        Some(WidePattern::Utf32(name)) => {
            return Err(ImportError::UnsupportedEncoding {
                path: path.to_path_buf(),
                encoding: name.to_owned(),
            });
        }
        None => {}
    }
    if is_valid_utf8_file(source)? {
        return Ok(SniffedEncoding {
            encoding: UTF_8,
            bom_len: 0,
        });
    }
    let scan = scan_utf8(source)?;
    let encoding = match scan.verdict() {
        Utf8Verdict::Damaged => UTF_8,
        Utf8Verdict::Legacy => guess_legacy_encoding(source)?,
        Utf8Verdict::Mixed => {
            return Err(ImportError::MixedEncoding {
                path: path.to_path_buf(),
                utf8_line: scan.first_multibyte_line,
                other_line: scan.first_invalid_line,
            });
        }
    };
    Ok(SniffedEncoding {
        encoding,
        bom_len: 0,
    })
}

/// How much of a file that is not all UTF-8 is UTF-8 after all.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Utf8Scan {
    /// Characters written with more than one byte, valid in UTF-8.
    multibyte: u64,
    /// Byte sequences UTF-8 cannot read.
    invalid: u64,
    /// 1-based lines of the first of each (0: none).
    first_multibyte_line: u64,
    first_invalid_line: u64,
}

#[derive(Debug, PartialEq)]
enum Utf8Verdict {
    /// UTF-8 text with a few damaged lines: those lines are rejected.
    Damaged,
    /// No UTF-8 text beyond ASCII: a Windows code page.
    Legacy,
    /// Both in earnest: the user chooses.
    Mixed,
}

/// Valid multi-byte characters per damaged sequence above which a file is
/// UTF-8 with damaged lines. A Windows-1258 file has next to no valid
/// multi-byte sequences (its letters are single bytes that UTF-8 cannot
/// read); a UTF-8 file with one bad byte has thousands of them.
const DAMAGED_UTF8_RATIO: u64 = 20;

/// Invalid sequences per valid multi-byte character above which a file is
/// in a legacy encoding whatever few characters happen to read as UTF-8.
const LEGACY_RATIO: u64 = 3;

impl Utf8Scan {
    fn verdict(&self) -> Utf8Verdict {
        // Legacy bytes pair up into a valid UTF-8 character now and then
        // (Shift-JIS and box drawing in the corpus do, about 1 in 20).
        if self.multibyte.saturating_mul(LEGACY_RATIO) < self.invalid {
            Utf8Verdict::Legacy
        } else if self.multibyte >= self.invalid.saturating_mul(DAMAGED_UTF8_RATIO) {
            Utf8Verdict::Damaged
        } else {
            Utf8Verdict::Mixed
        }
    }

    /// Counts one chunk of the file, which starts on line `line`.
    fn feed(&mut self, chunk: &[u8], line: &mut u64) {
        for piece in chunk.utf8_chunks() {
            for byte in piece.valid().bytes() {
                if byte == b'\n' {
                    *line += 1;
                } else if byte >= 0xC0 {
                    self.multibyte += 1;
                    if self.first_multibyte_line == 0 {
                        self.first_multibyte_line = *line;
                    }
                }
            }
            let invalid = piece.invalid();
            if !invalid.is_empty() {
                self.invalid += 1;
                if self.first_invalid_line == 0 {
                    self.first_invalid_line = *line;
                }
                *line += memchr::memchr_iter(b'\n', invalid).count() as u64;
            }
        }
    }
}

/// Reads the whole file and counts its valid multi-byte characters and its
/// invalid sequences (only for a file that is not all UTF-8).
fn scan_utf8(source: &Source) -> Result<Utf8Scan, ImportError> {
    let path = source.path();
    let mut file = source.reader();
    let mut buffer = vec![0u8; CHUNK_BYTES + 4];
    let mut carried = 0usize;
    let mut scan = Utf8Scan::default();
    let mut line = 1u64;
    loop {
        let read = read_full(&mut file, &mut buffer[carried..CHUNK_BYTES + carried])
            .map_err(|error| ImportError::io(path, error))?;
        let filled = carried + read;
        let Some(chunk) = buffer.get(..filled) else {
            break;
        };
        if read == 0 {
            scan.feed(chunk, &mut line);
            break;
        }
        // A character cut by the end of the chunk waits for the next one.
        let cut = incomplete_tail(chunk);
        let whole = filled - cut;
        scan.feed(&chunk[..whole], &mut line);
        buffer.copy_within(whole..filled, 0);
        carried = cut;
    }
    Ok(scan)
}

/// How many bytes at the end of `chunk` start a UTF-8 character that the
/// chunk cuts off (0 to 3).
fn incomplete_tail(chunk: &[u8]) -> usize {
    for back in 1..=3.min(chunk.len()) {
        let byte = chunk[chunk.len() - back];
        if byte & 0xC0 != 0x80 {
            let needed = match byte {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => return 0,
            };
            return if needed > back { back } else { 0 };
        }
    }
    0
}

/// Whether the whole file is valid UTF-8, read chunk by chunk.
fn is_valid_utf8_file(source: &Source) -> Result<bool, ImportError> {
    if source.all_cached() {
        return Ok(simdutf8::basic::from_utf8(source.head(usize::MAX)).is_ok());
    }
    let path = source.path();
    let mut file = source.reader();
    let mut buffer = vec![0u8; CHUNK_BYTES + 4];
    let mut carried = 0usize;
    loop {
        let read = read_full(&mut file, &mut buffer[carried..CHUNK_BYTES + carried])
            .map_err(|error| ImportError::io(path, error))?;
        let filled = carried + read;
        let at_end = read == 0;
        let Some(chunk) = buffer.get(..filled) else {
            return Ok(false);
        };
        match simdutf8::compat::from_utf8(chunk) {
            Ok(_) => carried = 0,
            Err(error) => {
                // A sequence cut by the chunk boundary is carried over; a
                // really invalid one ends the check.
                if error.error_len().is_some() || at_end {
                    return Ok(false);
                }
                let valid = error.valid_up_to();
                let rest = filled - valid;
                if rest > 3 {
                    return Ok(false);
                }
                buffer.copy_within(valid..filled, 0);
                carried = rest;
            }
        }
        if at_end {
            return Ok(true);
        }
    }
}

/// Fills `buffer` as far as the file allows; returns how much was read.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Asks chardetng over the first megabytes, with a hint that the file comes
/// from Vietnam (which favours Windows-1258 for Vietnamese text).
fn guess_legacy_encoding(source: &Source) -> Result<&'static Encoding, ImportError> {
    let path = source.path();
    let mut reader = source.reader().take(GUESS_BYTES);
    let mut detector = chardetng::EncodingDetector::new();
    let mut buffer = vec![0u8; CHUNK_BYTES];
    loop {
        let read =
            read_full(&mut reader, &mut buffer).map_err(|error| ImportError::io(path, error))?;
        let Some(chunk) = buffer.get(..read) else {
            break;
        };
        detector.feed(chunk, read == 0);
        if read == 0 {
            break;
        }
    }
    Ok(detector.guess(Some(b"vn"), true))
}

/// Counts the bytes taken from the file, for progress.
pub(crate) struct CountingReader<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count.set(self.count.get() + read as u64);
        Ok(read)
    }
}

/// Sits between the decoder and the CSV parser and makes line ends plain LF
/// outside quoted fields: CRLF becomes LF and a lone CR (old Mac files)
/// becomes LF. The CSV reader then counts lines right (it counts LF, and
/// reports a record's line before skipping a CR's LF). It also follows the
/// quotes: a quoted field still open at the end means the file was cut.
pub(crate) struct LineFixer<R> {
    inner: R,
    /// Turn lone CRs into LF inside quoted fields too (CR-only files).
    all_lone_cr: bool,
    /// A CR ended the previous chunk: whether an LF follows is not known yet.
    pending_cr: bool,
    quotes: QuoteTracker,
    state: StreamCounters,
}

impl<R: Read> LineFixer<R> {
    pub(crate) fn new(
        inner: R,
        delimiter: u8,
        all_lone_cr: bool,
        state: &StreamCounters,
    ) -> LineFixer<R> {
        LineFixer {
            inner,
            all_lone_cr,
            pending_cr: false,
            quotes: QuoteTracker::new(delimiter),
            state: state.clone(),
        }
    }
}

/// Whether the bytes so far end inside a quoted field, read the way the CSV
/// parser reads them: a quote opens a quoted field only at the start of a
/// field (elsewhere, as in `21"`, it is a literal character), `""` inside
/// one is a quote, and any other quote there closes it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct QuoteTracker {
    delimiter: u8,
    in_quotes: bool,
    /// The last byte was a quote inside a quoted field: the next byte says
    /// whether it closed the field or was the first of `""`.
    quote_pending: bool,
    /// The byte before the next one (a line end at the start).
    previous: u8,
}

impl QuoteTracker {
    pub(crate) fn new(delimiter: u8) -> QuoteTracker {
        QuoteTracker {
            delimiter,
            in_quotes: false,
            quote_pending: false,
            previous: b'\n',
        }
    }

    /// Inside a quoted field, after the bytes so far.
    pub(crate) fn in_quoted_field(&self) -> bool {
        self.in_quotes && !self.quote_pending
    }

    /// Takes one more byte.
    pub(crate) fn step(&mut self, byte: u8) {
        if self.quote_pending {
            self.quote_pending = false;
            if byte == b'"' {
                // `""`: a quote inside the field, which goes on.
                self.previous = byte;
                return;
            }
            self.in_quotes = false;
        }
        if byte == b'"' {
            if self.in_quotes {
                self.quote_pending = true;
            } else if matches!(self.previous, b'\n' | b'\r') || self.previous == self.delimiter {
                self.in_quotes = true;
            }
        }
        self.previous = byte;
    }

    /// Takes many bytes: [`QuoteTracker::step`] on each, jumping from quote
    /// to quote (only they, and the byte before each, matter).
    pub(crate) fn feed(&mut self, data: &[u8]) {
        let mut from = 0;
        while from < data.len() {
            if self.quote_pending {
                self.step(data[from]);
                from += 1;
                continue;
            }
            let Some(offset) = memchr::memchr(b'"', &data[from..]) else {
                break;
            };
            let quote = from + offset;
            if quote > 0 {
                self.previous = data[quote - 1];
            }
            self.step(b'"');
            from = quote + 1;
        }
        if let Some(&last) = data.last() {
            self.previous = last;
        }
    }
}

impl<R: Read> Read for LineFixer<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.len() < 2 {
            return Err(io::Error::other(
                "the line reader needs a buffer of at least 2 bytes",
            ));
        }
        loop {
            let offset = usize::from(self.pending_cr);
            let read = self.inner.read(&mut buf[offset..])?;
            if read == 0 {
                self.state.in_quotes.set(self.quotes.in_quoted_field());
                if self.pending_cr {
                    self.pending_cr = false;
                    buf[0] = b'\n';
                    self.state.last_byte.set(b'\n');
                    return Ok(1);
                }
                return Ok(0);
            }
            if offset == 1 {
                buf[0] = b'\r';
                self.pending_cr = false;
            }
            let len = offset + read;
            let data = &mut buf[..len];
            if memchr::memchr(b'\r', data).is_none() {
                // The common case (LF files): only the quotes matter.
                self.quotes.feed(data);
                self.state.in_quotes.set(self.quotes.in_quoted_field());
                if let Some(last) = data.last() {
                    self.state.last_byte.set(*last);
                }
                return Ok(len);
            }
            let mut write = 0;
            let mut index = 0;
            while index < len {
                let byte = data[index];
                self.quotes.step(byte);
                let in_quotes = self.quotes.in_quoted_field();
                if byte == b'\r' && (!in_quotes || self.all_lone_cr) {
                    match data.get(index + 1) {
                        None => {
                            self.pending_cr = true;
                            index += 1;
                            continue;
                        }
                        Some(b'\n') if !in_quotes => {
                            index += 1;
                            continue;
                        }
                        Some(b'\n') => {}
                        Some(_) => {
                            data[write] = b'\n';
                            write += 1;
                            index += 1;
                            continue;
                        }
                    }
                }
                data[write] = byte;
                write += 1;
                index += 1;
            }
            self.state.in_quotes.set(self.quotes.in_quoted_field());
            if write > 0 {
                self.state.last_byte.set(data[write - 1]);
                return Ok(write);
            }
        }
    }
}

/// Shared counters of a decoded stream.
#[derive(Clone, Default)]
pub(crate) struct StreamCounters {
    /// Bytes taken from the file (including the BOM).
    pub bytes_read: Rc<Cell<u64>>,
    /// A quoted field is open at the point read so far.
    pub in_quotes: Rc<Cell<bool>>,
    /// The last byte handed to the CSV parser.
    pub last_byte: Rc<Cell<u8>>,
}

/// Opens the file as a stream of UTF-8 bytes (BOM removed).
pub(crate) fn open_decoded(
    path: &Path,
    sniffed: SniffedEncoding,
    delimiter: u8,
    fix_lone_cr: bool,
    counters: &StreamCounters,
) -> Result<Box<dyn Read>, ImportError> {
    let mut file = File::open(path).map_err(|error| ImportError::io(path, error))?;
    if sniffed.bom_len > 0 {
        file.seek(SeekFrom::Start(sniffed.bom_len))
            .map_err(|error| ImportError::io(path, error))?;
    }
    decoded(path, file, sniffed, delimiter, fix_lone_cr, counters)
}

/// A stream of UTF-8 bytes over `raw`, the file's bytes after its BOM.
pub(crate) fn decoded<'a>(
    path: &Path,
    raw: impl Read + 'a,
    sniffed: SniffedEncoding,
    delimiter: u8,
    fix_lone_cr: bool,
    counters: &StreamCounters,
) -> Result<Box<dyn Read + 'a>, ImportError> {
    counters.bytes_read.set(sniffed.bom_len);
    let counted = CountingReader {
        inner: raw,
        count: Rc::clone(&counters.bytes_read),
    };
    let utf8: Box<dyn Read + 'a> = if sniffed.encoding == UTF_8 {
        Box::new(counted)
    } else {
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(sniffed.encoding))
                .bom_sniffing(false)
                .build_with_buffer(counted, vec![0u8; 64 * 1024])
                .map_err(|error| ImportError::io(path, error))?,
        )
    };
    Ok(Box::new(LineFixer::new(
        utf8,
        delimiter,
        fix_lone_cr,
        counters,
    )))
}

/// Decodes the start of a file (for the dialect and the header), dropping a
/// character cut at the end.
pub(crate) fn decode_head(head: &[u8], sniffed: SniffedEncoding) -> String {
    let start = usize::try_from(sniffed.bom_len)
        .unwrap_or(0)
        .min(head.len());
    let bytes = head.get(start..).unwrap_or_default();
    let mut decoder = sniffed.encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 2 + 16);
    let capacity = decoder
        .max_utf8_buffer_length(bytes.len())
        .unwrap_or(bytes.len() * 3 + 16);
    text.reserve(capacity);
    let _ = decoder.decode_to_string(bytes, &mut text, false);
    text
}

/// Whether the text ends its lines with a lone CR (old Mac style) anywhere.
pub(crate) fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(index, byte)| *byte == b'\r' && bytes.get(index + 1) != Some(&b'\n'))
}

/// The WHATWG label of an encoding, as the database and `--json` spell it.
pub fn encoding_label(encoding: &'static Encoding) -> String {
    encoding.name().to_ascii_lowercase()
}

/// Reads a user's encoding name ("windows-1258", "cp1258", "utf8", "utf-16le", "latin1").
pub fn parse_encoding(name: &str) -> Option<&'static Encoding> {
    let trimmed = name.trim().to_ascii_lowercase();
    let label = match trimmed.as_str() {
        "utf8" => "utf-8",
        "utf16" | "utf16le" | "unicode" => "utf-16le",
        "utf16be" => "utf-16be",
        "latin1" | "latin-1" => "iso-8859-1",
        other => other
            .strip_prefix("cp")
            .map_or(other, |number| match number {
                "1250" => "windows-1250",
                "1251" => "windows-1251",
                "1252" => "windows-1252",
                "1253" => "windows-1253",
                "1254" => "windows-1254",
                "1255" => "windows-1255",
                "1256" => "windows-1256",
                "1257" => "windows-1257",
                "1258" => "windows-1258",
                _ => other,
            }),
    };
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::{QuoteTracker, Utf8Scan, Utf8Verdict, incomplete_tail};

    /// Scans `bytes` cut into chunks at `cut`, as the file reader would.
    fn scan_in_two(bytes: &[u8], cut: usize) -> Utf8Scan {
        let mut scan = Utf8Scan::default();
        let mut line = 1;
        let (first, second) = bytes.split_at(cut);
        let tail = incomplete_tail(first);
        scan.feed(&first[..first.len() - tail], &mut line);
        let mut rest = first[first.len() - tail..].to_vec();
        rest.extend_from_slice(second);
        scan.feed(&rest, &mut line);
        scan
    }

    #[test]
    fn a_utf8_scan_counts_the_same_wherever_the_file_is_cut() {
        let bytes = "Mã,Tên\nKH,Tỉnh Khánh Hòa\nX,T\u{1}\n".as_bytes();
        let mut damaged = bytes.to_vec();
        damaged.extend_from_slice(b"Y,bad \xff byte\n");
        let whole = scan_in_two(&damaged, damaged.len());
        assert_eq!(whole.invalid, 1);
        assert_eq!(whole.first_invalid_line, 4);
        assert_eq!(whole.first_multibyte_line, 1);
        assert_eq!(whole.multibyte, 5, "ã ê ỉ á ò");
        for cut in 0..damaged.len() {
            assert_eq!(scan_in_two(&damaged, cut), whole, "cut at {cut}");
        }
    }

    #[test]
    fn a_utf8_verdict_weighs_valid_characters_against_damaged_ones() {
        let scan = |multibyte, invalid| Utf8Scan {
            multibyte,
            invalid,
            ..Utf8Scan::default()
        };
        assert_eq!(scan(0, 40).verdict(), Utf8Verdict::Legacy);
        assert_eq!(
            scan(4, 63).verdict(),
            Utf8Verdict::Legacy,
            "the corpus's Shift-JIS file"
        );
        assert_eq!(scan(5000, 1).verdict(), Utf8Verdict::Damaged);
        assert_eq!(scan(300, 200).verdict(), Utf8Verdict::Mixed);
    }

    fn ends_quoted(text: &str) -> bool {
        let mut tracker = QuoteTracker::new(b',');
        tracker.feed(text.as_bytes());
        tracker.in_quoted_field()
    }

    #[test]
    fn a_quote_opens_a_field_only_at_its_start() {
        assert!(!ends_quoted("a,b\n1,21\"\n"));
        assert!(!ends_quoted("a,b\n1,\"x, y\"\n2,21\" \n"));
        assert!(ends_quoted("a,b\n1,\"ghi chú bị cắt"));
        // A literal quote earlier does not hide a field left open at the end.
        assert!(ends_quoted("a,b\n1,21\"\n2,\"bị cắt"));
        assert!(!ends_quoted("a,\"nói \"\"có\"\"\"\n"));
        assert!(ends_quoted("a,\"nói \"\"có\"\"\n"));
        assert!(!ends_quoted("\"abc\"def,\"g\"\n"));
        assert!(!ends_quoted("a,\"b\""));
        assert!(ends_quoted("x\n\"a\nb"));
    }

    /// Bytes fed in pieces, cut anywhere, or one by one, say the same as
    /// bytes fed at once.
    #[test]
    fn feeding_in_pieces_is_feeding_at_once() {
        let text = "a,b\n\"x\"\"y\",21\"\n\"p,q\"r,\"\"\"\"\n3,\"open\"\"";
        for end in 0..=text.len() {
            let bytes = &text.as_bytes()[..end];
            let mut whole = QuoteTracker::new(b',');
            whole.feed(bytes);
            let mut stepped = QuoteTracker::new(b',');
            bytes.iter().for_each(|byte| stepped.step(*byte));
            assert_eq!(whole.in_quoted_field(), stepped.in_quoted_field(), "{end}");
            for cut in 0..=end {
                let mut pieces = QuoteTracker::new(b',');
                pieces.feed(&bytes[..cut]);
                pieces.feed(&bytes[cut..]);
                assert_eq!(
                    whole.in_quoted_field(),
                    pieces.in_quoted_field(),
                    "{end} {cut}"
                );
            }
        }
    }
}
