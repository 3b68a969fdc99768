//! Search text normalisation: a name is found however it was typed. Kanji stay as they are;
//! hiragana and katakana match each other, full-width and half-width letters, digits and
//! katakana match each other, and spaces (ASCII or the full-width 　) and case do not matter.
//! The same function runs over the stored names (into a search column) and over the query.

/// Half-width katakana and punctuation U+FF61..=U+FF9F, in order, as their full-width forms.
const HALF_WIDTH_KATAKANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";
const HALF_WIDTH_VOICED_MARK: char = '\u{FF9E}';
const HALF_WIDTH_SEMI_VOICED_MARK: char = '\u{FF9F}';

/// The form of `text` that searches compare.
pub fn normalize_for_search(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            HALF_WIDTH_VOICED_MARK => {
                if let Some(last) = out.last_mut()
                    && let Some(voiced) = voiced(*last)
                {
                    *last = voiced;
                    continue;
                }
                out.push('゛');
            }
            HALF_WIDTH_SEMI_VOICED_MARK => {
                if let Some(last) = out.last_mut()
                    && let Some(semi_voiced) = semi_voiced(*last)
                {
                    *last = semi_voiced;
                    continue;
                }
                out.push('゜');
            }
            c if c.is_whitespace() => {}
            c => out.push(fold(c)),
        }
    }
    out.into_iter().collect()
}

/// One character in its compared form.
fn fold(c: char) -> char {
    let code = u32::from(c);
    match code {
        // Full-width ASCII (！ to ～) to ASCII, then lower case.
        0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).map_or(c, |c| c.to_ascii_lowercase()),
        0xFF61..=0xFF9F => HALF_WIDTH_KATAKANA.chars().nth((code - 0xFF61) as usize).unwrap_or(c),
        // Hiragana ぁ..ゖ to katakana ァ..ヶ.
        0x3041..=0x3096 => char::from_u32(code + 0x60).unwrap_or(c),
        _ => c.to_ascii_lowercase(),
    }
}

/// カ → ガ, ハ → バ, ウ → ヴ: the half-width voiced mark joins the letter before it.
fn voiced(c: char) -> Option<char> {
    match c {
        'ウ' => Some('ヴ'),
        'カ' | 'キ' | 'ク' | 'ケ' | 'コ' | 'サ' | 'シ' | 'ス' | 'セ' | 'ソ' | 'タ' | 'チ'
        | 'ツ' | 'テ' | 'ト' | 'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' => {
            char::from_u32(u32::from(c) + 1)
        }
        _ => None,
    }
}

/// ハ → パ: the half-width semi-voiced mark.
fn semi_voiced(c: char) -> Option<char> {
    match c {
        'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' => char::from_u32(u32::from(c) + 2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kana_of_either_script_and_width_compare_equal() {
        let forms = ["やまだ はなこ", "ヤマダ　ハナコ", "ﾔﾏﾀﾞ ﾊﾅｺ", "やまだハナコ"];
        let expected = normalize_for_search("ヤマダハナコ");
        for form in forms {
            assert_eq!(normalize_for_search(form), expected, "{form}");
        }
        assert_eq!(normalize_for_search("ﾔﾏﾀﾞ"), "ヤマダ");
    }

    #[test]
    fn half_width_voiced_marks_join_their_letter() {
        assert_eq!(normalize_for_search("ｶﾞｷﾞｸﾞ ﾊﾟﾋﾟﾌﾟ ｳﾞｧ"), "ガギグパピプヴァ");
        assert_eq!(normalize_for_search("ｰｯｮ"), "ーッョ");
        // A mark with nothing to join stays visible rather than vanishing.
        assert_eq!(normalize_for_search("ｱﾞ"), "ア゛");
    }

    #[test]
    fn kanji_stay_and_spaces_and_case_go() {
        assert_eq!(normalize_for_search("山田　花子"), "山田花子");
        assert_eq!(normalize_for_search(" 山田 花子 "), "山田花子");
        assert_eq!(normalize_for_search("ＫＯＫＥＮ−２０２６−０１２"), "koken−2026−012");
        assert_eq!(normalize_for_search("Case-2026-012"), "case-2026-012");
    }

    #[test]
    fn the_table_covers_the_whole_half_width_block() {
        assert_eq!(HALF_WIDTH_KATAKANA.chars().count(), 0xFF9F - 0xFF61 + 1);
        assert_eq!(fold('\u{FF66}'), 'ヲ');
        assert_eq!(fold('\u{FF9D}'), 'ン');
    }
}
