use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{t, use_i18n};
use crate::pages::Section;
use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: product name, language switch and the main navigation. The link to the
/// current section carries `aria-current="page"` (set by the router's `<A>`).
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="site-header__bar">
                <a class="brand" href="/">
                    <span class="brand__name">{t!(i18n, app.name)}</span>
                    <span class="brand__tagline">{t!(i18n, app.tagline)}</span>
                </a>
                <LanguageSwitch />
            </div>
            <nav class="main-nav" aria-label=move || crate::i18n::t_string!(i18n, nav.label).to_string()>
                <ul>
                    {Section::ALL
                        .into_iter()
                        .map(|section| {
                            view! {
                                <li>
                                    <A href=section.path()>{move || section.label(i18n.get_locale())}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}
