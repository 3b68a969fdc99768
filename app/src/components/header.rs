use crate::api::session::use_current_user;
use crate::components::language_switch::LanguageSwitch;
use crate::components::role_label;
use crate::i18n::{t, use_i18n};
use crate::pages::Section;
use leptos::prelude::*;
use leptos_router::components::A;

/// The site header: product name, language switch, the signed-in user with the sign-out
/// button, and the navigation to the sections the user may open. The link to the current
/// section carries `aria-current="page"` (set by the router's `<A>`).
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    // While a required step is pending, only the account page opens: no navigation.
    let sections = match &user {
        Some(user) if user.required_step.is_none() => Section::visible_to(Some(&user.actor)),
        _ => Vec::new(),
    };
    let account = user.map(|user| {
        let role = user.actor.role;
        let name = user.display_name;
        view! {
            <div class="account" role="group" aria-label=move || crate::i18n::t_string!(i18n, account.menu_label).to_string()>
                <a class="account__name" href="/account" title=move || crate::i18n::t_string!(i18n, account.my_account).to_string()>
                    {t!(
                        i18n, account.signed_in_as,
                        name = move || name.clone(),
                        role = move || role_label(role, i18n.get_locale())
                    )}
                </a>
                <form method="post" action="/auth/sign-out">
                    <button class="button" type="submit">{t!(i18n, account.sign_out)}</button>
                </form>
            </div>
        }
    });
    let navigation = (!sections.is_empty()).then(|| {
        view! {
            <nav class="main-nav" aria-label=move || crate::i18n::t_string!(i18n, nav.label).to_string()>
                <ul>
                    {sections
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
        }
    });
    view! {
        <header class="site-header">
            <div class="site-header__bar">
                <a class="brand" href="/">
                    <span class="brand__name">{t!(i18n, app.name)}</span>
                    <span class="brand__tagline">{t!(i18n, app.tagline)}</span>
                </a>
                <div class="site-header__tools">
                    <LanguageSwitch />
                    {account}
                </div>
            </div>
            {navigation}
        </header>
    }
}
