use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// The id of the page's `<main>`, the skip link's target.
pub const MAIN_ID: &str = "main";

/// "Skip to main content", the first stop of the Tab key, for keyboard and screen-reader users.
/// Without wasm it is a plain fragment link. Once hydrated the click moves the focus itself:
/// the router would otherwise treat `#main` as a navigation and the focus would stay behind.
#[component]
pub fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    let focus_main = move |ev: leptos::ev::MouseEvent| {
        use leptos::wasm_bindgen::JsCast;
        let main = document()
            .get_element_by_id(MAIN_ID)
            .and_then(|element| element.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            ev.prevent_default();
            let _ = main.focus();
            main.scroll_into_view();
        }
    };
    view! {
        <a class="skip-link" href=format!("#{MAIN_ID}") on:click=focus_main>
            {t!(i18n, app.skip_to_main)}
        </a>
    }
}
