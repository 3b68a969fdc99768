//! Text made from a kept value once, then served again with every copy of that value.
//!
//! The case list's pages are kept in the read cache (`server/read_cache.rs`) until the data
//! changes, and every request for one clones the kept page. What the page view then writes from
//! it, the fifty rows' HTML in the user's language and the page's hydration data, is the same
//! for every one of those requests, and writing it was about a third of the server's work on the
//! app's most requested page. A [`Prerendered`] travels inside the value (behind an `Arc`, so
//! every clone of the kept page shares it) and keeps each text once written. A value read anew
//! (the data changed) brings a new, empty one, so no text outlives the data it was written from.
//! It is never serialized: the browser's copy starts empty and writes its own.
//!
//! The hydration data is postcard ([`PrerenderedPostcard`]): Leptos writes it into the page as
//! base64, one run of plain ASCII that its `Debug` escaping passes through in bulk (JSON's
//! quotes and Japanese text each broke that run), and about half JSON's size.

use crate::api::AppError;
use crate::i18n::Locale;
use codee::binary::PostcardCodec;
use codee::{Decoder, Encoder};
use leptos_i18n::Locale as _;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// The texts written from one value; empty until asked for.
#[derive(Clone, Default)]
pub struct Prerendered(Arc<Texts>);

struct Texts {
    /// The value's hydration data (the encoded `Ok` of its resource).
    hydration: OnceLock<Vec<u8>>,
    /// The rows' HTML, by language (in the order of `Locale::get_all`).
    rows: Vec<OnceLock<Arc<str>>>,
}

impl Default for Texts {
    fn default() -> Self {
        Texts {
            hydration: OnceLock::new(),
            rows: Locale::get_all().iter().map(|_| OnceLock::new()).collect(),
        }
    }
}

impl Prerendered {
    /// The rows' HTML in `locale`, written by `write` the first time it is asked for.
    pub fn rows(&self, locale: Locale, write: impl FnOnce() -> String) -> Arc<str> {
        let slot = Locale::get_all().iter().position(|known| *known == locale).unwrap_or(0);
        self.0.rows[slot].get_or_init(|| Arc::from(write())).clone()
    }

    /// The hydration data, encoded by `encode` the first time it is asked for. Two requests
    /// may both encode it at first; the value is the same, and one of them is kept.
    fn hydration<E>(&self, encode: impl FnOnce() -> Result<Vec<u8>, E>) -> Result<Vec<u8>, E> {
        if let Some(encoded) = self.0.hydration.get() {
            return Ok(encoded.clone());
        }
        let encoded = encode()?;
        let _ = self.0.hydration.set(encoded.clone());
        Ok(encoded)
    }
}

/// Derived text, not data: two values that are otherwise equal are equal whatever either has
/// written so far.
impl PartialEq for Prerendered {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Prerendered {}

impl fmt::Debug for Prerendered {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Prerendered")
    }
}

/// A value that carries its [`Prerendered`] texts.
pub trait Prerenders {
    fn prerendered(&self) -> &Prerendered;
}

/// The codec for a `Resource::<Result<T, AppError>, PrerenderedPostcard>`: postcard, with an
/// `Ok` value's encoding kept in the value's [`Prerendered`].
pub struct PrerenderedPostcard;

type PostcardError = <PostcardCodec as Encoder<()>>::Error;

impl<T: Serialize + Prerenders> Encoder<Result<T, AppError>> for PrerenderedPostcard {
    type Error = PostcardError;
    type Encoded = Vec<u8>;

    fn encode(value: &Result<T, AppError>) -> Result<Vec<u8>, PostcardError> {
        let encode = || PostcardCodec::encode(value);
        match value {
            Ok(kept) => kept.prerendered().hydration(encode),
            Err(_) => encode(),
        }
    }
}

impl<T: DeserializeOwned> Decoder<Result<T, AppError>> for PrerenderedPostcard {
    type Error = PostcardError;
    type Encoded = [u8];

    fn decode(encoded: &[u8]) -> Result<Result<T, AppError>, PostcardError> {
        PostcardCodec::decode(encoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::cell::Cell;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Page {
        names: Vec<String>,
        #[serde(skip)]
        prerendered: Prerendered,
    }

    impl Prerenders for Page {
        fn prerendered(&self) -> &Prerendered {
            &self.prerendered
        }
    }

    fn page(names: &[&str]) -> Page {
        Page {
            names: names.iter().map(|name| name.to_string()).collect(),
            prerendered: Prerendered::default(),
        }
    }

    #[test]
    fn rows_are_written_once_per_language_and_shared_by_every_copy() {
        let kept = page(&["山田 太郎"]);
        let writes = Cell::new(0);
        let write = |text: &str| {
            writes.set(writes.get() + 1);
            text.to_owned()
        };
        assert_eq!(&*kept.prerendered.rows(Locale::ja, || write("<tr>ja</tr>")), "<tr>ja</tr>");
        let copy = kept.clone();
        assert_eq!(&*copy.prerendered.rows(Locale::ja, || write("other")), "<tr>ja</tr>");
        assert_eq!(&*copy.prerendered.rows(Locale::en, || write("<tr>en</tr>")), "<tr>en</tr>");
        assert_eq!(&*kept.prerendered.rows(Locale::en, || write("other")), "<tr>en</tr>");
        assert_eq!(writes.get(), 2);
    }

    #[test]
    fn a_value_read_anew_writes_its_own_texts() {
        let kept = page(&["山田 太郎"]);
        kept.prerendered.rows(Locale::ja, || "old".to_owned());
        let read_anew = page(&["山田 太郎"]);
        assert_eq!(&*read_anew.prerendered.rows(Locale::ja, || "new".to_owned()), "new");
        // Equal as data, whatever each has written.
        assert_eq!(kept, read_anew);
    }

    #[test]
    fn the_hydration_data_is_encoded_once_and_reads_back_as_the_value() {
        let value: Result<Page, AppError> = Ok(page(&["山田 太郎", "佐藤 花子"]));
        let first = <PrerenderedPostcard as Encoder<_>>::encode(&value).unwrap();
        let kept = value.as_ref().unwrap().prerendered.0.hydration.get().cloned();
        assert_eq!(kept.as_ref(), Some(&first));
        let copy = value.clone();
        assert_eq!(<PrerenderedPostcard as Encoder<_>>::encode(&copy).unwrap(), first);
        let decoded: Result<Page, AppError> =
            <PrerenderedPostcard as Decoder<_>>::decode(&first).unwrap();
        assert_eq!(decoded, value);
        // The browser's copy starts with nothing written.
        assert!(decoded.unwrap().prerendered.0.hydration.get().is_none());
    }

    #[test]
    fn an_error_is_encoded_each_time_and_reads_back() {
        let value: Result<Page, AppError> = Err(AppError::NotFound);
        let encoded = <PrerenderedPostcard as Encoder<_>>::encode(&value).unwrap();
        let decoded: Result<Page, AppError> =
            <PrerenderedPostcard as Decoder<_>>::decode(&encoded).unwrap();
        assert_eq!(decoded, value);
    }
}
