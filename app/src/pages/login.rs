use crate::components::title::page_title;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Why the user is on the login page, from the `problem` query parameter the sign-in and
/// sign-out handlers set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Failed,
    Limited,
    Expired,
    SignedOut,
    PasswordChanged,
    Unavailable,
}

impl Problem {
    fn parse(code: &str) -> Option<Problem> {
        match code {
            "failed" => Some(Problem::Failed),
            "limited" => Some(Problem::Limited),
            "expired" => Some(Problem::Expired),
            "signed_out" => Some(Problem::SignedOut),
            "password_changed" => Some(Problem::PasswordChanged),
            "unavailable" => Some(Problem::Unavailable),
            _ => None,
        }
    }

    fn message(self, locale: Locale) -> &'static str {
        match self {
            Problem::Failed => td_string!(locale, login.failed),
            Problem::Limited => td_string!(locale, login.limited),
            Problem::Expired => td_string!(locale, login.expired),
            Problem::SignedOut => td_string!(locale, login.signed_out),
            Problem::PasswordChanged => td_string!(locale, login.password_changed),
            Problem::Unavailable => td_string!(locale, login.unavailable),
        }
    }

    /// Errors interrupt (role="alert"); notices such as "signed out" are a polite status.
    fn is_error(self) -> bool {
        !matches!(self, Problem::SignedOut | Problem::PasswordChanged)
    }
}

/// The login page. A plain form: it signs in with or without wasm, and the answer is a new
/// page either way.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let problem =
        move || query.with(|query| query.get("problem")).as_deref().and_then(Problem::parse);
    let next = move || query.with(|query| query.get("next")).unwrap_or_default();
    // Signed out on purpose: nothing typed in this tab is kept for later.
    Effect::new(move |_| {
        if matches!(problem(), Some(Problem::SignedOut | Problem::PasswordChanged)) {
            crate::components::drafts::forget_all();
        }
    });

    view! {
        <Title text=page_title(move || t_string!(i18n, login.title).to_string()) />
        <div class="login">
            <h1>{t!(i18n, login.heading)}</h1>
            <p>{t!(i18n, login.intro)}</p>
            {move || {
                problem()
                    .map(|problem| {
                        let message = move || problem.message(i18n.get_locale());
                        if problem.is_error() {
                            view! { <p class="message message--error" role="alert">{message}</p> }.into_any()
                        } else {
                            view! { <p class="message" role="status">{message}</p> }.into_any()
                        }
                    })
            }}
            <form class="form" method="post" action="/auth/sign-in">
                <input type="hidden" name="next" value=next />
                <div class="field">
                    <label for="login-id">{t!(i18n, login.login_id)}</label>
                    <input
                        id="login-id"
                        name="login_id"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                    />
                </div>
                <div class="field">
                    <label for="password">{t!(i18n, login.password)}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                    />
                </div>
                <button class="button button--primary" type="submit">
                    {t!(i18n, login.submit)}
                </button>
            </form>
        </div>
    }
}
