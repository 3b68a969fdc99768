//! Tables as the centre takes them away: CSV that Japanese Excel opens correctly (UTF-8 with a
//! byte-order mark, CRLF line ends) and the cell rules every export shares. A spreadsheet runs
//! a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return before them) as a
//! formula, so a name or a note typed as `=HYPERLINK(...)` would become one in the
//! coordinator's Excel: such text is written with a leading apostrophe, which shows it as text.

use crate::domain::access::Area;
use crate::domain::text::fold_full_width;
use chrono::{NaiveDate, NaiveDateTime};

/// What can be taken away, and under which area of the permission policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// The statistics page's tables for one period.
    Statistics,
    /// The dashboard's workload table.
    Workload,
    /// The case list under its filters (every page of it).
    Cases,
}

impl ExportKind {
    pub const ALL: [ExportKind; 3] =
        [ExportKind::Statistics, ExportKind::Workload, ExportKind::Cases];

    /// The name in the address: `/exports/{code}.{format}`.
    pub fn code(self) -> &'static str {
        match self {
            ExportKind::Statistics => "statistics",
            ExportKind::Workload => "dashboard",
            ExportKind::Cases => "cases",
        }
    }

    pub fn area(self) -> Area {
        match self {
            ExportKind::Statistics => Area::Statistics,
            ExportKind::Workload => Area::Dashboard,
            ExportKind::Cases => Area::Cases,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }
}

/// The kind and format a file name in the address asks for (`cases.xlsx`), if any.
pub fn parse_file_name(file: &str) -> Option<(ExportKind, ExportFormat)> {
    let (stem, extension) = file.rsplit_once('.')?;
    let kind = ExportKind::ALL.into_iter().find(|kind| kind.code() == stem)?;
    let format = [ExportFormat::Csv, ExportFormat::Xlsx]
        .into_iter()
        .find(|format| format.extension() == extension)?;
    Some((kind, format))
}

/// The address of an export with the page's query string (`period=fy2024`, the list's filters).
pub fn export_href(kind: ExportKind, format: ExportFormat, query: &str) -> String {
    let query = query.trim_start_matches('?');
    let base = format!("/exports/{}.{}", kind.code(), format.extension());
    if query.is_empty() { base } else { format!("{base}?{query}") }
}

/// Most rows one case-list export writes: more is refused with a request to narrow the
/// filters (a prefecture's whole list fits; a runaway request does not hold the server).
pub const MAX_EXPORT_ROWS: u64 = 50_000;

/// Whether the text would start a formula in a spreadsheet (see [`neutralise`]): a tab or a
/// carriage return first, or `=`, `+`, `-` or `@` as the first character after any spaces
/// (Excel skips them), in ASCII or full width (a Japanese input method types ＝ and Excel
/// takes it for =).
pub fn starts_like_formula(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    text.trim_start_matches([' ', '\u{3000}'])
        .chars()
        .next()
        .map(fold_full_width)
        .is_some_and(|first| matches!(first, '=' | '+' | '-' | '@'))
}

/// One exported table: a title (the sheet's name), its column headings and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Characters per column, for the spreadsheet's column widths (none: from the headings).
    pub widths: Vec<u16>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A count: a number cell in a spreadsheet.
    Count(u64),
    Date(NaiveDate),
    /// A moment in Japan time (the app's zone for everything a user reads).
    DateTime(NaiveDateTime),
    Empty,
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    pub fn date(value: Option<NaiveDate>) -> Cell {
        value.map_or(Cell::Empty, Cell::Date)
    }
}

/// Text a spreadsheet would not run as a formula: a leading apostrophe when it starts like one.
pub fn neutralise(text: &str) -> String {
    if starts_like_formula(text) { format!("'{text}") } else { text.to_owned() }
}

/// The text of a cell as CSV writes it (dates as 2024-04-01, which Excel reads as a date).
pub fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => neutralise(text),
        Cell::Count(count) => count.to_string(),
        Cell::Date(date) => date.format("%Y-%m-%d").to_string(),
        Cell::DateTime(moment) => moment.format("%Y-%m-%d %H:%M:%S").to_string(),
        Cell::Empty => String::new(),
    }
}

fn csv_field(text: &str, out: &mut String) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn csv_line(fields: impl Iterator<Item = String>, out: &mut String) {
    for (index, field) in fields.enumerate() {
        if index > 0 {
            out.push(',');
        }
        csv_field(&field, out);
    }
    out.push_str("\r\n");
}

/// Several tables in one CSV file: each one's title on a line, its headings, its rows, and an
/// empty line between tables. UTF-8 with a byte-order mark, so Excel reads the Japanese.
pub fn to_csv(tables: &[Table]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for (index, table) in tables.iter().enumerate() {
        if index > 0 {
            out.push_str("\r\n");
        }
        if tables.len() > 1 {
            csv_line(std::iter::once(neutralise(&table.title)), &mut out);
        }
        csv_line(table.headings.iter().map(|heading| neutralise(heading)), &mut out);
        for row in &table.rows {
            csv_line(row.iter().map(cell_text), &mut out);
        }
    }
    out.into_bytes()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty.
pub fn sheet_name(title: &str, index: usize) -> String {
    let cleaned: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim().to_owned();
    if cleaned.is_empty() { format!("Sheet{}", index + 1) } else { cleaned }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        Table {
            title: "統計".into(),
            headings: vec!["区分".into(), "件数".into()],
            rows,
            widths: Vec::new(),
        }
    }

    #[test]
    fn formulas_become_text() {
        for (typed, written) in [
            ("=1+2", "'=1+2"),
            ("+81 3 1234", "'+81 3 1234"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=cmd", "'\t=cmd"),
            ("山田 =太郎", "山田 =太郎"),
            (" =1+2", "' =1+2"),
            ("\u{3000}=1+2", "'\u{3000}=1+2"),
            ("＝HYPERLINK(\"x\")", "'＝HYPERLINK(\"x\")"),
            ("＋81", "'＋81"),
            ("－5", "'－5"),
            ("＠SUM", "'＠SUM"),
            ("　", "　"),
            ("", ""),
        ] {
            assert_eq!(neutralise(typed), written, "{typed:?}");
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_quotes_what_needs_it() {
        let csv = to_csv(&[table(vec![
            vec![Cell::text("後見, 開始"), Cell::Count(3)],
            vec![Cell::text("say \"hi\"\nthere"), Cell::Empty],
            vec![Cell::text("=HYPERLINK(\"x\")"), Cell::date("2024-04-01".parse().ok())],
        ])]);
        let text = String::from_utf8(csv).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "区分,件数\r\n\"後見, 開始\",3\r\n\"say \"\"hi\"\"\nthere\",\r\n\"'=HYPERLINK(\"\"x\"\")\",2024-04-01\r\n"
        );
    }

    #[test]
    fn several_tables_are_titled_and_separated() {
        let first = table(vec![vec![Cell::text("A"), Cell::Count(1)]]);
        let mut second = table(vec![]);
        second.title = "センターの実績".into();
        let text = String::from_utf8(to_csv(&[first, second])).unwrap();
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "統計\r\n区分,件数\r\nA,1\r\n\r\nセンターの実績\r\n区分,件数\r\n"
        );
    }

    #[test]
    fn file_names_name_a_kind_and_a_format() {
        assert_eq!(parse_file_name("cases.xlsx"), Some((ExportKind::Cases, ExportFormat::Xlsx)));
        assert_eq!(
            parse_file_name("dashboard.csv"),
            Some((ExportKind::Workload, ExportFormat::Csv))
        );
        for wrong in ["cases", "cases.pdf", "users.csv", ".csv", "cases.csv.exe"] {
            assert_eq!(parse_file_name(wrong), None, "{wrong}");
        }
        assert_eq!(
            export_href(ExportKind::Statistics, ExportFormat::Csv, "?period=fy2024"),
            "/exports/statistics.csv?period=fy2024"
        );
        assert_eq!(
            export_href(ExportKind::Workload, ExportFormat::Xlsx, ""),
            "/exports/dashboard.xlsx"
        );
    }

    #[test]
    fn sheet_names_fit_excel() {
        assert_eq!(sheet_name("申立人と本人の関係", 0), "申立人と本人の関係");
        assert_eq!(sheet_name("a/b:c*d?[e]", 0), "abcde");
        assert_eq!(sheet_name(&"長".repeat(40), 0).chars().count(), 31);
        assert_eq!(sheet_name("''", 2), "Sheet3");
    }
}
