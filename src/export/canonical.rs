//! Canonical CSV out: UTF-8, comma, LF, the fixed header, numbers with "."
//! and no grouping, rows in the order the store gives (indicator code,
//! agency code, period). `import` reads it back without guessing.

use std::io::Write;

use crate::domain::ObservationView;
use crate::domain::number::format_canonical;

pub use crate::domain::CANONICAL_HEADER;

/// Writes canonical CSV rows to any sink.
pub struct CanonicalWriter<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CanonicalWriter<W> {
    /// Starts the file with its header line.
    pub fn new(sink: W) -> csv::Result<CanonicalWriter<W>> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(sink);
        writer.write_record(CANONICAL_HEADER)?;
        Ok(CanonicalWriter { writer })
    }

    /// Writes one observation.
    pub fn write(&mut self, row: &ObservationView) -> csv::Result<()> {
        let number = |value: Option<f64>| value.map(format_canonical).unwrap_or_default();
        let figures = &row.figures;
        self.writer.write_record([
            row.indicator_code.as_str(),
            row.indicator_name.as_str(),
            row.unit.as_deref().unwrap_or(""),
            row.kind.as_str(),
            row.agency_code.as_str(),
            row.agency_name.as_str(),
            row.level.map_or("", crate::domain::Level::as_str),
            row.period.as_str(),
            &number(figures.value),
            &number(figures.numerator),
            &number(figures.denominator),
            &number(figures.target),
            figures.qualifier.as_deref().unwrap_or(""),
            figures.note.as_deref().unwrap_or(""),
        ])
    }

    /// Flushes and returns the sink.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer
            .into_inner()
            .map_err(csv::IntoInnerError::into_error)
    }
}

/// Writes rejected lines as CSV (UTF-8 with BOM so Excel shows Vietnamese):
/// file, line, column, raw text, reason.
pub fn write_rejections<W: Write>(
    sink: W,
    file_name: &str,
    rejections: &[crate::domain::Rejection],
) -> csv::Result<W> {
    let mut sink = sink;
    sink.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(sink);
    writer.write_record(["file", "line", "column", "raw", "message"])?;
    for rejection in rejections {
        writer.write_record([
            file_name,
            &rejection.line.to_string(),
            &rejection
                .column
                .map(|column| column.to_string())
                .unwrap_or_default(),
            &rejection.raw,
            &rejection.message(),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|error| error.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Figures, Kind, Level};

    #[test]
    fn writes_the_canonical_shape() {
        let row = ObservationView {
            id: 1,
            indicator_id: 1,
            indicator_code: "CTS_TONG".into(),
            indicator_name: "Chứng thư số chuyên dùng, cấp mới".into(),
            unit: Some("chứng thư".into()),
            kind: Kind::Count,
            agency_id: 1,
            agency_code: "56".into(),
            agency_name: "Tỉnh Khánh Hòa".into(),
            level: Some(Level::Province),
            period: "2021".into(),
            figures: Figures {
                value: Some(3467.0),
                target: Some(46.8),
                qualifier: Some("trên".into()),
                ..Figures::default()
            },
            batch_id: None,
            agency_valid_to: None,
        };
        let mut writer = CanonicalWriter::new(Vec::new()).unwrap();
        writer.write(&row).unwrap();
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "indicator_code,indicator_name,unit,kind,agency_code,agency_name,level,period,value,numerator,denominator,target,qualifier,note\n\
             CTS_TONG,\"Chứng thư số chuyên dùng, cấp mới\",chứng thư,count,56,Tỉnh Khánh Hòa,province,2021,3467,,,46.8,trên,\n"
        );
    }
}
