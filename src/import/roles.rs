//! Column roles and how header cells map to them.

use crate::domain::{Period, text};

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
    /// A wide table's column holding the figures of one period.
    PeriodValue(Period),
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
            ColumnRole::PeriodValue(period) => format!("Value for {}", period.label_en()),
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
            ColumnRole::PeriodValue(period) => format!("Giá trị {}", period.label_vi()),
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
                | ColumnRole::PeriodValue(_)
        )
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
    Period::parse(cell.trim()).map(ColumnRole::PeriodValue)
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
    let mut roles: Vec<ColumnRole> = Vec::with_capacity(cells.len());
    for cell in cells {
        let role = role_of_header(cell).unwrap_or(ColumnRole::Ignore);
        let taken = role != ColumnRole::Ignore && roles.contains(&role);
        roles.push(if taken { ColumnRole::Ignore } else { role });
    }
    roles
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
pub(crate) fn missing_for_table(roles: &[ColumnRole]) -> Option<String> {
    let has = |wanted: &[ColumnRole]| roles.iter().any(|role| wanted.contains(role));
    let has_indicator = has(&[ColumnRole::IndicatorCode, ColumnRole::IndicatorName]);
    let has_figure = roles.iter().any(ColumnRole::is_figure);
    let mut missing = Vec::new();
    if !has_indicator {
        missing.push("an indicator column (\"Mã chỉ tiêu\" or \"Tên chỉ tiêu\" / indicator_code or indicator_name)");
    }
    if !has_figure {
        missing.push("a figure column (\"Giá trị\", \"Kết quả\", \"Thực hiện\", \"Kế hoạch\" / value, or periods such as \"2021\", \"Năm 2020\")");
    }
    if missing.is_empty() {
        None
    } else {
        Some(missing.join(" and "))
    }
}

/// The roles found, listed for a message.
pub(crate) fn describe_roles(cells: &[String], roles: &[ColumnRole]) -> String {
    let found: Vec<String> = cells
        .iter()
        .zip(roles)
        .filter(|(_, role)| **role != ColumnRole::Ignore)
        .map(|(cell, role)| format!("\"{}\" = {}", text::clean(cell), role.label_en()))
        .collect();
    if found.is_empty() {
        "no column was recognised".to_owned()
    } else {
        format!("recognised {}", found.join(", "))
    }
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
        assert!(matches!(role("2019"), Some(ColumnRole::PeriodValue(p)) if p.as_str() == "2019"));
        assert!(
            matches!(role("Năm 2020"), Some(ColumnRole::PeriodValue(p)) if p.as_str() == "2020")
        );
        assert!(
            matches!(role("Quý I/2021"), Some(ColumnRole::PeriodValue(p)) if p.as_str() == "2021-Q1")
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

    #[test]
    fn canonical_header_is_recognised() {
        let cells: Vec<String> = CANONICAL_HEADER.iter().map(|c| (*c).to_owned()).collect();
        assert!(is_canonical_header(&cells));
        assert!(!is_canonical_header(&cells[..13]));
    }
}
