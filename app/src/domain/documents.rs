//! Documents on a case: what kinds a centre keeps, which file types it accepts (read from the
//! content, never from the name), how large a file may be, and which documents a guardian may
//! open. The server stores and serves them; the rules are here.

use crate::domain::categories::{Category, category};
use serde::{Deserialize, Serialize};

/// Largest file accepted, in bytes (a scanned 審判書 of a few pages fits easily).
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// Longest title, in characters (the column holds 200).
pub const TITLE_MAX_CHARS: usize = 200;

category! {
    /// The papers a centre keeps on a case.
    DocumentKind {
        Ruling => "ruling", "審判書", "Court ruling";
        RegistryCertificate => "registry_certificate", "登記事項証明書", "Certificate of registered matters";
        Inventory => "inventory", "財産目録", "Inventory of assets";
        Report => "report", "報告書", "Report";
        Letter => "letter", "書簡・通知", "Letter or notice";
        Other => "other", "その他", "Other";
    }
}

/// The file types accepted, each recognised by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
}

impl FileType {
    /// The media type it is served with.
    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<FileType> {
        [FileType::Pdf, FileType::Png, FileType::Jpeg]
            .into_iter()
            .find(|file_type| file_type.media_type() == media_type)
    }

    /// The extension a download is named with, whatever the uploaded name said.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Png => "png",
            FileType::Jpeg => "jpg",
        }
    }
}

/// The type of a file from its content: a PDF starts with `%PDF-`, a PNG with its eight-byte
/// signature, a JPEG with a start-of-image marker. Anything else is refused, whatever its name.
pub fn sniff(content: &[u8]) -> Option<FileType> {
    if content.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if content.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileType::Png)
    } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else {
        None
    }
}

/// The problems of an upload, as (form field, message code) pairs.
pub fn upload_problems(
    title: &str,
    size: usize,
    sniffed: Option<FileType>,
) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    let title = title.trim();
    if title.is_empty() {
        problems.push(("title", "required"));
    } else if title.chars().count() > TITLE_MAX_CHARS {
        problems.push(("title", "too_long"));
    }
    if size == 0 {
        problems.push(("file", "required"));
    } else if size > MAX_DOCUMENT_BYTES {
        problems.push(("file", "file_too_large"));
    } else if sniffed.is_none() {
        problems.push(("file", "file_type"));
    }
    problems
}

/// Whether a guardian may open a document of a case they are appointed to: the court's papers
/// and the reports that are their own work, and anything they uploaded themselves. The
/// centre's letters and other papers stay with the centre.
pub fn guardian_may_open(kind: DocumentKind, uploaded_by_them: bool) -> bool {
    uploaded_by_them
        || matches!(
            kind,
            DocumentKind::Ruling
                | DocumentKind::RegistryCertificate
                | DocumentKind::Inventory
                | DocumentKind::Report
        )
}

/// The name a download is saved under: the title, with characters that file systems or the
/// header would trip on replaced, and the extension of the actual type.
pub fn download_name(title: &str, file_type: FileType) -> String {
    let safe: String = title
        .trim()
        .chars()
        .map(|c| if c.is_control() || "\\/:*?\"<>|".contains(c) { '_' } else { c })
        .take(100)
        .collect();
    let stem = if safe.is_empty() { "document".to_owned() } else { safe };
    format!("{stem}.{}", file_type.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_is_read_from_the_content() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Some(FileType::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FileType::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F']), Some(FileType::Jpeg));
        // A text file, an executable, HTML or an empty file named .pdf is none of them.
        assert_eq!(sniff(b"hello, this is not a PDF"), None);
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b" %PDF-1.4"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"%PDF"), None);
    }

    #[test]
    fn an_upload_needs_a_title_and_an_accepted_file_within_the_limit() {
        let pdf = Some(FileType::Pdf);
        assert!(upload_problems("審判書（後見開始）", 120_000, pdf).is_empty());
        assert!(upload_problems("審判書", MAX_DOCUMENT_BYTES, pdf).is_empty());
        assert_eq!(upload_problems(" ", 10, pdf), vec![("title", "required")]);
        assert_eq!(upload_problems("審判書", 0, None), vec![("file", "required")]);
        assert_eq!(
            upload_problems("審判書", MAX_DOCUMENT_BYTES + 1, pdf),
            vec![("file", "file_too_large")]
        );
        assert_eq!(upload_problems("審判書", 2_000, None), vec![("file", "file_type")]);
        let long = "書".repeat(TITLE_MAX_CHARS + 1);
        assert_eq!(
            upload_problems(&long, 2_000, None),
            vec![("title", "too_long"), ("file", "file_type")]
        );
    }

    #[test]
    fn a_guardian_opens_the_courts_papers_and_their_own_uploads_only() {
        for kind in DocumentKind::ALL.iter().copied() {
            assert!(guardian_may_open(kind, true), "{kind:?}");
        }
        assert!(guardian_may_open(DocumentKind::Ruling, false));
        assert!(guardian_may_open(DocumentKind::Report, false));
        assert!(!guardian_may_open(DocumentKind::Letter, false));
        assert!(!guardian_may_open(DocumentKind::Other, false));
    }

    #[test]
    fn a_download_is_named_by_its_title_and_its_real_type() {
        assert_eq!(download_name("審判書 2026", FileType::Pdf), "審判書 2026.pdf");
        assert_eq!(download_name("a/b\\c:\"d\"\n", FileType::Png), "a_b_c__d_.png");
        assert_eq!(download_name("  ", FileType::Jpeg), "document.jpg");
    }

    #[test]
    fn media_types_round_trip() {
        for file_type in [FileType::Pdf, FileType::Png, FileType::Jpeg] {
            assert_eq!(FileType::from_media_type(file_type.media_type()), Some(file_type));
        }
        assert_eq!(FileType::from_media_type("text/html"), None);
    }
}
