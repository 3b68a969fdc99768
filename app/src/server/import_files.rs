//! An uploaded ledger's sheets as rows of cells: a CSV decoded from UTF-8 (with or without its
//! byte-order mark) or from Shift_JIS / CP932, the default of Japanese Excel; an .xlsx read with
//! calamine (every sheet, formulas as the values Excel last computed, dates as dates). What the
//! cells mean is `domain::import`.

use crate::domain::import::csv::{UnclosedQuote, records};
use chrono::NaiveDate;

/// A cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCell {
    Text(String),
    /// A number cell of a workbook (a count, or a date that was typed as a number).
    Number(f64),
    /// A date cell of a workbook.
    Date(NaiveDate),
    Empty,
}

impl RawCell {
    /// The cell as text, as the report quotes it.
    pub fn text(&self) -> String {
        match self {
            RawCell::Text(text) => text.clone(),
            RawCell::Number(number) => number.to_string(),
            RawCell::Date(date) => date.format("%Y-%m-%d").to_string(),
            RawCell::Empty => String::new(),
        }
    }
}

/// One sheet: its name and its rows, each with its row number in the file (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<(usize, Vec<RawCell>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    ShiftJis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Neither UTF-8 nor Shift_JIS: bytes that decode as neither.
    Encoding,
    /// A quoted CSV field that never closes, from this line on.
    UnclosedQuote(usize),
    /// Not a workbook this can read (damaged, encrypted, or an old .xls).
    Workbook,
}

/// The text of a CSV file and the encoding it was in. UTF-8 first (a byte-order mark is
/// dropped); a file that is not valid UTF-8 is read as Shift_JIS (CP932), and refused if that
/// has errors too, rather than imported with replacement characters.
pub fn decode_text(bytes: &[u8]) -> Result<(String, TextEncoding), FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), TextEncoding::Utf8));
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if had_errors {
        return Err(FileProblem::Encoding);
    }
    Ok((text.into_owned(), TextEncoding::ShiftJis))
}

/// A CSV file as one sheet of text cells.
pub fn read_csv(bytes: &[u8], name: &str) -> Result<(RawSheet, TextEncoding), FileProblem> {
    let (text, encoding) = decode_text(bytes)?;
    let rows = records(&text)
        .map_err(|UnclosedQuote { line }| FileProblem::UnclosedQuote(line))?
        .into_iter()
        .map(|(line, fields)| (line, fields.into_iter().map(RawCell::Text).collect()))
        .collect();
    Ok((RawSheet { name: name.to_owned(), rows }, encoding))
}

/// Every sheet of an .xlsx workbook. Rows are numbered as Excel numbers them (a sheet whose
/// data starts lower down keeps its row numbers).
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<RawSheet>, FileProblem> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| FileProblem::Workbook)?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|_| FileProblem::Workbook)?;
        let first_row = range.start().map_or(0, |(row, _)| row as usize);
        let first_column = range.start().map_or(0, |(_, column)| column as usize);
        let rows = range
            .rows()
            .enumerate()
            .map(|(index, row)| {
                let mut cells = vec![RawCell::Empty; first_column];
                cells.extend(row.iter().map(|cell| match cell {
                    Data::String(text) => RawCell::Text(text.clone()),
                    Data::Float(number) => RawCell::Number(*number),
                    #[allow(clippy::cast_precision_loss)]
                    Data::Int(number) => RawCell::Number(*number as f64),
                    Data::Bool(value) => RawCell::Text(value.to_string()),
                    Data::DateTime(moment) => {
                        moment.as_datetime().map_or(RawCell::Number(moment.as_f64()), |moment| {
                            RawCell::Date(moment.date())
                        })
                    }
                    Data::DateTimeIso(text) | Data::DurationIso(text) => {
                        RawCell::Text(text.clone())
                    }
                    Data::Error(_) | Data::Empty => RawCell::Empty,
                }));
                (first_row + index + 1, cells)
            })
            .collect();
        sheets.push(RawSheet { name, rows });
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn no_bytes_make_the_readers_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = read_csv(&bytes, "any.csv");
            let _ = read_xlsx(&bytes);
        }

        #[test]
        fn japanese_text_survives_shift_jis(text in "[ぁ-んァ-ヶ一-龠０-９a-z0-9,\r\n　]{0,40}") {
            let (encoded, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
            prop_assume!(!unmappable);
            prop_assert_eq!(decode_text(&encoded).unwrap().0, text);
        }
    }

    #[test]
    fn utf8_with_and_without_its_mark_and_shift_jis_decode() {
        let text = "氏名,生年月日\r\n山田　花子,昭和15年3月2日\r\n";
        assert_eq!(decode_text(text.as_bytes()), Ok((text.to_owned(), TextEncoding::Utf8)));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode_text(&with_bom), Ok((text.to_owned(), TextEncoding::Utf8)));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert_ne!(sjis.as_ref(), text.as_bytes());
        assert_eq!(decode_text(&sjis), Ok((text.to_owned(), TextEncoding::ShiftJis)));
        // CP932's own characters (NEC special characters, IBM extensions) decode too.
        let (cp932, _, _) = encoding_rs::SHIFT_JIS.encode("①髙﨑");
        assert_eq!(decode_text(&cp932).unwrap().0, "①髙﨑");
    }

    #[test]
    fn bytes_that_are_no_text_are_refused() {
        assert_eq!(decode_text(&[0x82, 0xFF, 0xFF, 0x00]), Err(FileProblem::Encoding));
    }

    #[test]
    fn a_csv_becomes_a_sheet_of_text() {
        let (sheet, encoding) = read_csv("a,b\n\"c\",\n".as_bytes(), "ledger.csv").unwrap();
        assert_eq!(encoding, TextEncoding::Utf8);
        assert_eq!(
            sheet.rows[1],
            (2, vec![RawCell::Text("c".into()), RawCell::Text(String::new())])
        );
        assert_eq!(read_csv(b"a,\"b\n", "x.csv"), Err(FileProblem::UnclosedQuote(1)));
    }

    #[test]
    fn a_damaged_workbook_is_refused() {
        assert_eq!(read_xlsx(b"PK\x03\x04 not really"), Err(FileProblem::Workbook));
    }
}
