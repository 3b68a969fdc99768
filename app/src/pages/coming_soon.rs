use crate::i18n::{t, use_i18n};
use crate::pages::Section;
use leptos::prelude::*;
use leptos_meta::Title;

/// The landing page of a section whose screens have not been built yet: it says what the
/// section will hold, so the navigation is complete from the first release.
#[component]
pub fn ComingSoonPage(section: Section) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || section.label(i18n.get_locale()).to_owned();
    view! {
        <Title text=title />
        <h1>{title}</h1>
        <p class="lead">{move || section.description(i18n.get_locale())}</p>
        <p class="notice" role="status">{t!(i18n, sections.coming_soon)}</p>
    }
}
