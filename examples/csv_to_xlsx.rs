//! Writes a CSV file (comma, UTF-8) as a one-sheet .xlsx workbook, the
//! figures of the value, numerator, denominator and target columns as
//! numbers (codes stay text: "01" keeps its zero): the input of the workbook import
//! benchmark (bench/README.md, "Workbooks").
//!
//! usage: cargo run --release --example csv_to_xlsx -- IN.csv OUT.xlsx

use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: csv_to_xlsx IN.csv OUT.xlsx".into());
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(&input)?;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Số liệu")?;
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    let mut figures: Vec<bool> = Vec::new();
    while reader.read_record(&mut record)? {
        if row == 0 {
            figures = record
                .iter()
                .map(|name| matches!(name, "value" | "numerator" | "denominator" | "target"))
                .collect();
        }
        for (index, cell) in record.iter().enumerate() {
            let column = u16::try_from(index)?;
            let figure = figures.get(index).copied().unwrap_or(false);
            match cell.parse::<f64>() {
                Ok(number) if row > 0 && figure => {
                    sheet.write_number(row, column, number)?;
                }
                _ if cell.is_empty() => {}
                _ => {
                    sheet.write_string(row, column, cell)?;
                }
            }
        }
        row += 1;
    }
    workbook.save(&output)?;
    println!(
        "{row} rows written to {}",
        std::path::Path::new(&output).display()
    );
    Ok(())
}
