//! Detection opens a file once (issue 12): the encoding sniff, the dialect,
//! the header search, the number evidence, the preview and a workbook's
//! sheets all read through one opened source. The opens are counted by the
//! kernel (inotify reports each open of the watched file), so the count is
//! the same whatever the code does inside.

#![cfg(target_os = "linux")]

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use chiso::import::{self, ImportOptions, Source};

/// Counts the opens of one file from the moment it is made.
struct OpenWatch {
    fd: libc::c_int,
}

impl OpenWatch {
    fn new(path: &Path) -> OpenWatch {
        let name = CString::new(path.as_os_str().as_bytes()).unwrap();
        // SAFETY: plain system calls on a descriptor this watch owns.
        unsafe {
            let fd = libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC);
            assert!(fd >= 0, "inotify_init1 failed");
            // Closes between opens keep the kernel from folding two opens
            // that follow each other into one event.
            let watch = libc::inotify_add_watch(
                fd,
                name.as_ptr(),
                libc::IN_OPEN | libc::IN_CLOSE_NOWRITE | libc::IN_CLOSE_WRITE,
            );
            assert!(watch >= 0, "inotify_add_watch failed");
            OpenWatch { fd }
        }
    }

    /// The opens seen so far.
    fn opens(&self) -> usize {
        let mut opens = 0;
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            // SAFETY: reads into a buffer of the length given.
            let read = unsafe { libc::read(self.fd, buffer.as_mut_ptr().cast(), buffer.len()) };
            let Ok(read) = usize::try_from(read) else {
                return opens;
            };
            if read == 0 {
                return opens;
            }
            let mut at = 0;
            while at + 16 <= read {
                let mask = u32::from_ne_bytes(buffer[at + 4..at + 8].try_into().unwrap());
                let len = u32::from_ne_bytes(buffer[at + 12..at + 16].try_into().unwrap());
                if mask & libc::IN_OPEN != 0 {
                    opens += 1;
                }
                at += 16 + len as usize;
            }
        }
    }
}

impl Drop for OpenWatch {
    fn drop(&mut self) {
        // SAFETY: the descriptor is this watch's.
        unsafe {
            libc::close(self.fd);
        }
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A report as the province's system exports it: titles, a header, figures
/// in the Vietnamese format ("46,8"), `rows` data lines.
fn report_csv(rows: usize) -> String {
    let mut text = String::from(
        "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA\nBÁO CÁO CHỈ TIÊU NĂM 2021\n\nSTT,Chỉ tiêu,Mã đơn vị,Năm,Giá trị\n",
    );
    for row in 0..rows {
        text.push_str(&format!(
            "{},Tỷ lệ hồ sơ trực tuyến,56,2021,\"{},{}\"\n",
            row + 1,
            row % 100,
            row % 10
        ));
    }
    text
}

/// Text as Vietnamese Windows writes it in Windows-1258: the letters the
/// code page has as they are, the tone marks as combining characters after them.
fn windows_1258(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut bytes = Vec::new();
    let mut encode = |text: &str| {
        let (encoded, _, unmappable) = encoding_rs::WINDOWS_1258.encode(text);
        assert!(!unmappable, "{text}");
        bytes.extend_from_slice(&encoded);
    };
    for letter in text.chars() {
        let decomposed: String = letter.to_string().nfd().collect();
        let base: String = decomposed
            .chars()
            .filter(|mark| !TONES.contains(mark))
            .nfc()
            .collect();
        let tone: String = decomposed
            .chars()
            .filter(|mark| TONES.contains(mark))
            .collect();
        encode(&base);
        encode(&tone);
    }
    bytes
}

/// Detects `path` as the import dialog does (the detection and the sheets,
/// from one opened source) and returns the opens the kernel saw.
fn opens_of_a_detection(path: &Path) -> usize {
    let watch = OpenWatch::new(path);
    let source = Source::open(path).unwrap();
    let (detection, problem) = import::detect_source(&source, &ImportOptions::default()).unwrap();
    assert!(problem.is_none(), "{problem:?}");
    assert!(!detection.preview.is_empty());
    let _ = import::sheets_of(&source, &ImportOptions::default()).unwrap();
    drop(source);
    watch.opens()
}

#[test]
fn a_csv_is_opened_once_to_detect_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bao-cao.csv");
    std::fs::write(&path, report_csv(200)).unwrap();
    assert_eq!(opens_of_a_detection(&path), 1);

    // What the command line and the dialog call, from a path.
    let watch = OpenWatch::new(&path);
    let detection = import::detect(&path, &ImportOptions::default()).unwrap();
    assert_eq!(detection.number_format, chiso::domain::NumberFormat::Vi);
    assert_eq!(watch.opens(), 1);
}

#[test]
fn a_windows_1258_csv_is_opened_once_to_detect_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cp1258.csv");
    std::fs::write(&path, windows_1258(&report_csv(50))).unwrap();
    assert_eq!(opens_of_a_detection(&path), 1);
    let detection = import::detect(&path, &ImportOptions::default()).unwrap();
    assert_eq!(detection.encoding_label(), "windows-1258");
}

#[test]
fn a_workbook_is_opened_once_to_detect_it_and_list_its_sheets() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["ty-le.xlsx", "ty-le.xls", "ty-le.ods"] {
        let path = dir.path().join(name);
        std::fs::copy(fixture(name), &path).unwrap();
        assert_eq!(opens_of_a_detection(&path), 1, "{name}");
    }
}

/// A file bigger than what a source keeps in memory: the number scan
/// (whole numbers only, so it reads to the end) reads the file's start from
/// memory, not from the disk again.
#[test]
fn a_big_csv_is_opened_once_and_its_start_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lon.csv");
    let mut text = String::from("STT,Chỉ tiêu,Mã đơn vị,Năm,Giá trị\n");
    let mut row = 0u64;
    while text.len() < 3 << 20 {
        row += 1;
        text.push_str(&format!("{row},Số thuê bao,56,2021,{}\n", row * 7));
    }
    std::fs::write(&path, &text).unwrap();
    let size = text.len() as u64;
    let watch = OpenWatch::new(&path);
    let source = Source::open(&path).unwrap();
    let (detection, problem) = import::detect_source(&source, &ImportOptions::default()).unwrap();
    assert!(problem.is_none(), "{problem:?}");
    assert_eq!(
        detection.number_evidence,
        Some(import::FormatEvidence::NoDistinction)
    );
    assert_eq!(watch.opens(), 1);
    // Two passes read the whole file (the UTF-8 check, the number scan);
    // the start both share is read once.
    let cached = 2 << 20;
    assert!(
        source.bytes_read_from_disk() <= 2 * size - cached,
        "read {} bytes of a {size}-byte file",
        source.bytes_read_from_disk()
    );
}
