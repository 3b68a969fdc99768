//! The second step of signing in: the code from the authenticator app, or a recovery code.
//! A plain form, like the login page: the answer is a new page.

use crate::components::title::page_title;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let problem = move || query.with(|query| query.get("problem"));
    let next = move || query.with(|query| query.get("next")).unwrap_or_default();
    view! {
        <Title text=page_title(move || t_string!(i18n, second_factor.title).to_string()) />
        <div class="login">
            <h1>{t!(i18n, second_factor.heading)}</h1>
            <p>{t!(i18n, second_factor.intro)}</p>
            {move || problem().map(|problem| {
                let message = move || match problem.as_str() {
                    "failed" => t_string!(i18n, second_factor.failed),
                    _ => t_string!(i18n, second_factor.unavailable),
                };
                view! { <p class="message message--error" role="alert">{message}</p> }
            })}
            <form class="form" method="post" action="/auth/two-factor">
                <input type="hidden" name="next" value=next />
                <div class="field">
                    <label for="code">{t!(i18n, second_factor.code)}</label>
                    <input
                        id="code"
                        name="code"
                        type="text"
                        autocomplete="one-time-code"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                    />
                </div>
                <button class="button button--primary" type="submit">
                    {t!(i18n, second_factor.submit)}
                </button>
            </form>
            <form method="post" action="/auth/sign-out">
                <button class="button button--link" type="submit">{t!(i18n, second_factor.cancel)}</button>
            </form>
        </div>
    }
}
