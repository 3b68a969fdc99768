use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p class="site-footer__notice">{t!(i18n, footer.notice)}</p>
            <p class="site-footer__version">
                {t!(i18n, footer.version, version = env!("CARGO_PKG_VERSION"))}
            </p>
        </footer>
    }
}
