//! Column roles and how header cells map to them.

use super::header_problem::{FoundColumn, HeaderProblem, MissingColumns};
use crate::domain::{Field, Period, text};

/// What a column of an input file holds.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnRole {
    Ignore,
    /// "STT": the row's number in a printed report.
    RowNumber,
    IndicatorCode,
    IndicatorName,
    Unit,
    Kind,
    AgencyCode,
    AgencyName,
    Level,
    Period,
    Value,
    Numerator,
    Denominator,
    Target,
    Qualifier,
    Note,
    /// A wide table's column of one period's figures: its results ("2021",
    /// "Thực hiện năm 2021"), targets ("Kế hoạch năm 2022"), numerators,
    /// denominators or notes ("Năm 2021" over "Tử số", "Mẫu số", "Ghi chú").
    /// `field` is one of those five.
    Figure {
        field: Field,
        period: Period,
    },
}

pub use crate::domain::CANONICAL_HEADER;

impl ColumnRole {
    /// The roles a user can pick in a combo box (period columns are made from a period).
    pub fn all_simple() -> Vec<ColumnRole> {
        vec![
            ColumnRole::Ignore,
            ColumnRole::RowNumber,
            ColumnRole::IndicatorCode,
            ColumnRole::IndicatorName,
            ColumnRole::Unit,
            ColumnRole::Kind,
            ColumnRole::AgencyCode,
            ColumnRole::AgencyName,
            ColumnRole::Level,
            ColumnRole::Period,
            ColumnRole::Value,
            ColumnRole::Numerator,
            ColumnRole::Denominator,
            ColumnRole::Target,
            ColumnRole::Qualifier,
            ColumnRole::Note,
        ]
    }

    /// English label for the GUI.
    pub fn label_en(&self) -> String {
        match self {
            ColumnRole::Ignore => "(ignore)".to_owned(),
            ColumnRole::RowNumber => "Row number (STT)".to_owned(),
            ColumnRole::IndicatorCode => "Indicator code".to_owned(),
            ColumnRole::IndicatorName => "Indicator name".to_owned(),
            ColumnRole::Unit => "Unit".to_owned(),
            ColumnRole::Kind => "Kind".to_owned(),
            ColumnRole::AgencyCode => "Agency code".to_owned(),
            ColumnRole::AgencyName => "Agency name".to_owned(),
            ColumnRole::Level => "Level".to_owned(),
            ColumnRole::Period => "Period".to_owned(),
            ColumnRole::Value => "Value".to_owned(),
            ColumnRole::Numerator => "Numerator".to_owned(),
            ColumnRole::Denominator => "Denominator".to_owned(),
            ColumnRole::Target => "Target".to_owned(),
            ColumnRole::Qualifier => "Qualifier".to_owned(),
            ColumnRole::Note => "Note".to_owned(),
            ColumnRole::Figure { field, period } => {
                let what = match field {
                    Field::Value => "Value",
                    Field::Target => "Target",
                    Field::Numerator => "Numerator",
                    Field::Denominator => "Denominator",
                    Field::Qualifier => "Qualifier",
                    Field::Note => "Note",
                };
                format!("{what} for {}", period.label_en())
            }
        }
    }

    /// Vietnamese label for the GUI.
    pub fn label_vi(&self) -> String {
        match self {
            ColumnRole::Ignore => "(bỏ qua)".to_owned(),
            ColumnRole::RowNumber => "STT".to_owned(),
            ColumnRole::IndicatorCode => "Mã chỉ tiêu".to_owned(),
            ColumnRole::IndicatorName => "Tên chỉ tiêu".to_owned(),
            ColumnRole::Unit => "Đơn vị tính".to_owned(),
            ColumnRole::Kind => "Loại chỉ tiêu".to_owned(),
            ColumnRole::AgencyCode => "Mã đơn vị".to_owned(),
            ColumnRole::AgencyName => "Đơn vị".to_owned(),
            ColumnRole::Level => "Cấp".to_owned(),
            ColumnRole::Period => "Kỳ báo cáo".to_owned(),
            ColumnRole::Value => "Giá trị".to_owned(),
            ColumnRole::Numerator => "Tử số".to_owned(),
            ColumnRole::Denominator => "Mẫu số".to_owned(),
            ColumnRole::Target => "Kế hoạch".to_owned(),
            ColumnRole::Qualifier => "Từ định lượng (trên, khoảng)".to_owned(),
            ColumnRole::Note => "Ghi chú".to_owned(),
            ColumnRole::Figure { field, period } => {
                let what = match field {
                    Field::Value => "Giá trị",
                    Field::Target => "Kế hoạch",
                    Field::Numerator => "Tử số",
                    Field::Denominator => "Mẫu số",
                    Field::Qualifier => "Từ định lượng",
                    Field::Note => "Ghi chú",
                };
                format!("{what} {}", period.label_vi())
            }
        }
    }

    /// Whether the column holds figures whose cells are number-format evidence.
    pub fn is_figure(&self) -> bool {
        matches!(
            self,
            ColumnRole::Value
                | ColumnRole::Numerator
                | ColumnRole::Denominator
                | ColumnRole::Target
                | ColumnRole::Figure {
                    field: Field::Value | Field::Target | Field::Numerator | Field::Denominator,
                    ..
                }
        )
    }

    /// The period a wide table's column is of, if it is one.
    pub fn period(&self) -> Option<Period> {
        match self {
            ColumnRole::Figure { period, .. } => Some(*period),
            _ => None,
        }
    }

    /// This plain role bound to `period` ("Tử số" under "Năm 2021"), if it
    /// is one that can be.
    fn of_period(&self, period: Period) -> Option<ColumnRole> {
        let field = match self {
            ColumnRole::Value => Field::Value,
            ColumnRole::Target => Field::Target,
            ColumnRole::Numerator => Field::Numerator,
            ColumnRole::Denominator => Field::Denominator,
            ColumnRole::Note => Field::Note,
            _ => return None,
        };
        Some(ColumnRole::Figure { field, period })
    }

    /// The roles a column under a caption of `period` can be given.
    pub fn of_a_period(period: Period) -> [ColumnRole; 5] {
        [
            Field::Value,
            Field::Target,
            Field::Numerator,
            Field::Denominator,
            Field::Note,
        ]
        .map(|field| ColumnRole::Figure { field, period })
    }
}

/// A header cell reduced for matching: no marks, lower case, `_`/`-` as
/// spaces, dots and a trailing colon or `(*)` dropped.
pub(crate) fn header_key(cell: &str) -> String {
    let folded = text::fold(cell);
    let mut key = String::with_capacity(folded.len());
    for ch in folded.chars() {
        match ch {
            '_' | '-' | '\n' | '\r' | '\t' => key.push(' '),
            '.' | ':' | '*' => {}
            _ => key.push(ch),
        }
    }
    key.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The role a header cell names, if any.
pub(crate) fn role_of_header(cell: &str) -> Option<ColumnRole> {
    let key = header_key(cell);
    if key.is_empty() {
        return None;
    }
    if let Some(role) = role_of_key(&key) {
        return Some(role);
    }
    // "Giá trị (%)", "Đơn vị tính (ĐVT)": the words before the brackets decide.
    if let Some((before, _)) = key.split_once('(') {
        let before = before.trim();
        if let Some(role) = role_of_key(before) {
            return Some(role);
        }
    }
    if let Some(period) = Period::parse(cell.trim()) {
        return Some(ColumnRole::Figure {
            field: Field::Value,
            period,
        });
    }
    // "Kết quả thực hiện năm 2021", "Kế hoạch năm 2022", "Tử số năm 2021":
    // a figure of a period.
    let words: Vec<&str> = key.split(' ').collect();
    (1..words.len()).find_map(|split| {
        let period = Period::parse(&words[split..].join(" "))?;
        role_of_key(&words[..split].join(" "))?.of_period(period)
    })
}

fn role_of_key(key: &str) -> Option<ColumnRole> {
    let role = match key {
        "stt" | "tt" | "so tt" | "so thu tu" | "no" | "#" => ColumnRole::RowNumber,
        "ma chi tieu" | "ma ct" | "ma chi so" | "ma tieu chi" | "indicator code"
        | "indicator id" | "ma so" | "code" => ColumnRole::IndicatorCode,
        "ten chi tieu" | "chi tieu" | "noi dung" | "noi dung chi tieu" | "ten chi so"
        | "chi so" | "tieu chi" | "ten tieu chi" | "indicator name" | "indicator" | "name" => {
            ColumnRole::IndicatorName
        }
        "don vi tinh" | "dvt" | "unit" | "don vi do" | "units" => ColumnRole::Unit,
        "kind" | "loai" | "loai chi tieu" => ColumnRole::Kind,
        "ma don vi" | "ma co quan" | "ma dv" | "ma cq" | "agency code" | "agency id"
        | "ma don vi bao cao" => ColumnRole::AgencyCode,
        "don vi" | "co quan" | "ten don vi" | "ten co quan" | "co quan, don vi"
        | "co quan don vi" | "don vi bao cao" | "don vi thuc hien" | "agency name" | "agency" => {
            ColumnRole::AgencyName
        }
        "cap" | "level" | "cap don vi" | "cap hanh chinh" => ColumnRole::Level,
        "ky bao cao" | "ky" | "nam" | "nam bao cao" | "period" | "thoi gian" | "thoi ky"
        | "year" => ColumnRole::Period,
        "gia tri" | "ket qua" | "thuc hien" | "ket qua thuc hien" | "so lieu"
        | "gia tri thuc hien" | "so lieu thuc hien" | "value" => ColumnRole::Value,
        "tu so" | "numerator" => ColumnRole::Numerator,
        "mau so" | "denominator" => ColumnRole::Denominator,
        "ke hoach" | "chi tieu ke hoach" | "muc tieu" | "target" => ColumnRole::Target,
        "qualifier" | "tu dinh luong" => ColumnRole::Qualifier,
        "ghi chu" | "note" | "notes" | "remark" | "remarks" => ColumnRole::Note,
        _ => return None,
    };
    Some(role)
}

/// The roles of a header line; a role named twice keeps its first column.
pub(crate) fn roles_of_header(cells: &[String]) -> Vec<ColumnRole> {
    let mut roles = own_roles(cells);
    keep_first_of_each(&mut roles);
    roles
}

/// Each cell's own role, before a role named twice is settled.
fn own_roles(cells: &[String]) -> Vec<ColumnRole> {
    cells
        .iter()
        .map(|cell| role_of_header(cell).unwrap_or(ColumnRole::Ignore))
        .collect()
}

/// A role named twice keeps its first column; the later ones are ignored.
/// Returns the figure columns so set aside, as (later, earlier): which of
/// the two holds that figure is not known, so it is asked about.
fn keep_first_of_each(roles: &mut [ColumnRole]) -> Vec<(usize, usize)> {
    let mut repeats = Vec::new();
    for index in 0..roles.len() {
        if roles[index] == ColumnRole::Ignore {
            continue;
        }
        if let Some(first) = roles[..index].iter().position(|role| *role == roles[index]) {
            if roles[index].is_figure() {
                repeats.push((index, first));
            }
            roles[index] = ColumnRole::Ignore;
        }
    }
    repeats
}

/// The refusal of figure columns named twice (see [`Header::repeats`]; the
/// later columns are on (ignore)).
pub(crate) fn repeated_figures_problem(header: &Header) -> Option<HeaderProblem> {
    let &(later, first) = header.repeats.first()?;
    let name = |index: usize| header.headers.get(index).cloned().unwrap_or_default();
    Some(HeaderProblem::RepeatedFigure {
        first: (first + 1, name(first)),
        later: (later + 1, name(later)),
        role: header.roles[first].clone(),
        more: header.repeats.len() - 1,
    })
}

/// A file's header as read: on one line, or on two, as Excel's merged cells
/// export it — a caption over the periods ("Kết quả thực hiện" over "Năm 2020
/// | Năm 2021"), or a period over what its columns hold ("Năm 2021" over "Kế
/// hoạch | Thực hiện | Tử số | Mẫu số"), with the one-row columns ("STT",
/// "Chỉ tiêu") empty on the second row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Header {
    /// Each column's header; on two rows, joined ("Năm 2021 / Kế hoạch").
    pub headers: Vec<String>,
    /// Each column's role; figures under a period are that period's
    /// ([`ColumnRole::Figure`]).
    pub roles: Vec<ColumnRole>,
    /// The period each column stands under (its caption's, or its own).
    pub periods: Vec<Option<Period>>,
    /// Columns under a period whose second row names no figure chiso knows
    /// ("Năm 2021" over "Số văn bản điện tử"): set to (ignore), to be asked
    /// about rather than guessed.
    pub unnamed: Vec<usize>,
    /// Figure columns naming the same figure as an earlier one, as (later,
    /// earlier): set to (ignore), to be asked about.
    pub repeats: Vec<(usize, usize)>,
    /// Whether the header takes two rows.
    pub two_rows: bool,
}

/// A header on one line.
pub(crate) fn one_row_header(cells: &[String]) -> Header {
    let mut roles = own_roles(cells);
    let periods = roles.iter().map(ColumnRole::period).collect();
    let repeats = keep_first_of_each(&mut roles);
    Header {
        headers: cells.iter().map(|cell| text::clean(cell)).collect(),
        roles,
        periods,
        unnamed: Vec::new(),
        repeats,
        two_rows: false,
    }
}

/// Reads `below` as the second row of the header `top`, if it is one: every
/// cell of it names a role or a period, or is a name under a period caption
/// (words, no figure); it names at least one; and only under figure columns
/// of `top` or cells `top` leaves empty.
pub(crate) fn second_header_row(top: &[String], below: &[String]) -> Option<Header> {
    let width = top.len().max(below.len());
    let cell = |row: &[String], index: usize| -> String {
        row.get(index)
            .map(|cell| text::clean(cell))
            .unwrap_or_default()
    };
    // The caption a merged cell spreads over the empty top cells to its
    // right, and how many columns it spans.
    let mut captions: Vec<Option<String>> = Vec::with_capacity(width);
    let mut caption_starts: Vec<usize> = Vec::with_capacity(width);
    let mut caption: Option<String> = None;
    for index in 0..width {
        let (upper, lower) = (cell(top, index), cell(below, index));
        let continued = upper.is_empty();
        if !continued {
            caption = Some(upper);
        } else if lower.is_empty() {
            caption = None;
        }
        let start = match (&caption, caption_starts.last()) {
            (Some(_), Some(&start)) if continued => start,
            _ => index,
        };
        caption_starts.push(start);
        captions.push(caption.clone());
    }
    let spans_several = |index: usize| {
        caption_starts
            .iter()
            .filter(|start| **start == caption_starts[index])
            .count()
            > 1
    };
    let periods: Vec<Option<Period>> = captions
        .iter()
        .map(|caption| match role_of_header(caption.as_deref()?) {
            Some(ColumnRole::Figure {
                field: Field::Value,
                period,
            }) => Some(period),
            _ => None,
        })
        .collect();
    // A name under a period's only column says what it holds in words ("Năm
    // 2021" over "Số lượng"): it stays the period's result. Under a period
    // spanning several columns, which one holds the result is not known.
    let mut below_roles = Vec::with_capacity(width);
    let mut unnamed = Vec::new();
    let mut named = false;
    for (index, period) in periods.iter().enumerate() {
        let lower = cell(below, index);
        let role = if lower.is_empty() {
            ColumnRole::Ignore
        } else if let Some(role) = role_of_header(&lower) {
            named = true;
            role
        } else if period.is_some() && is_a_name(&lower) {
            named = true;
            if spans_several(index) {
                unnamed.push(index);
            }
            ColumnRole::Ignore
        } else {
            return None;
        };
        below_roles.push(role);
    }
    if !named {
        return None;
    }
    // A role named twice is settled below, once, over both rows.
    let top_roles = own_roles(top);
    // A second row names what a figure caption (or a merged cell) holds; a
    // name under the indicator, the agency or the period column is a data
    // row's ("2021" under "Kỳ báo cáo").
    let under_other = below_roles.iter().enumerate().any(|(index, below)| {
        let top = top_roles.get(index).unwrap_or(&ColumnRole::Ignore);
        *below != ColumnRole::Ignore && *top != ColumnRole::Ignore && !top.is_figure()
    });
    if under_other {
        return None;
    }
    let mut headers = Vec::with_capacity(width);
    let mut roles = Vec::with_capacity(width);
    for (index, below_role) in below_roles.into_iter().enumerate() {
        let role = match (below_role, periods[index]) {
            (ColumnRole::Ignore, _) if unnamed.contains(&index) => ColumnRole::Ignore,
            (ColumnRole::Ignore, _) => top_roles.get(index).cloned().unwrap_or(ColumnRole::Ignore),
            (role, Some(period)) => role.of_period(period).unwrap_or(role),
            (role, None) => role,
        };
        let (upper, lower) = (cell(top, index), cell(below, index));
        headers.push(match (lower.is_empty(), captions[index].as_deref()) {
            (true, _) => upper,
            (false, Some(caption)) => format!("{caption} / {lower}"),
            (false, None) => lower,
        });
        roles.push(role);
    }
    let periods = periods
        .iter()
        .zip(&roles)
        .map(|(caption, role)| caption.or(role.period()))
        .collect();
    let repeats = keep_first_of_each(&mut roles);
    Some(Header {
        headers,
        roles,
        periods,
        unnamed,
        repeats,
        two_rows: true,
    })
}

/// Whether a cell reads as a column's name, not as a figure or a column
/// number: two letters or more, no digit, not a "no figure" mark ("x", "N/A").
pub(crate) fn is_a_name(cell: &str) -> bool {
    cell.chars().filter(|ch| ch.is_alphabetic()).count() >= 2
        && !cell.chars().any(|ch| ch.is_ascii_digit())
        && !crate::domain::number::is_null_token(cell.trim())
}

/// The unit a header names in its closing brackets ("2020 Average
/// population (Thous. pers.)", "Tỷ lệ (%)", "Số hồ sơ (hồ sơ)"): None
/// when there are none, or they hold a period.
pub(crate) fn unit_in_brackets(header: &str) -> Option<String> {
    let trimmed = header.trim();
    let inner = trimmed.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let unit = text::clean(&inner[open + 1..]);
    if unit.is_empty() || unit.chars().count() > 40 || Period::parse(&unit).is_some() {
        return None;
    }
    Some(unit)
}

/// A role named on the command line (`--column 3=agency`).
pub fn role_of_name(name: &str) -> Option<ColumnRole> {
    Some(
        match name.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "ignore" | "none" => ColumnRole::Ignore,
            "row_number" | "stt" => ColumnRole::RowNumber,
            "indicator_code" => ColumnRole::IndicatorCode,
            "indicator" | "indicator_name" => ColumnRole::IndicatorName,
            "unit" => ColumnRole::Unit,
            "kind" => ColumnRole::Kind,
            "agency_code" => ColumnRole::AgencyCode,
            "agency" | "agency_name" => ColumnRole::AgencyName,
            "level" => ColumnRole::Level,
            "period" => ColumnRole::Period,
            "value" => ColumnRole::Value,
            "numerator" => ColumnRole::Numerator,
            "denominator" => ColumnRole::Denominator,
            "target" => ColumnRole::Target,
            "qualifier" => ColumnRole::Qualifier,
            "note" => ColumnRole::Note,
            _ => return None,
        },
    )
}

/// The refusal of columns under a period whose names say no figure chiso
/// knows (see [`Header::unnamed`]).
pub(crate) fn unnamed_columns_problem(header: &Header) -> Option<HeaderProblem> {
    if header.unnamed.is_empty() {
        return None;
    }
    Some(HeaderProblem::UnnamedColumns {
        columns: header
            .unnamed
            .iter()
            .map(|&index| (index + 1, header.headers[index].clone()))
            .collect(),
    })
}

/// Checks that every figure column has a period to go to: beside columns of
/// periods (a wide table), a result, target, numerator or denominator column
/// that names none has none, unless the file has one period and no column of
/// that kind for it (its target: "2021 | Kế hoạch"). A plain result column
/// beside periods is never one (the periods are the results). `Err` says
/// which column and what to do, and that column is set to (ignore), so the
/// rest can be seen in the import dialog.
pub(crate) fn check_periods(
    roles: &mut [ColumnRole],
    headers: &[String],
) -> Result<(), HeaderProblem> {
    let mut periods: Vec<Period> = Vec::new();
    for period in roles.iter().filter_map(ColumnRole::period) {
        if !periods.contains(&period) {
            periods.push(period);
        }
    }
    if periods.is_empty() {
        return Ok(());
    }
    // A plain column is the one period's when it has no column of that kind.
    let of_one_period = |plain: &ColumnRole| {
        periods.len() == 1
            && plain
                .of_period(periods[0])
                .is_some_and(|bound| !roles.contains(&bound))
    };
    let Some(stray) = roles.iter().position(|role| match role {
        ColumnRole::Value => true,
        ColumnRole::Target | ColumnRole::Numerator | ColumnRole::Denominator => {
            !of_one_period(role)
        }
        _ => false,
    }) else {
        return Ok(());
    };
    let role = std::mem::replace(&mut roles[stray], ColumnRole::Ignore);
    Err(HeaderProblem::StrayFigure {
        column: stray + 1,
        header: headers.get(stray).cloned().unwrap_or_default(),
        role,
        periods,
    })
}

/// Whether the cells are exactly the canonical header.
pub(crate) fn is_canonical_header(cells: &[String]) -> bool {
    cells.len() == CANONICAL_HEADER.len()
        && cells
            .iter()
            .zip(CANONICAL_HEADER)
            .all(|(cell, name)| cell.trim() == name)
}

/// The canonical header's roles, in order.
pub(crate) fn canonical_roles() -> Vec<ColumnRole> {
    vec![
        ColumnRole::IndicatorCode,
        ColumnRole::IndicatorName,
        ColumnRole::Unit,
        ColumnRole::Kind,
        ColumnRole::AgencyCode,
        ColumnRole::AgencyName,
        ColumnRole::Level,
        ColumnRole::Period,
        ColumnRole::Value,
        ColumnRole::Numerator,
        ColumnRole::Denominator,
        ColumnRole::Target,
        ColumnRole::Qualifier,
        ColumnRole::Note,
    ]
}

/// What a set of roles lacks to be an indicator table, in words; None when complete.
pub(crate) fn missing_for_table(roles: &[ColumnRole]) -> Option<MissingColumns> {
    let has = |wanted: &[ColumnRole]| roles.iter().any(|role| wanted.contains(role));
    let missing = MissingColumns {
        indicator: !has(&[ColumnRole::IndicatorCode, ColumnRole::IndicatorName]),
        figure: !roles.iter().any(ColumnRole::is_figure),
    };
    (!missing.is_none()).then_some(missing)
}

/// The roles found, listed for a message.
pub(crate) fn describe_roles(cells: &[String], roles: &[ColumnRole]) -> Vec<FoundColumn> {
    cells
        .iter()
        .zip(roles)
        .filter(|(_, role)| **role != ColumnRole::Ignore)
        .map(|(cell, role)| (text::clean(cell), role.clone()))
        .collect()
}

/// The rank of a header candidate: how many columns have a role.
pub(crate) fn header_score(roles: &[ColumnRole]) -> usize {
    roles
        .iter()
        .filter(|role| !matches!(role, ColumnRole::Ignore))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(cell: &str) -> Option<ColumnRole> {
        role_of_header(cell)
    }

    #[test]
    fn unit_and_agency_are_told_apart() {
        assert_eq!(role("Đơn vị tính"), Some(ColumnRole::Unit));
        assert_eq!(role("ĐVT"), Some(ColumnRole::Unit));
        assert_eq!(role("Đ.V.T"), Some(ColumnRole::Unit));
        assert_eq!(role("Đơn vị"), Some(ColumnRole::AgencyName));
        assert_eq!(role("Cơ quan"), Some(ColumnRole::AgencyName));
        assert_eq!(role("agency_name"), Some(ColumnRole::AgencyName));
        assert_eq!(role("Mã đơn vị"), Some(ColumnRole::AgencyCode));
        assert_eq!(role("Mã cơ quan"), Some(ColumnRole::AgencyCode));
    }

    #[test]
    fn vietnamese_and_english_headers() {
        assert_eq!(role("Mã chỉ tiêu"), Some(ColumnRole::IndicatorCode));
        assert_eq!(role("indicator_code"), Some(ColumnRole::IndicatorCode));
        assert_eq!(role("Tên chỉ tiêu"), Some(ColumnRole::IndicatorName));
        assert_eq!(role("Chỉ tiêu"), Some(ColumnRole::IndicatorName));
        assert_eq!(role("Nội dung"), Some(ColumnRole::IndicatorName));
        assert_eq!(role("STT"), Some(ColumnRole::RowNumber));
        assert_eq!(role("TT"), Some(ColumnRole::RowNumber));
        assert_eq!(role("Cấp"), Some(ColumnRole::Level));
        assert_eq!(role("Kỳ báo cáo"), Some(ColumnRole::Period));
        assert_eq!(role("Năm"), Some(ColumnRole::Period));
        assert_eq!(role("Giá trị"), Some(ColumnRole::Value));
        assert_eq!(role("Kết quả"), Some(ColumnRole::Value));
        assert_eq!(role("Thực hiện"), Some(ColumnRole::Value));
        assert_eq!(role("Giá trị (%)"), Some(ColumnRole::Value));
        assert_eq!(role("Kế hoạch"), Some(ColumnRole::Target));
        assert_eq!(role("Tử số"), Some(ColumnRole::Numerator));
        assert_eq!(role("Mẫu số"), Some(ColumnRole::Denominator));
        assert_eq!(role("Ghi chú"), Some(ColumnRole::Note));
        assert_eq!(role("qualifier"), Some(ColumnRole::Qualifier));
        assert_eq!(role("kind"), Some(ColumnRole::Kind));
        assert_eq!(role("Địa chỉ"), None);
    }

    #[test]
    fn period_headers_make_period_columns() {
        assert!(
            matches!(role("2019"), Some(ColumnRole::Figure { field: Field::Value, period: p }) if p.as_str() == "2019")
        );
        assert!(
            matches!(role("Năm 2020"), Some(ColumnRole::Figure { field: Field::Value, period: p }) if p.as_str() == "2020")
        );
        assert!(
            matches!(role("Quý I/2021"), Some(ColumnRole::Figure { field: Field::Value, period: p }) if p.as_str() == "2021-Q1")
        );
    }

    #[test]
    fn a_role_named_twice_keeps_the_first_column() {
        let cells: Vec<String> = ["Chỉ tiêu", "Giá trị", "Giá trị"]
            .iter()
            .map(|cell| (*cell).to_owned())
            .collect();
        assert_eq!(
            roles_of_header(&cells),
            vec![
                ColumnRole::IndicatorName,
                ColumnRole::Value,
                ColumnRole::Ignore
            ]
        );
    }

    fn row(cells: &str) -> Vec<String> {
        cells.split(';').map(str::to_owned).collect()
    }

    fn periods(years: &[&str]) -> Vec<ColumnRole> {
        years
            .iter()
            .map(|year| ColumnRole::Figure {
                field: Field::Value,
                period: Period::parse(year).unwrap(),
            })
            .collect()
    }

    #[test]
    fn a_caption_over_periods_makes_period_columns() {
        let header = second_header_row(
            &row("STT;Chỉ tiêu;Đơn vị tính;Kết quả thực hiện;"),
            &row(";;;Năm 2020;Năm 2021"),
        )
        .unwrap();
        let mut expected = vec![
            ColumnRole::RowNumber,
            ColumnRole::IndicatorName,
            ColumnRole::Unit,
        ];
        expected.extend(periods(&["2020", "2021"]));
        assert_eq!(header.roles, expected);
        assert_eq!(header.headers[3], "Kết quả thực hiện / Năm 2020");
        assert_eq!(header.headers[4], "Kết quả thực hiện / Năm 2021");
        let mut roles = header.roles.clone();
        assert_eq!(check_periods(&mut roles, &header.headers), Ok(()));
        assert_eq!(roles, header.roles);
    }

    #[test]
    fn a_period_over_target_and_result_binds_both_to_it() {
        let header = second_header_row(
            &row("STT;Chỉ tiêu;ĐVT;Năm 2020;;Năm 2021;;Ghi chú"),
            &row(";;;Kế hoạch;Thực hiện;Kế hoạch;Thực hiện;"),
        )
        .unwrap();
        assert_eq!(header.headers[4], "Năm 2020 / Thực hiện");
        let year = |year: &str| Period::parse(year).unwrap();
        assert_eq!(
            header.roles,
            vec![
                ColumnRole::RowNumber,
                ColumnRole::IndicatorName,
                ColumnRole::Unit,
                ColumnRole::Figure {
                    field: Field::Target,
                    period: year("2020")
                },
                ColumnRole::Figure {
                    field: Field::Value,
                    period: year("2020")
                },
                ColumnRole::Figure {
                    field: Field::Target,
                    period: year("2021")
                },
                ColumnRole::Figure {
                    field: Field::Value,
                    period: year("2021")
                },
                ColumnRole::Note
            ]
        );
        let mut roles = header.roles.clone();
        assert_eq!(check_periods(&mut roles, &header.headers), Ok(()));
    }

    #[test]
    fn a_period_over_its_fraction_binds_numerator_and_denominator_to_it() {
        let header = second_header_row(
            &row("Chỉ tiêu;Năm 2020;;;Năm 2021;;"),
            &row(";Tử số;Mẫu số;Thực hiện;Tử số;Mẫu số;Thực hiện"),
        )
        .unwrap();
        let year = |year: &str| Period::parse(year).unwrap();
        let mut expected = vec![ColumnRole::IndicatorName];
        for period in [year("2020"), year("2021")] {
            expected.extend([
                ColumnRole::Figure {
                    field: Field::Numerator,
                    period,
                },
                ColumnRole::Figure {
                    field: Field::Denominator,
                    period,
                },
                ColumnRole::Figure {
                    field: Field::Value,
                    period,
                },
            ]);
        }
        assert_eq!(header.roles, expected);
        assert!(header.unnamed.is_empty());
        assert_eq!(unnamed_columns_problem(&header), None);
        let mut roles = header.roles.clone();
        assert_eq!(check_periods(&mut roles, &header.headers), Ok(()));
    }

    #[test]
    fn names_under_a_period_that_say_no_figure_are_asked_about() {
        let header = second_header_row(
            &row("STT;Chỉ tiêu;Năm 2021;;"),
            &row(";;Số văn bản điện tử;Tổng số văn bản;Tỷ lệ (%)"),
        )
        .unwrap();
        assert_eq!(header.unnamed, vec![2, 3, 4]);
        assert!(
            header.roles[2..]
                .iter()
                .all(|role| *role == ColumnRole::Ignore)
        );
        let year = Period::parse("2021");
        assert_eq!(header.periods[2..], [year, year, year]);
        let problem = unnamed_columns_problem(&header).unwrap().to_string();
        assert!(
            problem.starts_with(
                "columns 3 (\"Năm 2021 / Số văn bản điện tử\"), 4 (\"Năm 2021 / Tổng số văn bản\"), \
                 5 (\"Năm 2021 / Tỷ lệ (%)\") stand under a period"
            ),
            "{problem}"
        );
        // Under a period's only column a name just says what its result is.
        let header = second_header_row(
            &row("Chỉ tiêu;Năm 2020;Năm 2021"),
            &row(";Số lượng;Số lượng"),
        )
        .unwrap();
        assert!(header.unnamed.is_empty());
        assert_eq!(header.roles[1..], periods(&["2020", "2021"]));
        assert_eq!(header.headers[1], "Năm 2020 / Số lượng");
        // Column numbers, units and "no figure" marks under periods are not names.
        let top = row("STT;Chỉ tiêu;Năm 2020;Năm 2021");
        for below in ["(1);(2);(3);(4)", ";;%;%", ";;x;N/A", "A;B;1;2"] {
            assert_eq!(second_header_row(&top, &row(below)), None, "{below}");
        }
    }

    #[test]
    fn a_fraction_column_of_no_period_beside_several_is_set_aside() {
        let headers = row("Chỉ tiêu;Tử số;Mẫu số;2020;2021");
        let mut roles = roles_of_header(&headers);
        let refused = check_periods(&mut roles, &headers).unwrap_err().to_string();
        assert!(
            refused.contains("column 2 (\"Tử số\") holds numerators"),
            "{refused}"
        );
        assert_eq!(roles[1], ColumnRole::Ignore);
        // Beside one period they are its own.
        let headers = row("Chỉ tiêu;Tử số;Mẫu số;Năm 2021");
        let mut roles = roles_of_header(&headers);
        assert_eq!(check_periods(&mut roles, &headers), Ok(()));
        assert!(matches!(
            role("Tử số năm 2021"),
            Some(ColumnRole::Figure { field: Field::Numerator, period: p }) if p.as_str() == "2021"
        ));
    }

    #[test]
    fn a_figure_named_with_its_period_is_of_that_period() {
        assert!(matches!(
            role("Kết quả thực hiện năm 2021"),
            Some(ColumnRole::Figure { field: Field::Value, period: p }) if p.as_str() == "2021"
        ));
        assert!(matches!(
            role("Thực hiện 6 tháng đầu năm 2021"),
            Some(ColumnRole::Figure { field: Field::Value, period: p }) if p.as_str() == "2021-H1"
        ));
        assert!(matches!(
            role("Kế hoạch năm 2022"),
            Some(ColumnRole::Figure { field: Field::Target, period: p }) if p.as_str() == "2022"
        ));
        assert!(matches!(
            role("Ghi chú năm 2021"),
            Some(ColumnRole::Figure { field: Field::Note, period: p }) if p.as_str() == "2021"
        ));
        assert_eq!(role("Đơn vị tính năm 2021"), None);
    }

    #[test]
    fn a_figure_column_of_no_period_beside_periods_is_set_aside_and_said() {
        let headers = row("Chỉ tiêu;Giá trị;Kế hoạch năm 2022");
        let mut roles = roles_of_header(&headers);
        let refused = check_periods(&mut roles, &headers).unwrap_err().to_string();
        assert!(
            refused.contains("column 2 (\"Giá trị\") holds results"),
            "{refused}"
        );
        assert!(refused.contains("(ignore)"), "{refused}");
        assert_eq!(roles[1], ColumnRole::Ignore);
        // A target column is the period's when the file has one period …
        let headers = row("Chỉ tiêu;2021;Kế hoạch");
        let mut roles = roles_of_header(&headers);
        assert_eq!(check_periods(&mut roles, &headers), Ok(()));
        // … and nobody's among several.
        let headers = row("Chỉ tiêu;2020;2021;Kế hoạch");
        let mut roles = roles_of_header(&headers);
        let refused = check_periods(&mut roles, &headers).unwrap_err().to_string();
        assert!(
            refused.contains("column 4 (\"Kế hoạch\") holds targets"),
            "{refused}"
        );
        assert!(refused.contains("2020, 2021"), "{refused}");
    }

    #[test]
    fn a_data_row_is_not_a_second_header_row() {
        let top = row("STT;Chỉ tiêu;Đơn vị tính;Năm 2020;Năm 2021");
        for below in [
            "1;Tỷ lệ văn bản điện tử;%;95,5;98,2",
            // Under the indicator column: a section, not a header.
            ";Hạ tầng kỹ thuật;;;",
            ";;;;",
            ";;;95,5;98,2",
        ] {
            assert_eq!(second_header_row(&top, &row(below)), None, "{below}");
        }
        // A long table's row with only its period filled in.
        let top = row("Mã chỉ tiêu;Mã đơn vị;Kỳ báo cáo;Giá trị");
        for below in [";;2021;", ";;Năm 2021;3.467"] {
            assert_eq!(second_header_row(&top, &row(below)), None, "{below}");
        }
    }

    #[test]
    fn canonical_header_is_recognised() {
        let cells: Vec<String> = CANONICAL_HEADER.iter().map(|c| (*c).to_owned()).collect();
        assert!(is_canonical_header(&cells));
        assert!(!is_canonical_header(&cells[..13]));
    }
}
