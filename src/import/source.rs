//! One opened file: what a detection reads, opened once.
//!
//! Detection looks at a file many ways: its first bytes for a byte order
//! mark and the dialect, all of it for the UTF-8 check, its figure cells for
//! the number format, a workbook's parts for its sheets, styles and merged
//! cells. Each reads through a [`SourceReader`] of the one [`Source`]: a
//! cursor of its own over the one open file, the file's first
//! [`CACHED_BYTES`] served from memory (read from disk once, when the file
//! is opened), the rest read where the cursor is (positional reads, so
//! cursors never disturb each other). A file of up to [`CACHED_BYTES`] —
//! nearly every file an analyst imports — is read from disk exactly once;
//! a bigger one holds no more than that in memory.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::ImportError;

/// How much of the start of a file is kept in memory: more than the head
/// the dialect is read from and the prefix the number-format scan trusts
/// (`EVIDENCE_PREFIX_BYTES`, with the CSV reader's buffer), so that the
/// passes over the start of a big file read it once.
pub(crate) const CACHED_BYTES: usize = 2 << 20;

/// A file opened for detection (see the module's documentation).
pub struct Source {
    path: PathBuf,
    file: File,
    size: u64,
    /// The first `min(size, CACHED_BYTES)` bytes.
    cached: Vec<u8>,
    /// Bytes read from the disk so far (the cached start included).
    disk_bytes: AtomicU64,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        out.debug_struct("Source")
            .field("path", &self.path)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl Source {
    /// Opens the file and reads its start.
    pub fn open(path: &Path) -> Result<Source, ImportError> {
        let io = |error| ImportError::io(path, error);
        let file = File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let mut cached = Vec::with_capacity(
            usize::try_from(size).map_or(CACHED_BYTES, |size| size.min(CACHED_BYTES)),
        );
        (&file)
            .take(CACHED_BYTES as u64)
            .read_to_end(&mut cached)
            .map_err(io)?;
        Ok(Source {
            path: path.to_path_buf(),
            file,
            size,
            disk_bytes: AtomicU64::new(cached.len() as u64),
            cached,
        })
    }

    /// The file's path, as messages name it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's size when it was opened.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Up to `limit` bytes from the start of the file.
    pub(crate) fn head(&self, limit: usize) -> &[u8] {
        &self.cached[..limit.min(self.cached.len())]
    }

    /// Whether the whole file is in memory.
    pub(crate) fn all_cached(&self) -> bool {
        self.cached.len() as u64 >= self.size
    }

    /// How many bytes were read from the disk so far: the file's size for
    /// a file read once.
    pub fn bytes_read_from_disk(&self) -> u64 {
        self.disk_bytes.load(Ordering::Relaxed)
    }

    /// The whole file: from memory when it is all cached, else read (for
    /// the readers that need it whole: small legacy and .xls files).
    pub(crate) fn read_all(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        if self.all_cached() {
            return Ok(std::borrow::Cow::Borrowed(&self.cached));
        }
        let mut bytes = Vec::new();
        self.reader().read_to_end(&mut bytes)?;
        Ok(std::borrow::Cow::Owned(bytes))
    }

    /// A cursor at the start of the file.
    pub(crate) fn reader(&self) -> SourceReader<'_> {
        SourceReader {
            source: self,
            position: 0,
        }
    }

    /// A buffered cursor at the start (for parsers that read a few bytes at a time).
    pub(crate) fn buffered(&self) -> BufReader<SourceReader<'_>> {
        BufReader::new(self.reader())
    }

    /// Reads from `offset` into `buffer`: from memory within the cached
    /// start, else from the disk.
    fn read_at(&self, offset: u64, buffer: &mut [u8]) -> io::Result<usize> {
        if let Some(cached) = usize::try_from(offset)
            .ok()
            .and_then(|offset| self.cached.get(offset..))
            .filter(|rest| !rest.is_empty())
        {
            let len = cached.len().min(buffer.len());
            buffer[..len].copy_from_slice(&cached[..len]);
            return Ok(len);
        }
        if self.all_cached() {
            return Ok(0);
        }
        let read = positional_read(&self.file, buffer, offset)?;
        self.disk_bytes.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

#[cfg(unix)]
fn positional_read(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buffer, offset)
}

#[cfg(windows)]
fn positional_read(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buffer, offset)
}

/// A cursor of its own over a [`Source`].
#[derive(Clone, Debug)]
pub(crate) struct SourceReader<'a> {
    source: &'a Source,
    position: u64,
}

impl Read for SourceReader<'_> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.source.read_at(self.position, buffer)?;
        self.position += read as u64;
        Ok(read)
    }
}

impl Seek for SourceReader<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let position = match to {
            SeekFrom::Start(offset) => Some(offset),
            SeekFrom::End(delta) => self.source.size.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
        };
        let Some(position) = position else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a seek before the start of the file",
            ));
        };
        self.position = position;
        Ok(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_the_file_on_their_own_and_a_small_one_from_disk_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, b"0123456789").unwrap();
        let source = Source::open(&path).unwrap();
        let mut first = source.reader();
        let mut second = source.reader();
        let mut buffer = [0u8; 4];
        first.read_exact(&mut buffer).unwrap();
        assert_eq!(&buffer, b"0123");
        second.seek(SeekFrom::End(-3)).unwrap();
        let mut rest = Vec::new();
        second.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"789");
        first.read_exact(&mut buffer).unwrap();
        assert_eq!(&buffer, b"4567");
        assert_eq!(source.bytes_read_from_disk(), 10);
    }

    #[test]
    fn a_big_file_keeps_only_its_start_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let bytes: Vec<u8> = (0..CACHED_BYTES + 1000)
            .map(|at| (at % 251) as u8)
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        let source = Source::open(&path).unwrap();
        assert_eq!(source.head(usize::MAX).len(), CACHED_BYTES);
        let mut all = Vec::new();
        source.buffered().read_to_end(&mut all).unwrap();
        assert_eq!(all, bytes);
        assert_eq!(source.bytes_read_from_disk(), bytes.len() as u64);
        let mut again = Vec::new();
        source.reader().read_to_end(&mut again).unwrap();
        assert_eq!(
            source.bytes_read_from_disk(),
            bytes.len() as u64 + 1000,
            "a second pass reads only what is not cached"
        );
    }
}
