//! HTML written as text, for the few large, inert parts of a page that are cheaper to write as
//! one string than to build as views (the case list's rows). Every value goes through
//! [`escape_into`]; nothing else may put a value into such a string.

/// Appends `text` with the five characters that could end a text node or a quoted attribute
/// value (`& < > " '`) written as character references, so it is safe both as text and inside
/// a double- or single-quoted attribute value.
pub fn escape_into(html: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        html.push_str(&rest[..at]);
        html.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    html.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_escapes_to_no_markup_and_reads_back_the_same(text in any::<String>()) {
            let html = escaped(&text);
            prop_assert!(!html.contains(['<', '>', '"', '\'']));
            let read_back = html
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            prop_assert_eq!(read_back, text);
        }
    }

    fn escaped(text: &str) -> String {
        let mut html = String::new();
        escape_into(&mut html, text);
        html
    }

    #[test]
    fn markup_in_a_value_stays_text() {
        assert_eq!(
            escaped(r#"<img src=x onerror="alert('1')">&"#),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn other_text_is_kept_as_it_is() {
        assert_eq!(escaped("山田 太郎（やまだ たろう）"), "山田 太郎（やまだ たろう）");
        assert_eq!(escaped(""), "");
        assert_eq!(escaped("&&"), "&amp;&amp;");
    }
}
