//! Translations. Every user-facing string lives in `app/locales/{ja,en}.json`; this module
//! compiles them into typed keys (`t!(i18n, home.heading)`), so a missing or misspelt key is a
//! compile error. Japanese is the default; the choice is kept in a cookie.

// leptos_i18n 0.6 prefers generating this module from a build script (leptos_i18n_build), but
// that crate compiles ~200 dependencies into the build, including an HTTP client for fetching
// ICU data. The macro reads the same JSON files with no network-capable code in the build.
#[allow(deprecated)]
mod generated {
    leptos_i18n::load_locales!();
}

pub use generated::i18n;

pub use i18n::*;

/// The name of the cookie that remembers the chosen language. The server reads it on every
/// request, so the first HTML is already in the right language.
pub const LOCALE_COOKIE: &str = "koken_locale";

/// How long the language choice is remembered: one year, in seconds.
pub const LOCALE_COOKIE_MAX_AGE_SECONDS: i64 = 365 * 24 * 60 * 60;
