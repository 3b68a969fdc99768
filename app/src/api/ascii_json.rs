//! JSON with every non-ASCII character written as a `\uXXXX` escape, for the hydration data of
//! pages that carry much Japanese text (the case list).
//!
//! Leptos writes each resource's serialized value into the page as a JavaScript string literal
//! through `{:?}`. Rust's string `Debug` passes runs of printable ASCII through in bulk but looks
//! every other character up in the Unicode tables (printable? grapheme extender?): on the case
//! list that lookup was about a tenth of the server's work. Escaped here, once, with no lookup,
//! the data is plain ASCII; the browser's `serde_json` reads the escapes back as it reads any
//! JSON. The price is size: a Japanese character takes 6 bytes (7 in the page) instead of 3,
//! before compression (the case list's data: 24 → 30 KB).

use codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The codec for a `Resource::<T, AsciiJson>`: JSON, ASCII only.
pub struct AsciiJson;

impl<T: Serialize> Encoder<T> for AsciiJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value).map(ascii_only)
    }
}

impl<T: DeserializeOwned> Decoder<T> for AsciiJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }
}

/// Rewrites every non-ASCII character of a JSON text as `\uXXXX` (two escapes, a surrogate pair,
/// above U+FFFF). Non-ASCII characters occur in JSON only inside strings, where JSON allows
/// this escape for any character, so the value read back is the same.
fn ascii_only(json: String) -> String {
    if json.is_ascii() {
        return json;
    }
    let mut ascii = String::with_capacity(json.len() * 2);
    let mut units = [0u16; 2];
    let mut run_start = 0;
    for (at, character) in json.char_indices() {
        if !character.is_ascii() {
            ascii.push_str(&json[run_start..at]);
            for unit in character.encode_utf16(&mut units) {
                push_escape(&mut ascii, *unit);
            }
            run_start = at + character.len_utf8();
        }
    }
    ascii.push_str(&json[run_start..]);
    ascii
}

fn push_escape(ascii: &mut String, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    ascii.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        ascii.push(char::from(HEX[usize::from((unit >> shift) & 0xf)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        name: String,
        kana: Option<String>,
        count: u32,
    }

    #[test]
    fn japanese_and_astral_characters_are_escaped_and_read_back() {
        let row =
            Row {
                name: "山田 太郎 𠮷野家".into(), kana: Some("ヤマダ タロウ".into()), count: 3
            };
        let encoded = <AsciiJson as Encoder<Row>>::encode(&row).unwrap();
        assert!(encoded.is_ascii());
        assert!(encoded.contains("\\u5c71\\u7530 \\u592a\\u90ce"), "{encoded}");
        // 𠮷 (U+20BB7) is a surrogate pair in JSON's escapes.
        assert!(encoded.contains("\\ud842\\udfb7"), "{encoded}");
        let decoded: Row = <AsciiJson as Decoder<Row>>::decode(&encoded).unwrap();
        assert_eq!(decoded, row);
    }

    #[test]
    fn ascii_json_is_left_as_it_is() {
        let row = Row { name: "Yamada \"Taro\" \\ <b>".into(), kana: None, count: 0 };
        let encoded = <AsciiJson as Encoder<Row>>::encode(&row).unwrap();
        assert_eq!(encoded, serde_json::to_string(&row).unwrap());
    }

    proptest! {
        #[test]
        fn any_text_survives_the_round_trip_as_ascii(name in any::<String>(), kana in any::<Option<String>>()) {
            let row = Row { name, kana, count: 7 };
            let encoded = <AsciiJson as Encoder<Row>>::encode(&row).unwrap();
            prop_assert!(encoded.is_ascii());
            let decoded: Row = <AsciiJson as Decoder<Row>>::decode(&encoded).unwrap();
            prop_assert_eq!(decoded, row);
        }
    }
}
