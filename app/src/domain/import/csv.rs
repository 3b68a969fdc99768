//! CSV records as Excel writes them (RFC 4180): fields separated by commas, a field in double
//! quotes may hold commas, line breaks and doubled quotes; lines end in CRLF or LF. Lenient
//! where Excel is (a quote inside an unquoted field is kept as it is) and explicit where the
//! file is broken (a quoted field never closed is an error, not a silently swallowed file).

/// The most a CSV may hold, checked while it is read: a file of nothing but commas would
/// otherwise become millions of empty fields before anything could refuse it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub records: usize,
    pub fields: usize,
}

/// Records of a CSV text, each with the line number it starts on (1-based, as an editor shows).
pub fn records(text: &str, bounds: Bounds) -> Result<Vec<(usize, Vec<String>)>, CsvProblem> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let (mut line, mut record_line) = (1, 1);
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    // Whether the current field began with a quote (then text after its closing quote is kept
    // as Excel keeps it: `"a"b` reads as `ab`).
    let mut at_field_start = true;
    // Whether the current record has begun (a quoted empty field is something).
    let mut record_started = false;
    while let Some(c) = chars.next() {
        if quoted || (c != '\r' && c != '\n') {
            record_started = true;
        }
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\r' => {
                    line += 1;
                    field.push('\r');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                if record.len() >= bounds.fields {
                    return Err(CsvProblem::TooLarge);
                }
                at_field_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                record.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut record)));
                if records.len() > bounds.records {
                    return Err(CsvProblem::TooLarge);
                }
                line += 1;
                record_line = line;
                at_field_start = true;
                record_started = false;
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err(CsvProblem::UnclosedQuote { line: record_line });
    }
    if record_started {
        record.push(field);
        records.push((record_line, record));
        if records.len() > bounds.records {
            return Err(CsvProblem::TooLarge);
        }
    }
    Ok(records)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvProblem {
    /// A quoted field that runs to the end of the file: the record it began in.
    UnclosedQuote { line: usize },
    /// More records or fields than [`Bounds`] allows.
    TooLarge,
}

/// Whether a record holds nothing but empty (or blank) fields: an empty row of the sheet.
pub fn is_blank(record: &[String]) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: Bounds = Bounds { records: 100, fields: 100 };

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text, WIDE).unwrap().into_iter().map(|(_, record)| record).collect()
    }

    #[test]
    fn plain_and_quoted_fields() {
        assert_eq!(fields("a,b\r\nc,d\r\n"), [["a", "b"], ["c", "d"]]);
        assert_eq!(fields("a,b\nc,d"), [["a", "b"], ["c", "d"]]);
        assert_eq!(fields("\"山田, 太郎\",\"say \"\"hi\"\"\"\n"), [["山田, 太郎", "say \"hi\""]]);
        assert_eq!(fields("a,,\n"), [["a", "", ""]]);
        assert_eq!(fields(""), Vec::<Vec<String>>::new());
        assert_eq!(fields("ab\"c,d"), [["ab\"c", "d"]]);
        assert_eq!(fields("a\n\"\""), [["a"], [""]]);
    }

    #[test]
    fn a_quoted_line_break_stays_in_its_field_and_lines_are_counted() {
        let read = records("h1,h2\r\n\"two\r\nlines\",x\r\nlast,y\r\n", WIDE).unwrap();
        assert_eq!(read[1], (2, vec!["two\nlines".to_owned(), "x".to_owned()]));
        assert_eq!(read[2].0, 4);
    }

    #[test]
    fn an_unclosed_quote_is_an_error_where_it_began() {
        assert_eq!(
            records("a,b\n\"open,c\nd,e\n", WIDE),
            Err(CsvProblem::UnclosedQuote { line: 2 })
        );
    }

    #[test]
    fn records_and_fields_past_the_bounds_are_refused_while_reading() {
        let bounds = Bounds { records: 2, fields: 3 };
        assert_eq!(records("a,b,c\nd,e,f", bounds).map(|read| read.len()), Ok(2));
        assert_eq!(records("a,b,c\nd,e,f\ng", bounds), Err(CsvProblem::TooLarge));
        assert_eq!(records("a,b,c,d", bounds), Err(CsvProblem::TooLarge));
        assert_eq!(records(&",".repeat(1_000_000), bounds), Err(CsvProblem::TooLarge));
    }

    #[test]
    fn blank_rows_are_recognised() {
        assert!(is_blank(&["".into(), " \u{3000}".into()]));
        assert!(!is_blank(&["".into(), "x".into()]));
    }
}
