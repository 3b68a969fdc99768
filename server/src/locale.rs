//! `POST /locale`: the language switch for browsers without wasm (before it loads, or with
//! JavaScript off). It stores the choice in the same cookie the hydrated page writes, then
//! sends the user back to the page they were on.

use app::i18n::{LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS, Locale};
use axum::Form;
use axum::response::{IntoResponse, Redirect, Response};
use http::{StatusCode, header};
use leptos_i18n::Locale as _;
use serde::Deserialize;
use std::str::FromStr;

#[derive(Debug, Deserialize)]
pub struct LocaleForm {
    locale: String,
    #[serde(default)]
    return_to: String,
}

pub async fn set_locale(Form(form): Form<LocaleForm>) -> Response {
    let Ok(locale) = Locale::from_str(&form.locale) else {
        return (StatusCode::BAD_REQUEST, "言語の指定が正しくありません。 / Unknown language.")
            .into_response();
    };
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age={LOCALE_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax",
        locale.as_str()
    );
    let mut response = Redirect::to(local_path_or_home(&form.return_to)).into_response();
    match cookie.parse() {
        Ok(value) => {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        Err(error) => tracing::error!(%error, "cannot build the locale cookie"),
    }
    response
}

/// The language a request's cookie chose; Japanese when it chose none (or one we do not speak).
pub fn from_cookie(headers: &http::HeaderMap) -> Locale {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == LOCALE_COOKIE)
        .and_then(|(_, value)| Locale::from_str(value.trim()).ok())
        .unwrap_or(Locale::ja)
}

/// Only a path on this site is followed, never another origin (`//evil.example`, `/\evil`,
/// `https://…`), so the form cannot be used to send users elsewhere.
pub(crate) fn local_path_or_home(return_to: &str) -> &str {
    let is_local = return_to.starts_with('/')
        && !return_to.starts_with("//")
        && !return_to.starts_with("/\\")
        && !return_to.chars().any(char::is_control);
    if is_local { return_to } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::{from_cookie, local_path_or_home};
    use app::i18n::Locale;

    #[test]
    fn the_cookie_chooses_the_language() {
        let with = |cookie: &str| {
            let mut headers = http::HeaderMap::new();
            headers.insert(http::header::COOKIE, cookie.parse().unwrap());
            from_cookie(&headers)
        };
        assert_eq!(with("koken_session=abc; koken_locale=en"), Locale::en);
        assert_eq!(with("koken_locale=ja"), Locale::ja);
        assert_eq!(with("koken_locale=fr"), Locale::ja);
        assert_eq!(from_cookie(&http::HeaderMap::new()), Locale::ja);
    }

    #[test]
    fn only_paths_on_this_site_are_followed() {
        assert_eq!(local_path_or_home("/cases?stage=assessment"), "/cases?stage=assessment");
        assert_eq!(local_path_or_home("/"), "/");
        for foreign in [
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example",
            "",
            "cases",
            "/a\r\nSet-Cookie: x=1",
        ] {
            assert_eq!(local_path_or_home(foreign), "/", "{foreign:?}");
        }
    }
}
