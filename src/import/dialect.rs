//! The delimiter, and a stream of CSV records over the decoded file.

use std::io::{Read, Seek};
use std::path::Path;

use super::ImportError;
use super::decode::{self, SniffedEncoding, StreamCounters};
use super::source::Source;
use crate::domain::RejectCause;

/// The delimiters a file may use, in order of preference on a tie.
pub(crate) const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// How many records of the head are looked at for the delimiter and the header.
pub(crate) const SAMPLE_RECORDS: usize = 200;

/// Parses a piece of text into records (line, cells) with one delimiter.
pub(crate) fn sample_records(text: &str, delimiter: u8, limit: usize) -> Vec<(u64, Vec<String>)> {
    let counters = StreamCounters::default();
    let lone_cr = decode::has_lone_cr(text);
    let fixed: Box<dyn Read + '_> = Box::new(decode::LineFixer::new(
        text.as_bytes(),
        delimiter,
        lone_cr,
        &counters,
    ));
    let mut stream = RecordStream {
        reader: builder(delimiter).from_reader(fixed),
        counters,
    };
    let mut record = csv::StringRecord::new();
    let mut records = Vec::new();
    while records.len() < limit {
        match stream.reader.read_record(&mut record) {
            Ok(true) => {
                let line = stream.start_line(record.as_byte_record());
                records.push((line, record.iter().map(str::to_owned).collect()));
            }
            Ok(false) | Err(_) => break,
        }
    }
    let at_end = records.len() < limit;
    if at_end
        && stream.ends_without_newline()
        && let Some(last) = records.last_mut()
    {
        last.0 += 1;
    }
    records
}

/// The CSV reader settings every pass uses: no header handling, ragged rows
/// allowed, double quotes, any line ending.
pub(crate) fn builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(256 * 1024);
    builder
}

/// Picks the delimiter whose field counts are the most consistent over the
/// first records (title lines have one field whatever the delimiter).
/// `complete` says whether `text` is the whole file (else its last record may be cut).
pub(crate) fn sniff_delimiter(text: &str, complete: bool) -> u8 {
    let mut best = (0usize, 0usize, b',');
    for delimiter in DELIMITERS {
        let mut records = sample_records(text, delimiter, SAMPLE_RECORDS);
        if !complete && records.len() > 1 {
            records.pop();
        }
        let mut counts: Vec<usize> = records
            .iter()
            .map(|(_, cells)| cells.len())
            .filter(|count| *count >= 2)
            .collect();
        counts.sort_unstable();
        let mut mode = (0usize, 0usize);
        let mut index = 0;
        while index < counts.len() {
            let count = counts[index];
            let run = counts[index..].iter().take_while(|c| **c == count).count();
            if run > mode.0 || (run == mode.0 && count > mode.1) {
                mode = (run, count);
            }
            index += run;
        }
        if mode.0 > best.0 || (mode.0 == best.0 && mode.0 > 0 && mode.1 > best.1) {
            best = (mode.0, mode.1, delimiter);
        }
    }
    best.2
}

/// A stream of records over a decoded file.
pub(crate) struct RecordStream<'a> {
    pub reader: csv::Reader<Box<dyn Read + 'a>>,
    pub counters: StreamCounters,
}

impl RecordStream<'static> {
    /// The stream of an import: the file opened again, read to its end.
    pub(crate) fn open(
        path: &Path,
        sniffed: SniffedEncoding,
        delimiter: u8,
        lone_cr: bool,
    ) -> Result<RecordStream<'static>, ImportError> {
        let counters = StreamCounters::default();
        let decoded = decode::open_decoded(path, sniffed, delimiter, lone_cr, &counters)?;
        Ok(RecordStream {
            reader: builder(delimiter).from_reader(decoded),
            counters,
        })
    }
}

impl<'a> RecordStream<'a> {
    /// A stream over an opened source (detection).
    pub(crate) fn over(
        source: &'a Source,
        sniffed: SniffedEncoding,
        delimiter: u8,
        lone_cr: bool,
    ) -> Result<RecordStream<'a>, ImportError> {
        let counters = StreamCounters::default();
        let mut raw = source.reader();
        raw.seek(std::io::SeekFrom::Start(sniffed.bom_len))
            .map_err(|error| ImportError::io(source.path(), error))?;
        let decoded = decode::decoded(source.path(), raw, sniffed, delimiter, lone_cr, &counters)?;
        Ok(RecordStream {
            reader: builder(delimiter).from_reader(decoded),
            counters,
        })
    }
}

impl RecordStream<'_> {
    /// The 1-based line where the record just read starts. The CSV reader's
    /// own record positions are off after CRLF and blank lines; the line it
    /// has reached is right once line ends are plain LF (see `LineFixer`).
    /// For the last record of a file without a final line end, add 1 (see
    /// [`RecordStream::ends_without_newline`]).
    pub(crate) fn start_line(&self, record: &csv::ByteRecord) -> u64 {
        let after = self.reader.position().line();
        // Line ends inside a record's quoted cells are rare: memchr skips
        // over the bytes far faster than a byte-by-byte count.
        let inner = memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
        after.saturating_sub(inner + 1).max(1)
    }

    /// At the end: the last line has no line end (its record's line is one more).
    pub(crate) fn ends_without_newline(&self) -> bool {
        self.counters.last_byte.get() != b'\n'
    }

    /// At the end: the file ends inside a quoted field.
    pub(crate) fn ends_in_quote(&self) -> bool {
        self.counters.in_quotes.get()
    }

    /// Reads the next record; `Ok(false)` at the end.
    pub(crate) fn next_into(
        &mut self,
        path: &Path,
        record: &mut csv::ByteRecord,
    ) -> Result<bool, StreamProblem> {
        match self.reader.read_byte_record(record) {
            Ok(more) => Ok(more),
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                match error.into_kind() {
                    csv::ErrorKind::Io(source) => {
                        Err(StreamProblem::Fatal(ImportError::io(path, source)))
                    }
                    csv::ErrorKind::Utf8 { .. } => Err(StreamProblem::BadLine {
                        line,
                        cause: RejectCause::NotText { encoding: None },
                    }),
                    other => Err(StreamProblem::BadLine {
                        line,
                        cause: RejectCause::NotCsv {
                            detail: format!("{other:?}"),
                        },
                    }),
                }
            }
        }
    }

    /// The line the reader has reached (1-based).
    pub(crate) fn line(&self) -> u64 {
        self.reader.position().line()
    }
}

/// A problem while streaming records: the file as a whole, or one line.
pub(crate) enum StreamProblem {
    Fatal(ImportError),
    BadLine { line: u64, cause: RejectCause },
}

/// Everything the start of a file says about how to read it.
pub(crate) struct Sniffed {
    pub encoding: SniffedEncoding,
    pub delimiter: u8,
    pub lone_cr: bool,
    /// The decoded head (the whole file when small).
    pub head_text: String,
    /// Whether `head_text` is the whole file.
    pub complete: bool,
    pub file_size: u64,
}

/// Sniffs encoding, line endings and delimiter from the start of a file.
pub(crate) fn sniff(
    source: &Source,
    forced_encoding: Option<&'static encoding_rs::Encoding>,
    forced_delimiter: Option<u8>,
) -> Result<Sniffed, ImportError> {
    let path = source.path();
    let file_size = source.size();
    let head = source.head(decode::HEAD_BYTES);
    if head.is_empty() {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let encoding = decode::sniff_encoding(source, forced_encoding)?;
    let complete = (head.len() as u64) >= file_size;
    let head_text = decode::decode_head(head, encoding);
    if head_text.trim().is_empty() && complete {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let lone_cr = decode::has_lone_cr(&head_text);
    let delimiter = forced_delimiter.unwrap_or_else(|| sniff_delimiter(&head_text, complete));
    Ok(Sniffed {
        encoding,
        delimiter,
        lone_cr,
        head_text,
        complete,
        file_size,
    })
}

/// A file read as plain records, with what was detected.
#[derive(Clone, Debug, PartialEq)]
pub struct RawTable {
    /// WHATWG label of the encoding ("utf-8", "windows-1258", "utf-16le").
    pub encoding: String,
    pub delimiter: u8,
    /// Each record with the 1-based line it starts on; cells exactly as in the file (NFC).
    pub records: Vec<(u64, Vec<String>)>,
    /// The file ends inside a quoted field (it was probably cut).
    pub ends_in_quote: bool,
}

/// Reads a whole file as plain CSV records (no header or role logic), using
/// the same encoding and dialect detection as an import. For tests and tools;
/// it holds every record in memory.
pub fn read_raw_table(
    path: &Path,
    encoding: Option<&'static encoding_rs::Encoding>,
    delimiter: Option<u8>,
) -> Result<RawTable, ImportError> {
    let source = Source::open(path)?;
    let sniffed = sniff(&source, encoding, delimiter)?;
    let mut stream = RecordStream::over(
        &source,
        sniffed.encoding,
        sniffed.delimiter,
        sniffed.lone_cr,
    )?;
    let mut record = csv::ByteRecord::new();
    let mut records = Vec::new();
    loop {
        match stream.next_into(path, &mut record) {
            Ok(true) => {
                let line = stream.start_line(&record);
                let Some(row) = super::fast::Row::new(&record) else {
                    return Err(ImportError::Decode {
                        path: path.to_path_buf(),
                        encoding: decode::encoding_label(sniffed.encoding.encoding),
                        reason: format!("line {line} is not valid text"),
                    });
                };
                records.push((
                    line,
                    row.iter()
                        .map(|cell| crate::domain::text::nfc(cell).into_owned())
                        .collect(),
                ));
            }
            Ok(false) => break,
            Err(StreamProblem::Fatal(error)) => return Err(error),
            Err(StreamProblem::BadLine { line, cause }) => {
                return Err(ImportError::Decode {
                    path: path.to_path_buf(),
                    encoding: decode::encoding_label(sniffed.encoding.encoding),
                    reason: format!("line {line}: {cause}"),
                });
            }
        }
    }
    if stream.ends_without_newline()
        && let Some(last) = records.last_mut()
    {
        last.0 += 1;
    }
    Ok(RawTable {
        encoding: decode::encoding_label(sniffed.encoding.encoding),
        delimiter: sniffed.delimiter,
        records,
        ends_in_quote: stream.ends_in_quote(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_by_consistency() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n4,5,6\n", true), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n4;5;6,1\n", true), b';');
        assert_eq!(
            sniff_delimiter("a\tb\tc\nUBND X, Y\t2\t3\n4\t5\t6\n", true),
            b'\t'
        );
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n", true), b'|');
        assert_eq!(
            sniff_delimiter(
                "BÁO CÁO\nUBND TỈNH\nSTT;Chỉ tiêu;Giá trị\n1;A;46,8\n2;B;3\n",
                true
            ),
            b';'
        );
        assert_eq!(
            sniff_delimiter("key,val\n1,\"{\"\"a\"\": 1; 2}\"\n", true),
            b','
        );
        assert_eq!(
            sniff_delimiter("just one column\nand another\n", true),
            b','
        );
    }
}
