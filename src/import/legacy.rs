//! Text that is not what it seems: UTF-8 read in a DOS or Windows code page
//! and saved again ("KhÃ¡nh HÃ²a", "Kh├ính H├▓a"), and the legacy Vietnamese
//! encodings government files still carry: TCVN3 (ABC, ".VnTime" fonts:
//! "Kh¸nh Hßa"), VNI-Windows ("Khaùnh Hoøa") and VISCII. Pure functions over
//! text and bytes; [`super::detect`] decides when to use them.

use unicode_normalization::UnicodeNormalization;

/// The code page UTF-8 text was misread in before it was saved again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Misreading {
    Windows1252,
    Cp437,
    Cp850,
}

impl Misreading {
    pub fn label(self) -> &'static str {
        match self {
            Misreading::Windows1252 => "windows-1252",
            Misreading::Cp437 => "cp437",
            Misreading::Cp850 => "cp850",
        }
    }

    /// The byte a character of this code page stands for.
    fn byte_of(self, ch: char) -> Option<u8> {
        if ch.is_ascii() {
            return u8::try_from(u32::from(ch)).ok();
        }
        let high = match self {
            Misreading::Windows1252 => {
                // The five bytes Windows-1252 leaves undefined read as C1 controls.
                if matches!(u32::from(ch), 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
                    return u8::try_from(u32::from(ch)).ok();
                }
                let mut buffer = [0u8; 4];
                let (bytes, _, unmappable) =
                    encoding_rs::WINDOWS_1252.encode(ch.encode_utf8(&mut buffer));
                return match (unmappable, bytes.as_ref()) {
                    (false, [byte]) => Some(*byte),
                    _ => None,
                };
            }
            Misreading::Cp437 => CP437_HIGH,
            Misreading::Cp850 => CP850_HIGH,
        };
        let position = high.chars().position(|known| known == ch)?;
        u8::try_from(0x80 + position).ok()
    }
}

/// DOS code page 437, bytes 0x80–0xFF.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
/// DOS code page 850, bytes 0x80–0xFF.
const CP850_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u{ad}±‗¾¶§÷¸°¨·¹³²■\u{a0}";

/// The runs of non-ASCII characters of a text, undone as bytes of `page`
/// read as UTF-8; None when a run is no such thing.
fn undo(text: &str, page: Misreading, lenient: bool) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let mut repaired_any = false;
    let mut flush = |run: &mut String, out: &mut String| -> bool {
        if run.is_empty() {
            return true;
        }
        let bytes: Option<Vec<u8>> = run.chars().map(|ch| page.byte_of(ch)).collect();
        let fixed = bytes.and_then(|bytes| String::from_utf8(bytes).ok());
        let ok = if let Some(fixed) = fixed {
            out.push_str(&fixed);
            repaired_any = true;
            true
        } else {
            out.push_str(run);
            lenient
        };
        run.clear();
        ok
    };
    for ch in text.chars() {
        if ch.is_ascii() {
            if !flush(&mut run, &mut out) {
                return None;
            }
            out.push(ch);
        } else {
            run.push(ch);
        }
    }
    if !flush(&mut run, &mut out) {
        return None;
    }
    repaired_any.then_some(out)
}

/// The text before UTF-8 was misread in a code page and saved again, and
/// that code page; None when the text is not such a misreading (every run
/// of its non-ASCII characters must read back as UTF-8).
pub fn repair_mojibake(text: &str) -> Option<(String, Misreading)> {
    if text.is_ascii() {
        return None;
    }
    [
        Misreading::Windows1252,
        Misreading::Cp437,
        Misreading::Cp850,
    ]
    .into_iter()
    .find_map(|page| {
        let repaired = undo(text, page, false)?;
        // What comes back is letters (Vietnamese, with their marks), not symbols.
        repaired
            .chars()
            .filter(|ch| !ch.is_ascii())
            .all(|ch| ch.is_alphabetic() || is_combining_mark(ch))
            .then(|| (repaired.nfc().collect(), page))
    })
}

/// [`repair_mojibake`] for a line of a file known to be misread in `page`:
/// runs that do not read back are kept as they are.
pub fn repair_line(text: &str, page: Misreading) -> String {
    match undo(text, page, true) {
        Some(repaired) => repaired.nfc().collect(),
        None => text.to_owned(),
    }
}

fn is_combining_mark(ch: char) -> bool {
    matches!(u32::from(ch), 0x300..=0x36F)
}

/// A legacy Vietnamese encoding a user can choose (`--encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegacyEncoding {
    Viscii,
    Tcvn3,
    Vni,
}

impl LegacyEncoding {
    /// Reads "viscii", "tcvn3" (or "abc"), "vni" (or "vni-windows").
    pub fn parse(label: &str) -> Option<LegacyEncoding> {
        match label.trim().to_ascii_lowercase().as_str() {
            "viscii" => Some(LegacyEncoding::Viscii),
            "tcvn3" | "abc" | "tcvn" | "tcvn-3" => Some(LegacyEncoding::Tcvn3),
            "vni" | "vni-windows" | "vni-win" => Some(LegacyEncoding::Vni),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LegacyEncoding::Viscii => "viscii",
            LegacyEncoding::Tcvn3 => "tcvn3",
            LegacyEncoding::Vni => "vni",
        }
    }
}

/// The legacy Vietnamese encodings of text (as opposed to bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegacyText {
    /// TCVN 5712:1993 VN3 ("ABC", the ".Vn" fonts), seen through Windows-1252.
    Tcvn3,
    /// VNI-Windows (the "VNI-" fonts), seen through Windows-1252.
    Vni,
}

impl LegacyText {
    pub fn label(self) -> &'static str {
        match self {
            LegacyText::Tcvn3 => "tcvn3",
            LegacyText::Vni => "vni",
        }
    }

    /// The name a message gives it.
    pub fn name(self) -> &'static str {
        match self {
            LegacyText::Tcvn3 => "TCVN3 (ABC, the .VnTime fonts)",
            LegacyText::Vni => "VNI-Windows (the VNI- fonts)",
        }
    }

    /// Converts text written in this encoding to Unicode NFC. A cell with a
    /// letter Windows-1252 does not have ("Mã chỉ tiêu", "Năm") is Unicode
    /// already (a template's header over legacy data) and stays as it is.
    pub fn convert(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            if word.chars().all(|ch| windows_1252_byte(ch).is_some()) {
                out.push_str(&match self {
                    LegacyText::Tcvn3 => tcvn3_to_unicode(word),
                    LegacyText::Vni => vni_to_unicode(word),
                });
            } else {
                out.push_str(word);
            }
            word.clear();
        };
        for ch in text.chars() {
            if matches!(ch, ',' | ';' | '|' | '"' | '\t' | '\n' | '\r') {
                flush(&mut word, &mut out);
                out.push(ch);
            } else {
                word.push(ch);
            }
        }
        flush(&mut word, &mut out);
        out
    }

    /// Whether the text carries this encoding's marks: TCVN3's tone letters
    /// that are symbols in Windows-1252 ("Kh¸nh"), VNI's marks after a vowel
    /// that no language writes there ("Hoøa").
    ///
    /// The tell must also convert into Vietnamese: every word the
    /// conversion changes becomes a Vietnamese syllable ("naïve", "Zoë",
    /// "m²" do not).
    pub fn shows_in(self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let tell = chars.windows(2).any(|pair| match self {
            LegacyText::Tcvn3 => {
                pair[0].is_alphabetic() && matches!(u32::from(pair[1]), 0xA1..=0xBF | 0xD7 | 0xF7)
            }
            LegacyText::Vni => is_vowel(pair[0]) && VNI_TELLS.contains(pair[1]),
        });
        if !tell {
            return false;
        }
        let converted = self.convert(text);
        let words = |text: &str| -> Vec<String> {
            text.split(|ch: char| ch.is_whitespace() || ",;|\"()/.-:!?".contains(ch))
                .filter(|word| !word.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let (before, after) = (words(text), words(&converted));
        before.len() == after.len()
            && before.iter().zip(&after).any(|(old, new)| old != new)
            && before
                .iter()
                .zip(&after)
                .filter(|(old, new)| old != new)
                .all(|(_, new)| is_vietnamese_syllable(new))
    }
}

/// Windows-1252's view of TCVN3's bytes 0xA1–0xFF.
const TCVN3_HIGH: [char; 95] = [
    '\u{102}', '\u{c2}', '\u{ca}', '\u{d4}', '\u{1a0}', '\u{1af}', '\u{110}', '\u{103}', '\u{e2}',
    '\u{ea}', '\u{f4}', '\u{1a1}', '\u{1b0}', '\u{111}', '\u{1eb0}', '\u{300}', '\u{309}',
    '\u{303}', '\u{301}', '\u{323}', '\u{e0}', '\u{1ea3}', '\u{e3}', '\u{e1}', '\u{1ea1}',
    '\u{1eb2}', '\u{1eb1}', '\u{1eb3}', '\u{1eb5}', '\u{1eaf}', '\u{1eb4}', '\u{1eae}', '\u{1ea6}',
    '\u{1ea8}', '\u{1eaa}', '\u{1ea4}', '\u{1ec0}', '\u{1eb7}', '\u{1ea7}', '\u{1ea9}', '\u{1eab}',
    '\u{1ea5}', '\u{1ead}', '\u{e8}', '\u{1ec2}', '\u{1ebb}', '\u{1ebd}', '\u{e9}', '\u{1eb9}',
    '\u{1ec1}', '\u{1ec3}', '\u{1ec5}', '\u{1ebf}', '\u{1ec7}', '\u{ec}', '\u{1ec9}', '\u{1ec4}',
    '\u{1ebe}', '\u{1ed2}', '\u{129}', '\u{ed}', '\u{1ecb}', '\u{f2}', '\u{1ed4}', '\u{1ecf}',
    '\u{f5}', '\u{f3}', '\u{1ecd}', '\u{1ed3}', '\u{1ed5}', '\u{1ed7}', '\u{1ed1}', '\u{1ed9}',
    '\u{1edd}', '\u{1edf}', '\u{1ee1}', '\u{1edb}', '\u{1ee3}', '\u{f9}', '\u{1ed6}', '\u{1ee7}',
    '\u{169}', '\u{fa}', '\u{1ee5}', '\u{1eeb}', '\u{1eed}', '\u{1eef}', '\u{1ee9}', '\u{1ef1}',
    '\u{1ef3}', '\u{1ef7}', '\u{1ef9}', '\u{fd}', '\u{1ef5}', '\u{1ed0}',
];

/// The byte a character has in Windows-1252.
fn windows_1252_byte(ch: char) -> Option<u8> {
    Misreading::Windows1252.byte_of(ch)
}

fn tcvn3_to_unicode(text: &str) -> String {
    text.chars()
        .map(|ch| match windows_1252_byte(ch) {
            Some(byte) if byte >= 0xA1 => TCVN3_HIGH
                .get(usize::from(byte - 0xA1))
                .copied()
                .filter(|mapped| *mapped != '\u{fffd}')
                .unwrap_or(ch),
            _ => ch,
        })
        .collect::<String>()
        .nfc()
        .collect()
}

/// VNI marks after a vowel that are no letter of Vietnamese (nor usual after a vowel elsewhere).
const VNI_TELLS: &str = "øûïåäëüØÛÏÅÄËÜ";

fn is_vowel(ch: char) -> bool {
    "aeiouyAEIOUYôöÔÖ".contains(ch)
}

/// The combining marks a VNI character adds to the vowel before it.
fn vni_marks(ch: char) -> Option<&'static [char]> {
    const CIRCUMFLEX: char = '\u{302}';
    const BREVE: char = '\u{306}';
    const ACUTE: char = '\u{301}';
    const GRAVE: char = '\u{300}';
    const HOOK: char = '\u{309}';
    const TILDE: char = '\u{303}';
    const DOT: char = '\u{323}';
    Some(match ch.to_lowercase().next()? {
        'â' => &[CIRCUMFLEX],
        'ê' => &[BREVE],
        'ù' => &[ACUTE],
        'ø' => &[GRAVE],
        'û' => &[HOOK],
        'õ' => &[TILDE],
        'ï' => &[DOT],
        'á' => &[CIRCUMFLEX, ACUTE],
        'à' => &[CIRCUMFLEX, GRAVE],
        'å' => &[CIRCUMFLEX, HOOK],
        'ã' => &[CIRCUMFLEX, TILDE],
        'ä' => &[CIRCUMFLEX, DOT],
        'é' => &[BREVE, ACUTE],
        'è' => &[BREVE, GRAVE],
        'ú' => &[BREVE, HOOK],
        'ü' => &[BREVE, TILDE],
        'ë' => &[BREVE, DOT],
        _ => return None,
    })
}

/// A VNI character that is a letter of its own.
fn vni_letter(ch: char) -> Option<char> {
    Some(match ch {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        _ => return None,
    })
}

fn vni_to_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous_vowel = false;
    for ch in text.chars() {
        if previous_vowel && let Some(marks) = vni_marks(ch) {
            // Circumflex on a, e, o; breve on a only: otherwise not a mark.
            let base = out
                .chars()
                .last()
                .map(|last| last.to_lowercase().next().unwrap_or(last));
            let fits = match marks.first() {
                Some('\u{302}') => matches!(base, Some('a' | 'e' | 'o')),
                Some('\u{306}') => base == Some('a'),
                _ => true,
            };
            if fits {
                out.extend(marks.iter());
                continue;
            }
        }
        let letter = vni_letter(ch).unwrap_or(ch);
        previous_vowel = is_vowel(ch) || matches!(letter, 'ơ' | 'Ơ' | 'ư' | 'Ư');
        out.push(letter);
    }
    out.nfc().collect()
}

const VISCII_HIGH: [char; 128] = [
    '\u{1ea0}', '\u{1eae}', '\u{1eb0}', '\u{1eb6}', '\u{1ea4}', '\u{1ea6}', '\u{1ea8}', '\u{1eac}',
    '\u{1ebc}', '\u{1eb8}', '\u{1ebe}', '\u{1ec0}', '\u{1ec2}', '\u{1ec4}', '\u{1ec6}', '\u{1ed0}',
    '\u{1ed2}', '\u{1ed4}', '\u{1ed6}', '\u{1ed8}', '\u{1ee2}', '\u{1eda}', '\u{1edc}', '\u{1ede}',
    '\u{1eca}', '\u{1ece}', '\u{1ecc}', '\u{1ec8}', '\u{1ee6}', '\u{168}', '\u{1ee4}', '\u{1ef2}',
    '\u{d5}', '\u{1eaf}', '\u{1eb1}', '\u{1eb7}', '\u{1ea5}', '\u{1ea7}', '\u{1ea9}', '\u{1ead}',
    '\u{1ebd}', '\u{1eb9}', '\u{1ebf}', '\u{1ec1}', '\u{1ec3}', '\u{1ec5}', '\u{1ec7}', '\u{1ed1}',
    '\u{1ed3}', '\u{1ed5}', '\u{1ed7}', '\u{1ee0}', '\u{1a0}', '\u{1ed9}', '\u{1edd}', '\u{1edf}',
    '\u{1ecb}', '\u{1ef0}', '\u{1ee8}', '\u{1eea}', '\u{1eec}', '\u{1a1}', '\u{1edb}', '\u{1af}',
    '\u{c0}', '\u{c1}', '\u{c2}', '\u{c3}', '\u{1ea2}', '\u{102}', '\u{1eb3}', '\u{1eb5}',
    '\u{c8}', '\u{c9}', '\u{ca}', '\u{1eba}', '\u{cc}', '\u{cd}', '\u{128}', '\u{1ef3}', '\u{110}',
    '\u{1ee9}', '\u{d2}', '\u{d3}', '\u{d4}', '\u{1ea1}', '\u{1ef7}', '\u{1eeb}', '\u{1eed}',
    '\u{d9}', '\u{da}', '\u{1ef9}', '\u{1ef5}', '\u{dd}', '\u{1ee1}', '\u{1b0}', '\u{e0}',
    '\u{e1}', '\u{e2}', '\u{e3}', '\u{1ea3}', '\u{103}', '\u{1eef}', '\u{1eab}', '\u{e8}',
    '\u{e9}', '\u{ea}', '\u{1ebb}', '\u{ec}', '\u{ed}', '\u{129}', '\u{1ec9}', '\u{111}',
    '\u{1ef1}', '\u{f2}', '\u{f3}', '\u{f4}', '\u{f5}', '\u{1ecf}', '\u{1ecd}', '\u{1ee5}',
    '\u{f9}', '\u{fa}', '\u{169}', '\u{1ee7}', '\u{fd}', '\u{1ee3}', '\u{1eee}',
];
const VISCII_LOW: [(u8, char); 6] = [
    (0x02, '\u{1eb2}'),
    (0x05, '\u{1eb4}'),
    (0x06, '\u{1eaa}'),
    (0x14, '\u{1ef6}'),
    (0x19, '\u{1ef8}'),
    (0x1E, '\u{1ef4}'),
];

/// Whether a word is one Vietnamese syllable: an initial consonant (or
/// none), one to three vowels with at most one tone, a final consonant or
/// glide (or none).
fn is_vietnamese_syllable(word: &str) -> bool {
    const INITIALS: [&str; 27] = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
        "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
    ];
    const FINALS: [&str; 12] = [
        "ch", "ng", "nh", "c", "m", "n", "p", "t", "i", "o", "u", "y",
    ];
    const VOWELS: &str = "aăâeêioôơuưy";
    let mut tones = 0;
    let mut base = String::new();
    for ch in word.nfd() {
        match u32::from(ch) {
            0x300 | 0x301 | 0x303 | 0x309 | 0x323 => tones += 1,
            _ => base.push(ch),
        }
    }
    if tones > 1 {
        return false;
    }
    let base: String = base.nfc().collect::<String>().to_lowercase();
    let after_initial = INITIALS
        .iter()
        .find_map(|initial| base.strip_prefix(initial))
        .unwrap_or(&base);
    let vowels = after_initial
        .chars()
        .take_while(|ch| VOWELS.contains(*ch))
        .count();
    let rest: String = after_initial.chars().skip(vowels).collect();
    (1..=3).contains(&vowels) && (rest.is_empty() || FINALS.contains(&rest.as_str()))
}

/// Decodes VISCII bytes (which put Vietnamese capitals in six control codes too).
pub fn decode_viscii(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&byte| {
            if byte >= 0x80 {
                VISCII_HIGH[usize::from(byte - 0x80)]
            } else {
                VISCII_LOW
                    .iter()
                    .find(|(code, _)| *code == byte)
                    .map_or(char::from(byte), |(_, ch)| *ch)
            }
        })
        .collect()
}

/// How many words of a text are Vietnamese with marks: every letter a
/// Latin letter with Vietnamese marks only, at least one of them marked.
fn vietnamese_words(text: &str) -> usize {
    text.split(|ch: char| !ch.is_alphanumeric() && !is_combining_mark(ch))
        .filter(|word| !word.is_ascii())
        .filter(|word| is_vietnamese_word(word))
        .count()
}

/// Latin letters with Vietnamese marks only, each mark on a vowel, one tone at most.
fn is_vietnamese_word(word: &str) -> bool {
    let mut tones = 0;
    let mut after_vowel = false;
    for ch in word.nfd() {
        match u32::from(ch) {
            0x300 | 0x301 | 0x303 | 0x309 | 0x323 => {
                tones += 1;
                if !after_vowel || tones > 1 {
                    return false;
                }
            }
            0x302 | 0x306 | 0x31B => {
                if !after_vowel {
                    return false;
                }
            }
            _ if ch.is_ascii_alphabetic() || matches!(ch, 'đ' | 'Đ') => {
                after_vowel = "aeiouyAEIOUY".contains(ch);
            }
            _ => return false,
        }
    }
    true
}

/// Whether bytes that are not UTF-8 read as VISCII far better than as
/// Windows-1258: more Vietnamese words, and at least a few.
pub fn looks_viscii(bytes: &[u8]) -> bool {
    // Text in a single-byte code page has no NUL; UTF-16 is full of them.
    if memchr::memchr(0, bytes).is_some() {
        return false;
    }
    let as_viscii = vietnamese_words(&decode_viscii(bytes));
    let (as_1258, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    let as_1258 = vietnamese_words(&as_1258.nfc().collect::<String>());
    as_viscii >= 3 && as_viscii > as_1258 * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_misread_as_windows_1252_is_repaired() {
        assert_eq!(
            repair_mojibake("KhÃ¡nh HÃ²a"),
            Some(("Khánh Hòa".to_owned(), Misreading::Windows1252))
        );
    }

    #[test]
    fn utf8_misread_as_cp437_is_repaired() {
        assert_eq!(
            repair_mojibake("Tß╗ënh Kh├ính H├▓a"),
            Some(("Tỉnh Khánh Hòa".to_owned(), Misreading::Cp437))
        );
    }

    #[test]
    fn utf8_misread_as_cp850_is_repaired() {
        // "Đ" is C4 90: in cp850 "─É"; cp437 reads 90 as "É" too, but not "Ð" (D1).
        let misread: String = "Đồng Nai"
            .bytes()
            .map(|byte| {
                if byte < 0x80 {
                    char::from(byte)
                } else {
                    CP850_HIGH.chars().nth(usize::from(byte - 0x80)).unwrap()
                }
            })
            .collect();
        let (repaired, _) = repair_mojibake(&misread).unwrap();
        assert_eq!(repaired, "Đồng Nai");
        assert_eq!(repair_line(&misread, Misreading::Cp850), "Đồng Nai");
    }

    #[test]
    fn real_text_is_no_mojibake() {
        for text in [
            "Khánh Hòa",
            "Tỉnh Khánh Hòa",
            "Straße",
            "Müller",
            "Ελληνικά",
            "plain",
        ] {
            assert_eq!(repair_mojibake(text), None, "{text}");
        }
    }

    #[test]
    fn tcvn3_converts_to_unicode() {
        assert!(LegacyText::Tcvn3.shows_in("Kh¸nh Hßa"));
        assert_eq!(LegacyText::Tcvn3.convert("Kh¸nh Hßa"), "Khánh Hòa");
        assert_eq!(LegacyText::Tcvn3.convert("Së Th«ng tin"), "Sở Thông tin");
        assert_eq!(
            LegacyText::Tcvn3.convert("Mã chỉ tiêu,Kh¸nh Hßa"),
            "Mã chỉ tiêu,Khánh Hòa"
        );
        assert!(!LegacyText::Tcvn3.shows_in("Khánh Hòa"));
        assert!(!LegacyText::Tcvn3.shows_in("Straße"));
    }

    #[test]
    fn vni_converts_to_unicode() {
        assert!(LegacyText::Vni.shows_in("Khaùnh Hoøa"));
        assert_eq!(LegacyText::Vni.convert("Khaùnh Hoøa"), "Khánh Hòa");
        assert_eq!(
            LegacyText::Vni.convert("Tænh Khaùnh Hoøa"),
            "Tỉnh Khánh Hòa"
        );
        assert_eq!(LegacyText::Vni.convert("Sôû Thoâng tin"), "Sở Thông tin");
        assert_eq!(LegacyText::Vni.convert("Ñaø Naüng"), "Đà Nẵng");
        for text in [
            "Khánh Hòa",
            "Müller",
            "Straße",
            "Köln",
            "Blåbær",
            "où",
            "Zoë Robinson",
            "café naïve façade jalapeño año Niño",
            "Iñtërnâtiônàlizætiøn",
            "Vos animaux vont être gâtés à Noël !",
        ] {
            assert!(!LegacyText::Vni.shows_in(text), "{text}");
        }
        for text in ["Qty (m²)", "ssµ", "50 m³", "Price £5"] {
            assert!(!LegacyText::Tcvn3.shows_in(text), "{text}");
        }
    }

    #[test]
    fn viscii_is_read_as_viscii() {
        // "Khánh Hòa" in VISCII: á = 0xE1, ò = 0xF2.
        let bytes = b"T\xefnh Kh\xe1nh H\xf2a, Nha Trang, Vi\xaet Nam";
        let text = decode_viscii(bytes);
        assert!(text.starts_with("Tỉnh Khánh Hòa"), "{text}");
        assert!(looks_viscii(bytes));
        let windows_1258 = "Tỉnh Khánh Hòa".nfd().collect::<String>();
        let (bytes_1258, _, _) = encoding_rs::WINDOWS_1258.encode(&windows_1258);
        assert!(!looks_viscii(&bytes_1258));
        // redsalamander's utf16le-no-bom.txt: its UTF-16 bytes read as
        // VISCII letters, and it was taken for VISCII.
        let sample = "01: Latin: café naïve façade jalapeño año Niño\n\
            04: Greek: Ελληνικά ΑΒΓΔ Ωμέγα π\n05: Cyrillic: Привет мир\n\
            06: Hebrew: שלום עולם\n07: Arabic: مرحبا بالعالم\n\
            08: Vietnamese: Tiếng Việt có dấu: Hòa, Thủy, Khánh Hòa\n";
        let utf16: Vec<u8> = sample.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(!looks_viscii(&utf16));
    }
}
