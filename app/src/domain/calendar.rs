//! The calendar feed (iCalendar, RFC 5545) of a user's deadlines: all-day events a calendar
//! application subscribes to at a secret address. What an event says is the user's choice:
//! the case number and the kind of deadline by default, the person's name only when asked for,
//! since a phone's calendar is read in places the case file never is.

use chrono::{DateTime, Days, NaiveDate, Utc};

/// One deadline as the feed shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// Stable across fetches, so a calendar updates the event instead of adding another.
    pub uid: String,
    pub due_on: NaiveDate,
    pub kind_label: String,
    pub case_number: String,
    /// Shown only when the user chose to include names.
    pub person_name: Option<String>,
}

/// The event's title: `定期報告 2026-0012` or `定期報告 2026-0012 山田 花子`.
pub fn summary(entry: &FeedEntry) -> String {
    match &entry.person_name {
        Some(name) => format!("{} {} {}", entry.kind_label, entry.case_number, name),
        None => format!("{} {}", entry.kind_label, entry.case_number),
    }
}

/// The whole calendar, lines ended by CRLF and folded at 75 octets as RFC 5545 requires.
pub fn calendar(name: &str, entries: &[FeedEntry], stamp: DateTime<Utc>) -> String {
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Koken Desk//Deadlines//JA".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape(name)),
        "X-WR-TIMEZONE:Asia/Tokyo".to_owned(),
    ];
    for entry in entries {
        let next_day = entry.due_on.checked_add_days(Days::new(1)).unwrap_or(entry.due_on);
        lines.extend([
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", escape(&entry.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", entry.due_on.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next_day.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&summary(entry))),
            "TRANSP:TRANSPARENT".to_owned(),
            "END:VEVENT".to_owned(),
        ]);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|line| fold(line) + "\r\n").collect()
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Folds a content line into pieces of at most 75 octets, never inside a UTF-8 character
/// (Japanese text takes three octets a character); each continuation starts with a space.
fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut octets = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        // The continuation's leading space counts towards its 75.
        if octets + width > 75 {
            folded.push_str("\r\n ");
            octets = 1;
        }
        folded.push(c);
        octets += width;
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: Option<&str>) -> FeedEntry {
        FeedEntry {
            uid: "0190-a@koken-desk".to_owned(),
            due_on: NaiveDate::from_ymd_opt(2027, 2, 28).unwrap(),
            kind_label: "定期報告".to_owned(),
            case_number: "2026-0012".to_owned(),
            person_name: name.map(str::to_owned),
        }
    }

    #[test]
    fn an_event_shows_the_case_number_and_kind_and_the_name_only_when_chosen() {
        assert_eq!(summary(&entry(None)), "定期報告 2026-0012");
        assert_eq!(summary(&entry(Some("山田 花子"))), "定期報告 2026-0012 山田 花子");
    }

    #[test]
    fn a_deadline_is_an_all_day_event_ending_the_next_day() {
        let stamp = DateTime::parse_from_rfc3339("2026-11-27T00:00:00Z").unwrap().to_utc();
        let text = calendar("期限", &[entry(None)], stamp);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{text}");
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("\r\nDTSTART;VALUE=DATE:20270228\r\n"));
        assert!(text.contains("\r\nDTEND;VALUE=DATE:20270301\r\n"));
        assert!(text.contains("\r\nDTSTAMP:20261127T000000Z\r\n"));
        assert!(text.contains("\r\nUID:0190-a@koken-desk\r\n"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
        // Every line ends with CRLF: no bare line feed.
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    }

    #[test]
    fn an_empty_calendar_is_still_a_calendar() {
        let text = calendar("期限", &[], Utc::now());
        assert!(!text.contains("VEVENT"));
        assert!(text.contains("END:VCALENDAR"));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\r"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "財産目録".repeat(20));
        let folded = fold(&line);
        for piece in folded.split("\r\n") {
            assert!(piece.len() <= 75, "{} octets: {piece}", piece.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold("SHORT:ok"), "SHORT:ok");
        let exact = "x".repeat(75);
        assert_eq!(fold(&exact), exact);
        assert_eq!(fold(&"x".repeat(76)), format!("{}\r\n x", "x".repeat(75)));
    }
}
