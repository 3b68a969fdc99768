//! The case list's rows as HTML text. The rows hold nothing interactive (links, text, and a
//! checkbox that the reassignment form reads through its `form` attribute), so the table body
//! is written as one string and set as its inner HTML: hydration takes the server's rows as
//! they are instead of building fifty rows of ten cells as views, which was the largest part
//! of the server's work on the app's most requested page. Every value is escaped
//! ([`escape_into`]).

use crate::api::cases::CaseListRow;
use crate::components::choices::{date_label, label_or_blank};
use crate::components::html_text::escape_into;
use crate::domain::dates::japan_time_label;
use crate::i18n::Locale;

/// The words a row needs in the user's language.
pub struct RowWords<'a> {
    pub locale: Locale,
    /// Shown for a case nobody leads.
    pub unassigned: &'a str,
}

/// The `<tr>`s of `rows`; `show_select` adds the first column of checkboxes (for the cases the
/// user may hand over).
pub fn rows_html(rows: &[CaseListRow], show_select: bool, words: &RowWords) -> String {
    let mut html = String::with_capacity(rows.len() * 512);
    for row in rows {
        row_html(&mut html, row, show_select, words);
    }
    html
}

fn row_html(html: &mut String, row: &CaseListRow, show_select: bool, words: &RowWords) {
    let id = row.id.to_string();
    html.push_str("<tr>");
    if show_select {
        html.push_str("<td>");
        if row.editable {
            // Named by the case number itself (aria-label), not by a reference to the link.
            html.push_str(
                r#"<input type="checkbox" form="reassign-form" name="case_ids[]" value=""#,
            );
            escape_into(html, &id);
            html.push_str(r#"" aria-label=""#);
            escape_into(html, &row.case_number);
            html.push_str(r#"">"#);
        }
        html.push_str("</td>");
    }
    html.push_str(r#"<td><a href="/cases/"#);
    escape_into(html, &id);
    html.push_str(r#"">"#);
    escape_into(html, &row.case_number);
    html.push_str(r#"</a></td><td><span class="person-name">"#);
    escape_into(html, &row.person_name);
    html.push_str(r#"</span><span class="kana">"#);
    escape_into(html, &row.person_kana);
    html.push_str(r#"</span></td><td><span class="stage">"#);
    escape_into(html, label_or_blank(row.stage, words.locale));
    html.push_str("</span></td>");
    cell(html, "", label_or_blank(row.case_type, words.locale));
    cell(html, "", row.coordinator_name.as_deref().unwrap_or(words.unassigned));
    cell(html, "", &row.office_name);
    cell(html, "", row.district_name.as_deref().unwrap_or_default());
    cell(html, "cell--nowrap", &date_label(row.opened_on, words.locale));
    cell(html, "cell--nowrap", &japan_time_label(row.updated_at));
    html.push_str("</tr>");
}

fn cell(html: &mut String, class: &'static str, text: &str) {
    if class.is_empty() {
        html.push_str("<td>");
    } else {
        html.push_str(r#"<td class=""#);
        html.push_str(class);
        html.push_str(r#"">"#);
    }
    escape_into(html, text);
    html.push_str("</td>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cases::{CaseType, Stage};
    use chrono::{NaiveDate, TimeZone, Utc};
    use uuid::Uuid;

    fn row(name: &str) -> CaseListRow {
        CaseListRow {
            id: Uuid::nil(),
            case_number: "2026-0001".into(),
            case_type: Some(CaseType::Guardianship),
            stage: Some(Stage::Supporting),
            person_name: name.into(),
            person_kana: "やまだ たろう".into(),
            office_name: "中央事務所".into(),
            coordinator_name: None,
            district_name: Some("北区".into()),
            opened_on: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            updated_at: Utc.with_ymd_and_hms(2026, 11, 26, 5, 7, 9).unwrap(),
            editable: true,
        }
    }

    const JAPANESE: RowWords = RowWords { locale: Locale::ja, unassigned: "未割当" };

    #[test]
    fn a_row_has_its_link_checkbox_and_ten_cells() {
        let html = rows_html(&[row("山田 太郎")], true, &JAPANESE);
        let id = Uuid::nil();
        assert!(
            html.starts_with("<tr><td><input type=\"checkbox\" form=\"reassign-form\""),
            "{html}"
        );
        assert!(html.contains(&format!("value=\"{id}\" aria-label=\"2026-0001\">")), "{html}");
        assert!(html.contains(&format!("<a href=\"/cases/{id}\">2026-0001</a>")), "{html}");
        assert!(html.contains("<span class=\"person-name\">山田 太郎</span>"), "{html}");
        assert!(html.contains("<td>未割当</td><td>中央事務所</td><td>北区</td>"), "{html}");
        assert!(
            html.contains("<td class=\"cell--nowrap\">2026-11-26 14:07:09</td></tr>"),
            "{html}"
        );
        assert_eq!(html.matches("<td").count(), 10);
    }

    #[test]
    fn without_the_select_column_or_the_right_to_change_there_is_no_checkbox() {
        assert!(!rows_html(&[row("山田 太郎")], false, &JAPANESE).contains("<input"));
        let closed = CaseListRow { editable: false, ..row("山田 太郎") };
        let html = rows_html(&[closed], true, &JAPANESE);
        assert!(html.starts_with("<tr><td></td><td><a"), "{html}");
    }

    #[test]
    fn markup_in_a_name_is_shown_as_text() {
        let mut hostile = row(r#"<img src=x onerror="alert(1)">"#);
        hostile.case_number = r#""><script>alert(2)</script>"#.into();
        hostile.coordinator_name = Some("<b>bold</b>".into());
        let html = rows_html(&[hostile], true, &JAPANESE);
        assert!(
            !html.contains("<img") && !html.contains("<script") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"), "{html}");
    }
}
