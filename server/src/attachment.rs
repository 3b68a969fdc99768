//! A file the server hands over for download (a case document, an export): its type, a name a
//! browser saves it under, no cache keeping a copy, and a policy that never lets the browser
//! run it as a page of this site.

use axum::response::{IntoResponse, Response};
use http::{HeaderValue, header};

/// `bytes` as an attachment named `file_name` (any language; `ascii_name` for browsers that
/// read only the plain `filename`).
pub fn attachment(
    bytes: Vec<u8>,
    media_type: &'static str,
    ascii_name: &str,
    file_name: &str,
) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_name.replace(|c: char| !c.is_ascii_graphic() || c == '"' || c == '\\', "_"),
        percent_encode(file_name)
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    // Personal data: no cache, shared or private, keeps a copy.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    // Opened in the browser's viewer at most, never as a page of this site.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    response
}

/// RFC 5987 encoding of a file name for `filename*`: everything but unreserved characters as
/// %XX of its UTF-8 bytes.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_percent_encoded_as_utf8() {
        assert_eq!(percent_encode("審判書.pdf"), "%E5%AF%A9%E5%88%A4%E6%9B%B8.pdf");
        assert_eq!(percent_encode("a b\"c.png"), "a%20b%22c.png");
    }

    #[test]
    fn the_plain_name_holds_nothing_that_breaks_the_header() {
        let response = attachment(Vec::new(), "text/csv", "a\"b c.csv", "a\"b c.csv");
        let disposition = response.headers()[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert_eq!(
            disposition,
            "attachment; filename=\"a_b_c.csv\"; filename*=UTF-8''a%22b%20c.csv"
        );
        assert_eq!(response.headers()[header::CACHE_CONTROL], "private, no-store");
    }
}
