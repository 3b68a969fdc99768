//! Support requests (相談): a guardian asks the centre for help with a report, the accounts or a
//! decision, and the centre answers in a thread until a coordinator closes it. The rules here
//! say what a request and a reply must hold, who may still write on a thread, and whose turn it
//! is; the server stores the thread and the pages show it.

use super::TEXT_MAX_CHARS;
use serde::{Deserialize, Serialize};

/// Longest subject line, in characters (the column holds 200).
pub const SUBJECT_MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SupportStatus {
    Open,
    Closed,
}

impl SupportStatus {
    pub fn code(self) -> &'static str {
        match self {
            SupportStatus::Open => "open",
            SupportStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<SupportStatus> {
        [SupportStatus::Open, SupportStatus::Closed].into_iter().find(|s| s.code() == code)
    }
}

/// Who wrote a message on a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Guardian,
    Centre,
}

/// Whose turn it is on a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Turn {
    /// The guardian wrote last: the centre owes an answer.
    Centre,
    /// The centre answered last: the guardian has something to read.
    Guardian,
    /// Closed: nobody owes anything.
    Nobody,
}

/// The turn on a thread from its status and the side that wrote its last message.
pub fn turn(status: SupportStatus, last_writer: Option<Side>) -> Turn {
    match (status, last_writer) {
        (SupportStatus::Closed, _) => Turn::Nobody,
        (SupportStatus::Open, Some(Side::Centre)) => Turn::Guardian,
        (SupportStatus::Open, _) => Turn::Centre,
    }
}

/// The problems of a new request, as (form field, message code) pairs.
pub fn request_problems(subject: &str, body: &str) -> Vec<(&'static str, &'static str)> {
    let mut problems = text_problems("subject", subject, SUBJECT_MAX_CHARS);
    problems.extend(text_problems("body", body, TEXT_MAX_CHARS));
    problems
}

/// The problems of a reply on a thread: a closed thread takes none (the guardian asks anew, so
/// that what was settled stays settled and the inbox shows the new question).
pub fn reply_problems(status: SupportStatus, body: &str) -> Vec<(&'static str, &'static str)> {
    if status == SupportStatus::Closed {
        return vec![("body", "support_closed")];
    }
    text_problems("body", body, TEXT_MAX_CHARS)
}

fn text_problems(field: &'static str, text: &str, max: usize) -> Vec<(&'static str, &'static str)> {
    let text = text.trim();
    if text.is_empty() {
        vec![(field, "required")]
    } else if text.chars().count() > max {
        vec![(field, "too_long")]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_needs_a_subject_and_a_message_within_their_lengths() {
        assert!(request_problems("報告書の書き方", "収支の欄が分かりません").is_empty());
        assert_eq!(request_problems("  ", "本文"), vec![("subject", "required")]);
        assert_eq!(request_problems("件名", "\n"), vec![("body", "required")]);
        let long_subject = "あ".repeat(SUBJECT_MAX_CHARS + 1);
        assert_eq!(request_problems(&long_subject, "本文"), vec![("subject", "too_long")]);
        let exact_subject = "あ".repeat(SUBJECT_MAX_CHARS);
        assert!(request_problems(&exact_subject, "本文").is_empty());
        let long_body = "x".repeat(TEXT_MAX_CHARS + 1);
        assert_eq!(
            request_problems("", &long_body),
            vec![("subject", "required"), ("body", "too_long")]
        );
    }

    #[test]
    fn a_closed_thread_takes_no_reply() {
        assert!(reply_problems(SupportStatus::Open, "ありがとうございます").is_empty());
        assert_eq!(reply_problems(SupportStatus::Open, " "), vec![("body", "required")]);
        assert_eq!(
            reply_problems(SupportStatus::Closed, "追加の質問"),
            vec![("body", "support_closed")]
        );
    }

    #[test]
    fn the_turn_follows_the_last_writer_until_the_thread_is_closed() {
        use SupportStatus::*;
        assert_eq!(turn(Open, Some(Side::Guardian)), Turn::Centre);
        assert_eq!(turn(Open, Some(Side::Centre)), Turn::Guardian);
        assert_eq!(turn(Open, None), Turn::Centre);
        assert_eq!(turn(Closed, Some(Side::Guardian)), Turn::Nobody);
        assert_eq!(turn(Closed, Some(Side::Centre)), Turn::Nobody);
    }

    #[test]
    fn status_codes_round_trip() {
        for status in [SupportStatus::Open, SupportStatus::Closed] {
            assert_eq!(SupportStatus::parse(status.code()), Some(status));
        }
        assert_eq!(SupportStatus::parse("pending"), None);
    }
}
