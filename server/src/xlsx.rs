//! Tables as an Excel workbook: one sheet per table, headings bold and frozen with a filter on
//! them, the widths the table asks for, counts as numbers, dates as dates. Text that starts
//! like a formula is written as text with Excel's own quote prefix, so it stays text even when
//! someone edits the cell (the CSV's apostrophe rule, without the visible apostrophe).

use app::domain::export::{Cell, Table, sheet_name, starts_like_formula};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::collections::HashSet;

/// `titled`: each sheet names its table above the headings (several tables of one report);
/// otherwise the headings are the first row (a sheet to fill in and read back).
pub fn workbook(tables: &[Table], titled: bool) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let styles = Styles::new();
    let mut names = HashSet::new();
    for (index, table) in tables.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(unique_name(&table.title, index, &mut names))?;
        write_table(sheet, table, titled, &styles)?;
    }
    if tables.is_empty() {
        workbook.add_worksheet();
    }
    workbook.save_to_buffer()
}

struct Styles {
    heading: Format,
    title: Format,
    count: Format,
    date: Format,
    moment: Format,
    text: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            heading: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(12),
            count: Format::new().set_num_format("#,##0"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            moment: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            text: Format::new(),
        }
    }
}

/// Excel refuses two sheets of one name (case-insensitively); a repeat gets its number.
fn unique_name(title: &str, index: usize, taken: &mut HashSet<String>) -> String {
    let mut name = sheet_name(title, index);
    if taken.contains(&name.to_lowercase()) {
        let suffix = format!(" ({})", index + 1);
        name = name.chars().take(31 - suffix.chars().count()).collect::<String>() + &suffix;
    }
    taken.insert(name.to_lowercase());
    name
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    titled: bool,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let mut row: u32 = 0;
    // Several tables: each sheet names its table (with the period) above the headings, as the
    // sheet's name is cut at 31 characters.
    if titled {
        sheet.write_string_with_format(row, 0, &table.title, &styles.title)?;
        row += 1;
    }
    let heading_row = row;
    for (column, heading) in (0u16..).zip(&table.headings) {
        write_text(sheet, row, column, heading, &styles.heading)?;
        let width =
            table.widths.get(usize::from(column)).copied().unwrap_or_else(|| {
                u16::try_from(heading.chars().count() * 2 + 2).unwrap_or(u16::MAX)
            });
        sheet.set_column_width(column, f64::from(width))?;
    }
    for cells in &table.rows {
        row += 1;
        for (column, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) => write_text(sheet, row, column, text, &styles.text)?,
                Cell::Count(count) => {
                    // Counts are far below 2^53: exact as a spreadsheet's number.
                    let number = *count as f64;
                    sheet.write_number_with_format(row, column, number, &styles.count)?;
                }
                Cell::Date(date) => {
                    sheet.write_datetime_with_format(row, column, date, &styles.date)?;
                }
                Cell::DateTime(moment) => {
                    sheet.write_datetime_with_format(row, column, moment, &styles.moment)?;
                }
                Cell::Empty => {}
            }
        }
    }
    if let Some(last_column) = table.headings.len().checked_sub(1) {
        let last_column = u16::try_from(last_column).unwrap_or(u16::MAX);
        sheet.set_freeze_panes(heading_row + 1, 0)?;
        sheet.autofilter(heading_row, 0, row.max(heading_row), last_column)?;
    }
    Ok(())
}

fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if starts_like_formula(text) {
        sheet.write_string_with_format(row, column, text, &format.clone().set_quote_prefix())?;
    } else {
        sheet.write_string_with_format(row, column, text, format)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_stay_unique_within_excels_limit() {
        let mut taken = HashSet::new();
        let long = "Relation of the guardian to the person FY2024";
        let first = unique_name(long, 0, &mut taken);
        let second = unique_name(long, 1, &mut taken);
        assert_eq!(first.chars().count(), 31);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with(" (2)"), "{second}");
        assert_eq!(unique_name("SHEET", 2, &mut taken), "SHEET");
        assert_eq!(unique_name("sheet", 3, &mut taken), "sheet (4)");
    }

    /// What the import reads from a workbook: text, numbers, date cells as dates, a formula as
    /// the value Excel computed, a merged heading in its first cell, rows numbered as Excel
    /// numbers them (a blank row is left out).
    #[test]
    fn the_import_reads_back_what_a_workbook_holds() {
        use app::server::import_files::{RawCell, read_xlsx};
        use rust_xlsxwriter::Formula;
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("ケース").unwrap();
        sheet.merge_range(0, 0, 0, 1, "本人", &Format::new()).unwrap();
        sheet.write_string(1, 0, "山田　花子").unwrap();
        let born = chrono::NaiveDate::from_ymd_opt(1940, 3, 2).unwrap();
        sheet
            .write_datetime_with_format(1, 1, born, &Format::new().set_num_format("yyyy/m/d"))
            .unwrap();
        sheet.write_number(1, 2, 3.0).unwrap();
        sheet.write_formula(1, 3, Formula::new("=C2*2").set_result("6")).unwrap();
        sheet.write_string(3, 0, "=HYPERLINK(\"x\")").unwrap();
        let sheets = read_xlsx(&book.save_to_buffer().unwrap()).unwrap();
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].name, "ケース");
        let rows = &sheets[0].rows;
        assert_eq!(rows[0], (1, vec![RawCell::Text("本人".into())]));
        assert_eq!(
            rows[1],
            (
                2,
                vec![
                    RawCell::Text("山田　花子".into()),
                    RawCell::Date(born),
                    RawCell::Number(3.0),
                    RawCell::Number(6.0)
                ]
            )
        );
        assert_eq!(rows[2], (4, vec![RawCell::Text("=HYPERLINK(\"x\")".into())]));
        assert_eq!(rows.len(), 3);
    }

    /// A tiny file that names a far cell is refused, not laid out in memory.
    #[test]
    fn a_workbook_with_a_far_cell_is_refused() {
        use app::server::import_files::{FileProblem, read_xlsx};
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "a").unwrap();
        sheet.write_string(1_048_575, 16_383, "far").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(bytes.len() < 10_000);
        assert_eq!(read_xlsx(&bytes), Err(FileProblem::TooLarge));
    }

    #[test]
    fn an_empty_export_is_still_a_workbook() {
        let bytes = workbook(&[], false).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
