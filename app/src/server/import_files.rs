//! An uploaded ledger's sheets as rows of cells: a CSV decoded from UTF-8 (with or without its
//! byte-order mark) or from Shift_JIS / CP932, the default of Japanese Excel; an .xlsx read with
//! calamine (every sheet, formulas as the values Excel last computed, dates as dates). What the
//! cells mean is `domain::import`.

use crate::domain::import::csv::{Bounds, CsvProblem, records};
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
    /// A sheet with cells beyond [`MAX_ROWS`] or [`MAX_COLUMNS`].
    TooLarge,
}

/// The text of a CSV file and the encoding it was in. UTF-8 first (a byte-order mark is
/// dropped); a file that is not valid UTF-8 is read as Shift_JIS (CP932), and refused if that
/// has errors too, rather than imported with replacement characters.
///
/// A few bytes of Shift_JIS can also be valid UTF-8 (「皃０」 is the bytes of "ᤂO"). When both
/// readings are clean, the one with fewer characters foreign to a Japanese ledger wins, and
/// UTF-8 wins a tie: a whole ledger in Shift_JIS is practically never valid UTF-8, so this
/// only decides files of a few characters.
pub fn decode_text(bytes: &[u8]) -> Result<(String, TextEncoding), FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (shift_jis, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    let shift_jis = (!had_errors).then_some(shift_jis);
    match (std::str::from_utf8(bytes), shift_jis) {
        (Ok(utf8), Some(shift_jis))
            if foreign_characters(&shift_jis) < foreign_characters(utf8) =>
        {
            Ok((shift_jis.into_owned(), TextEncoding::ShiftJis))
        }
        (Ok(utf8), _) => Ok((utf8.to_owned(), TextEncoding::Utf8)),
        (Err(_), Some(shift_jis)) => Ok((shift_jis.into_owned(), TextEncoding::ShiftJis)),
        (Err(_), None) => Err(FileProblem::Encoding),
    }
}

/// How many characters of `text` a Japanese ledger would hardly hold: anything but ASCII,
/// Japanese punctuation, kana, the common kanji and full-width forms. (Half-width katakana
/// count as foreign: old systems write them, but in Shift_JIS, where they are single bytes
/// that UTF-8 never accepts, so they only show up here in the misreading of UTF-8.)
fn foreign_characters(text: &str) -> usize {
    text.chars()
        .filter(|&character| {
            !matches!(character,
                '\0'..='\u{7F}' | '\u{3000}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'
                | '\u{FF01}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFEF}')
        })
        .count()
}

/// A CSV file as one sheet of text cells.
pub fn read_csv(bytes: &[u8], name: &str) -> Result<(RawSheet, TextEncoding), FileProblem> {
    let (text, encoding) = decode_text(bytes)?;
    let bounds = Bounds { records: MAX_ROWS as usize, fields: MAX_COLUMNS as usize };
    let rows = records(&text, bounds)
        .map_err(|problem| match problem {
            CsvProblem::UnclosedQuote { line } => FileProblem::UnclosedQuote(line),
            CsvProblem::TooLarge => FileProblem::TooLarge,
        })?
        .into_iter()
        .map(|(line, fields)| (line, fields.into_iter().map(RawCell::Text).collect()))
        .collect();
    Ok((RawSheet { name: name.to_owned(), rows }, encoding))
}

/// The farthest cell a sheet may hold: far more than any ledger, and a bound on the memory a
/// workbook can ask for. (calamine's ranges allocate every cell between a sheet's corners, so
/// a 2 KB file naming cell XFD1048576 would ask for hundreds of gigabytes: the cells are read
/// one by one instead, and a cell beyond these bounds refuses the file.)
pub const MAX_ROWS: u32 = 200_000;
pub const MAX_COLUMNS: u32 = 200;

/// The most a workbook's parts may unpack to. A ledger of 50,000 rows unpacks to tens of
/// megabytes; a zip bomb of 20 MB can claim gigabytes, which calamine would inflate (the shared
/// strings at once) before any cell bound applies.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// What a zip archive's central directory says its files unpack to, in all; none when there is
/// no directory to read, or it is a ZIP64 one (no ledger needs one). The sizes are the
/// archive's own word: this stops an honest bomb, and the cell bounds below the rest.
fn unpacked_size(bytes: &[u8]) -> Option<u64> {
    let u16_at = |at: usize| -> Option<u64> {
        Some(u64::from(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?)))
    };
    let u32_at = |at: usize| -> Option<u64> {
        Some(u64::from(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?)))
    };
    // The end-of-directory record: 22 bytes and a comment of up to 64 KB, at the very end.
    let last = bytes.len().checked_sub(22)?;
    let end = (last.saturating_sub(u16::MAX as usize)..=last)
        .rev()
        .find(|at| bytes[*at..].starts_with(b"PK\x05\x06"))?;
    let entries = u16_at(end + 10)?;
    let mut at = usize::try_from(u32_at(end + 16)?).ok()?;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if !bytes.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let size = u32_at(at + 24)?;
        if size == u64::from(u32::MAX) {
            return None;
        }
        total = total.checked_add(size)?;
        let lengths = u16_at(at + 28)? + u16_at(at + 30)? + u16_at(at + 32)?;
        at = at.checked_add(46 + usize::try_from(lengths).ok()?)?;
    }
    Some(total)
}

/// Every sheet of an .xlsx workbook: the rows that hold something, numbered as Excel numbers
/// them, each as wide as its last filled cell.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<RawSheet>, FileProblem> {
    use calamine::{Reader, Xlsx};
    use std::collections::BTreeMap;
    match unpacked_size(bytes) {
        None => return Err(FileProblem::Workbook),
        Some(size) if size > MAX_UNPACKED_BYTES => return Err(FileProblem::TooLarge),
        Some(_) => {}
    }
    let mut workbook: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| FileProblem::Workbook)?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let mut cells =
            workbook.worksheet_cells_reader(&name).map_err(|_| FileProblem::Workbook)?;
        let mut rows: BTreeMap<u32, Vec<(u32, RawCell)>> = BTreeMap::new();
        while let Some(cell) = cells.next_cell().map_err(|_| FileProblem::Workbook)? {
            let (row, column) = cell.get_position();
            if row >= MAX_ROWS || column >= MAX_COLUMNS {
                return Err(FileProblem::TooLarge);
            }
            let value = raw_cell(cell.get_value());
            if value != RawCell::Empty {
                rows.entry(row).or_default().push((column, value));
            }
        }
        let rows = rows
            .into_iter()
            .map(|(row, filled)| {
                let width = filled.iter().map(|(column, _)| *column as usize + 1).max();
                let mut cells = vec![RawCell::Empty; width.unwrap_or(0)];
                for (column, value) in filled {
                    cells[column as usize] = value;
                }
                (row as usize + 1, cells)
            })
            .collect();
        sheets.push(RawSheet { name, rows });
    }
    Ok(sheets)
}

/// A workbook cell as the import reads it: formulas as the value Excel last computed, date
/// cells as dates (in the workbook's date system), errors as empty.
fn raw_cell(cell: &calamine::DataRef<'_>) -> RawCell {
    use calamine::DataRef;
    match cell {
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
            RawCell::Text(text.clone())
        }
        DataRef::SharedString(text) => RawCell::Text((*text).to_owned()),
        DataRef::Float(number) => RawCell::Number(*number),
        // Counts and serial days are far below 2^53: exact as floating point.
        #[allow(clippy::cast_precision_loss)]
        DataRef::Int(number) => RawCell::Number(*number as f64),
        DataRef::Bool(value) => RawCell::Text(value.to_string()),
        DataRef::DateTime(moment) => moment
            .as_datetime()
            .map_or(RawCell::Number(moment.as_f64()), |moment| RawCell::Date(moment.date())),
        DataRef::Error(_) | DataRef::Empty => RawCell::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Up to 40 characters of a ledger that Shift_JIS holds: kana, kanji, digits (full and
    /// half width), lower-case letters, commas, line ends and the ideographic space. (Drawn
    /// from the characters Shift_JIS encodes rather than filtered afterwards: most code points
    /// between 一 and 龠 are not in JIS X 0208, and rejecting them would starve the generator.)
    fn ledger_text() -> impl Strategy<Value = String> {
        let ranges =
            [('ぁ', 'ん'), ('ァ', 'ヶ'), ('一', '龠'), ('０', '９'), ('a', 'z'), ('0', '9')];
        let alphabet: Vec<char> = ranges
            .into_iter()
            .flat_map(|(first, last)| first..=last)
            .chain([',', '\r', '\n', '　'])
            .filter(|character| {
                let mut buffer = [0; 4];
                !encoding_rs::SHIFT_JIS.encode(character.encode_utf8(&mut buffer)).2
            })
            .collect();
        proptest::collection::vec(proptest::sample::select(alphabet), 0..40)
            .prop_map(|characters| characters.into_iter().collect())
    }

    proptest! {
        #[test]
        fn no_bytes_make_the_readers_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = read_csv(&bytes, "any.csv");
            let _ = read_xlsx(&bytes);
        }

        /// Shift_JIS text is read back whole, unless its bytes are also UTF-8 that reads as
        /// plausibly (a handful of characters can be: see `decode_text`).
        #[test]
        fn japanese_text_survives_shift_jis(text in ledger_text()) {
            let (encoded, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
            prop_assert!(!unmappable);
            let (decoded, _) = decode_text(&encoded).unwrap();
            let also_plausible_utf8 = std::str::from_utf8(&encoded)
                .is_ok_and(|utf8| foreign_characters(utf8) <= foreign_characters(&text));
            if decoded != text {
                prop_assert!(also_plausible_utf8, "{:?} read as {:?}", text, decoded);
                prop_assert_eq!(Some(decoded.as_str()), std::str::from_utf8(&encoded).ok());
            }
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
    fn shift_jis_that_is_also_utf8_is_read_as_the_more_japanese_text() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("皃０");
        assert!(std::str::from_utf8(&sjis).is_ok(), "the bytes of \"ᤂO\"");
        assert_eq!(decode_text(&sjis), Ok(("皃０".to_owned(), TextEncoding::ShiftJis)));
        // A UTF-8 ledger with a name no Shift_JIS holds stays UTF-8.
        let text = "氏名\r\n김민준\r\n𠮷田　花子\r\n";
        assert_eq!(decode_text(text.as_bytes()), Ok((text.to_owned(), TextEncoding::Utf8)));
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

    /// A central directory of one file that claims to unpack to `size` bytes.
    fn zip_claiming(size: u32) -> Vec<u8> {
        let name = b"xl/sharedStrings.xml";
        let mut entry = b"PK\x01\x02".to_vec();
        entry.extend([0; 20]);
        entry.extend(size.to_le_bytes());
        entry.extend(u16::try_from(name.len()).unwrap().to_le_bytes());
        entry.extend([0; 14]);
        entry.extend(name);
        let mut zip = b"PK\x03\x04 (the file's data)".to_vec();
        let directory_at = u32::try_from(zip.len()).unwrap();
        let directory_size = u32::try_from(entry.len()).unwrap();
        zip.extend(entry);
        zip.extend(b"PK\x05\x06");
        zip.extend([0; 4]);
        zip.extend(1u16.to_le_bytes());
        zip.extend(1u16.to_le_bytes());
        zip.extend(directory_size.to_le_bytes());
        zip.extend(directory_at.to_le_bytes());
        zip.extend([0; 2]);
        zip
    }

    #[test]
    fn a_workbook_claiming_to_unpack_past_the_bound_is_refused_unread() {
        assert_eq!(unpacked_size(&zip_claiming(1_000)), Some(1_000));
        assert_eq!(read_xlsx(&zip_claiming(1_000)), Err(FileProblem::Workbook));
        assert_eq!(read_xlsx(&zip_claiming(300 * 1024 * 1024)), Err(FileProblem::TooLarge));
        assert_eq!(unpacked_size(&zip_claiming(u32::MAX)), None, "ZIP64 is not read");
        assert_eq!(unpacked_size(b"PK\x05\x06"), None);
    }
}
