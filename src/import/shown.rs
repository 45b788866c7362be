//! Which cells of an .ods or .xls sheet show their number as a percentage.
//! calamine 0.38 reads the number formats of .xlsx only (its
//! `worksheet_style` is empty for the other kinds, and an OpenDocument
//! `office:value-type="percentage"` cell comes out as a plain float), so a
//! cell showing "46,8%" would read as 0.468. These readers find the
//! percentage cells themselves: in an OpenDocument sheet by the cell's value
//! type, in a BIFF8 (Excel 97–2003) workbook by the number format of the
//! cell's XF record. When they cannot tell (an Excel 95 or encrypted file,
//! an unreadable part), they say so and the import asks.

use std::collections::HashSet;

use super::source::Source;
use super::xlsx_scan::{self, GiveUp, Tags};

/// The 0-based (row, column) of every cell that shows its number as a percentage.
pub(crate) type PercentCells = HashSet<(u32, u32)>;

/// Percentage cells repeated over more cells than this are not listed one
/// by one (no sheet has that many real figures; the rest read as stored).
const MAX_LISTED_CELLS: u64 = 4_000_000;

/// The percentage cells of the OpenDocument sheet `sheet`; Err when the
/// sheet's content cannot be read this way.
pub(crate) fn ods_percent_cells(source: &Source, sheet: &str) -> Result<PercentCells, GiveUp> {
    let mut zip = zip::ZipArchive::new(source.buffered()).map_err(|_| "not a zip archive")?;
    let entry = zip.by_name("content.xml").map_err(|_| "no content.xml")?;
    let mut cells = PercentCells::new();
    let mut state = OdsState::default();
    let mut name = String::new();
    xlsx_scan::for_each_block(entry, b"</table:table-row>", &mut |block| {
        let mut tags = Tags::new(block);
        while let Some(tag) = tags.next_tag()? {
            match (tag.name, tag.closing) {
                (b"table:table", false) => {
                    state.depth += 1;
                    if state.depth == 1 {
                        name.clear();
                        if let Some(raw) = tag.attribute(b"table:name") {
                            xlsx_scan::decode_text(raw, &mut name)?;
                        }
                        state.in_sheet = name == sheet;
                        state.row = 0;
                    }
                    if tag.empty {
                        state.depth -= 1;
                    }
                }
                (b"table:table", true) => {
                    state.depth = state.depth.saturating_sub(1);
                    if state.depth == 0 && state.in_sheet {
                        state.done = true;
                        return Ok(false);
                    }
                }
                _ if !state.in_sheet || state.depth != 1 => {}
                (b"table:table-row", false) => {
                    state.column = 0;
                    state.rows_repeated = repeated(tag.attribute(b"table:number-rows-repeated"));
                    if tag.empty {
                        state.row = state.row.saturating_add(state.rows_repeated);
                    }
                }
                (b"table:table-row", true) => {
                    state.row = state.row.saturating_add(state.rows_repeated);
                }
                (b"table:table-cell" | b"table:covered-table-cell", false) => {
                    let columns = repeated(tag.attribute(b"table:number-columns-repeated"));
                    if tag.attribute(b"office:value-type") == Some(b"percentage") {
                        let count = u64::from(columns) * u64::from(state.rows_repeated);
                        if (cells.len() as u64).saturating_add(count) > MAX_LISTED_CELLS {
                            return Err("too many percentage cells to list");
                        }
                        for row in 0..state.rows_repeated {
                            for column in 0..columns {
                                cells.insert((
                                    state.row.saturating_add(row),
                                    state.column.saturating_add(column),
                                ));
                            }
                        }
                    }
                    state.column = state.column.saturating_add(columns);
                }
                _ => {}
            }
        }
        Ok(true)
    })?;
    if state.done || state.in_sheet {
        Ok(cells)
    } else {
        Err("the sheet is not in content.xml")
    }
}

#[derive(Default)]
struct OdsState {
    /// How deep in `table:table` elements (a table inside a cell is not the sheet's).
    depth: u32,
    in_sheet: bool,
    done: bool,
    row: u32,
    rows_repeated: u32,
    column: u32,
}

/// `table:number-…-repeated="N"` (1 when absent).
fn repeated(raw: Option<&[u8]>) -> u32 {
    raw.and_then(|raw| std::str::from_utf8(raw).ok())
        .and_then(|text| text.parse().ok())
        .filter(|count| *count > 0)
        .unwrap_or(1)
}

/// The percentage cells of the sheet `sheet` of a BIFF8 workbook; Err when
/// this reader cannot tell (not BIFF8, encrypted, a damaged container).
pub(crate) fn xls_percent_cells(source: &Source, sheet: &str) -> Result<PercentCells, GiveUp> {
    let bytes = source.read_all().map_err(|_| "the file cannot be read")?;
    let stream = compound_stream(&bytes, "Workbook")?;
    let mut formats: std::collections::HashMap<u16, bool> = std::collections::HashMap::new();
    // Built-in percentage formats, unless the file says otherwise.
    formats.insert(9, true);
    formats.insert(10, true);
    let mut xf_percent: Vec<bool> = Vec::new();
    let mut sheet_offset = None;
    let mut records = Records::new(&stream, 0);
    let first = records.next().ok_or("no BOF record")?;
    if first.0 != 0x0809 || first.1.get(..2) != Some(&[0x00, 0x06]) {
        return Err("not a BIFF8 workbook");
    }
    for (kind, data) in records {
        match kind {
            0x002F => return Err("an encrypted workbook"),
            0x041E => {
                let index = u16_at(data, 0)?;
                let code = xl_unicode_string(data.get(2..).ok_or("a short FORMAT")?, true)?;
                formats.insert(index, super::workbook::shows_percent(&code));
            }
            0x00E0 => {
                let format = u16_at(data, 2)?;
                xf_percent.push(formats.get(&format).copied().unwrap_or(false));
            }
            0x0085 => {
                let offset = u32_at(data, 0)?;
                let name = xl_unicode_string(data.get(6..).ok_or("a short BOUNDSHEET")?, false)?;
                if name == sheet && sheet_offset.is_none() {
                    sheet_offset = Some(offset as usize);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let offset = sheet_offset.ok_or("the sheet is not in the workbook")?;
    let percent_xf = |xf: u16| xf_percent.get(usize::from(xf)).copied().unwrap_or(false);
    let mut cells = PercentCells::new();
    let mut sheet_records = Records::new(&stream, offset);
    match sheet_records.next() {
        Some((0x0809, _)) => {}
        _ => return Err("the sheet's BOF is not where its BOUNDSHEET says"),
    }
    for (kind, data) in sheet_records {
        match kind {
            // NUMBER, RK
            0x0203 | 0x027E if percent_xf(u16_at(data, 4)?) => {
                cells.insert((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
            }
            // MULRK: row, first column, (xf, rk) pairs, last column.
            0x00BD => {
                let row = u32::from(u16_at(data, 0)?);
                let first_column = u32::from(u16_at(data, 2)?);
                let pairs = data.len().saturating_sub(6) / 6;
                for index in 0..pairs {
                    if percent_xf(u16_at(data, 4 + index * 6)?) {
                        cells.insert((row, first_column + u32::try_from(index).unwrap_or(0)));
                    }
                }
            }
            // FORMULA: a number result unless its last two bytes are 0xFFFF.
            0x0006 => {
                let numeric = data.get(12..14) != Some(&[0xFF, 0xFF]);
                if numeric && percent_xf(u16_at(data, 4)?) {
                    cells.insert((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok(cells)
}

fn u16_at(data: &[u8], at: usize) -> Result<u16, GiveUp> {
    data.get(at..at + 2)
        .map(|bytes| u16::from_le_bytes([bytes[0], bytes[1]]))
        .ok_or("a short record")
}

fn u32_at(data: &[u8], at: usize) -> Result<u32, GiveUp> {
    data.get(at..at + 4)
        .map(|bytes| u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
        .ok_or("a short record")
}

/// An XLUnicodeString (`long`: a 16-bit length) or a ShortXLUnicodeString.
fn xl_unicode_string(data: &[u8], long: bool) -> Result<String, GiveUp> {
    let (count, mut at) = if long {
        (usize::from(u16_at(data, 0)?), 2)
    } else {
        (usize::from(*data.first().ok_or("a short string")?), 1)
    };
    let flags = *data.get(at).ok_or("a short string")?;
    at += 1;
    if flags & 0x08 != 0 {
        at += 2;
    }
    if flags & 0x04 != 0 {
        at += 4;
    }
    if flags & 0x01 == 0 {
        let bytes = data.get(at..at + count).ok_or("a short string")?;
        Ok(bytes.iter().map(|byte| char::from(*byte)).collect())
    } else {
        let bytes = data.get(at..at + count * 2).ok_or("a short string")?;
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        Ok(String::from_utf16_lossy(&units))
    }
}

/// The BIFF records of a stream from `offset`: (type, data).
struct Records<'a> {
    stream: &'a [u8],
    at: usize,
}

impl<'a> Records<'a> {
    fn new(stream: &'a [u8], at: usize) -> Records<'a> {
        Records { stream, at }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let head = self.stream.get(self.at..self.at + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let length = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = self.stream.get(self.at + 4..self.at + 4 + length)?;
        self.at += 4 + length;
        Some((kind, data))
    }
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE_SECTOR: u32 = 0xFFFF_FFFF;

/// The stream `name` of an OLE compound file (the container of .xls).
fn compound_stream(file: &[u8], name: &str) -> Result<Vec<u8>, GiveUp> {
    let header = file.get(..512).ok_or("too short for a compound file")?;
    if header[..8] != [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        return Err("not a compound file");
    }
    let sector_shift = u16_at(header, 30)?;
    if !(9..=12).contains(&sector_shift) {
        return Err("an unusual sector size");
    }
    let sector_size = 1usize << sector_shift;
    let sector = |id: u32| -> Result<&[u8], GiveUp> {
        let start = (id as usize + 1) * sector_size;
        file.get(start..start + sector_size)
            .ok_or("a sector past the end")
    };
    // The FAT's sectors: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .map(|index| u32_at(header, 76 + index * 4))
        .collect::<Result<_, _>>()?;
    let mut difat = u32_at(header, 68)?;
    let mut guard = 0;
    while difat != END_OF_CHAIN && difat != FREE_SECTOR {
        let data = sector(difat)?;
        let per_sector = sector_size / 4 - 1;
        for index in 0..per_sector {
            fat_sectors.push(u32_at(data, index * 4)?);
        }
        difat = u32_at(data, per_sector * 4)?;
        guard += 1;
        if guard > 100_000 {
            return Err("a DIFAT loop");
        }
    }
    let mut fat: Vec<u32> = Vec::new();
    for id in fat_sectors.into_iter().filter(|id| *id < 0xFFFF_FFFA) {
        let data = sector(id)?;
        fat.extend(
            data.chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        );
    }
    let chain = |start: u32, table: &[u32]| -> Result<Vec<u32>, GiveUp> {
        let mut ids = Vec::new();
        let mut id = start;
        while id != END_OF_CHAIN {
            if ids.len() > table.len() {
                return Err("a sector chain loops");
            }
            ids.push(id);
            id = *table.get(id as usize).ok_or("a chain past the FAT")?;
        }
        Ok(ids)
    };
    let read_chain = |start: u32| -> Result<Vec<u8>, GiveUp> {
        let mut bytes = Vec::new();
        for id in chain(start, &fat)? {
            bytes.extend_from_slice(sector(id)?);
        }
        Ok(bytes)
    };
    let directory = read_chain(u32_at(header, 48)?)?;
    let mut root = None;
    let mut found = None;
    for entry in directory.chunks_exact(128) {
        let name_bytes = usize::from(u16_at(entry, 64)?).min(64);
        let units: Vec<u16> = entry[..name_bytes.saturating_sub(2)]
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        let entry_name = String::from_utf16_lossy(&units);
        let kind = entry[66];
        let start = u32_at(entry, 116)?;
        let size = u32_at(entry, 120)? as usize;
        if kind == 5 {
            root = Some((start, size));
        } else if kind == 2 && entry_name.eq_ignore_ascii_case(name) && found.is_none() {
            found = Some((start, size));
        }
    }
    let (start, size) = found.ok_or("no Workbook stream (an Excel 95 file?)")?;
    let cutoff = u32_at(header, 56)? as usize;
    let mut bytes = if size < cutoff {
        // A small stream lives in the mini stream, in 64-byte sectors.
        let (root_start, _) = root.ok_or("no root entry")?;
        let mini_stream = read_chain(root_start)?;
        let mini_fat_bytes = read_chain(u32_at(header, 60)?)?;
        let mini_fat: Vec<u32> = mini_fat_bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let mut bytes = Vec::new();
        for id in chain(start, &mini_fat)? {
            let at = id as usize * 64;
            bytes.extend_from_slice(
                mini_stream
                    .get(at..at + 64)
                    .ok_or("a mini sector past the end")?,
            );
        }
        bytes
    } else {
        read_chain(start)?
    };
    if bytes.len() < size {
        return Err("a stream shorter than its size");
    }
    bytes.truncate(size);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
    }

    /// F5, F6 and F7 show 46,8%, 94,50% and 100%; F4, F8 and F9 are plain.
    fn rate_cells() -> PercentCells {
        [(4, 5), (5, 5), (6, 5)].into_iter().collect()
    }

    #[test]
    fn the_percentage_cells_of_an_xls_sheet_are_found() {
        assert_eq!(
            xls_percent_cells(&Source::open(&fixture("ty-le.xls")).unwrap(), "Báo cáo"),
            Ok(rate_cells())
        );
        assert!(
            xls_percent_cells(&Source::open(&fixture("ty-le.xls")).unwrap(), "Không có").is_err()
        );
        assert!(
            xls_percent_cells(&Source::open(&fixture("ty-le.xlsx")).unwrap(), "Báo cáo").is_err()
        );
    }

    #[test]
    fn the_percentage_cells_of_an_opendocument_sheet_are_found() {
        assert_eq!(
            ods_percent_cells(&Source::open(&fixture("ty-le.ods")).unwrap(), "Báo cáo"),
            Ok(rate_cells())
        );
        assert!(
            ods_percent_cells(&Source::open(&fixture("ty-le.ods")).unwrap(), "Không có").is_err()
        );
    }
}
