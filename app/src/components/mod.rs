//! Widgets shared by several pages.

pub mod charts;
pub mod choices;
pub mod conflict;
pub mod drafts;
pub mod exports;
pub mod figures;
pub mod footer;
pub mod form;
pub mod guardian_picker;
pub mod header;
pub mod html_text;
pub mod language_switch;
pub mod pager;
pub mod session_keeper;
pub mod skip_link;
pub mod title;
pub mod upload;

use crate::domain::access::Role;
use crate::i18n::{Locale, td_string};

/// A role's name for people.
pub fn role_label(role: Role, locale: Locale) -> &'static str {
    match role {
        Role::Admin => td_string!(locale, roles.admin),
        Role::Manager => td_string!(locale, roles.manager),
        Role::Coordinator => td_string!(locale, roles.coordinator),
        Role::Guardian => td_string!(locale, roles.guardian),
    }
}

/// The address of a list page with its query parameters (none: the bare path).
pub fn list_href(path: &str, pairs: &[(&'static str, String)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let encoded: Vec<String> =
        pairs.iter().map(|(key, value)| format!("{key}={}", encode_query_value(value))).collect();
    format!("{path}?{}", encoded.join("&"))
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for a query value.
pub fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
