//! A person's own page: the record and the team around them, and their cases. Reached from a
//! case and from the consultation log, also for a person no case was opened for.

use crate::api::intake::{PersonPage as PersonPageData, get_person};
use crate::components::choices::label_or_blank;
use crate::components::form::error_message;
use crate::components::title::page_title;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::cases::detail::Reload;
use crate::pages::cases::person_panel::PersonPanel;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok())));
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    let page = Resource::new(
        move || (id.get(), reload.0.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_person(id).await,
                None => Err(crate::api::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=page_title(move || t_string!(i18n, person.heading).to_string()) />
        <p class="breadcrumb"><a href="/consultations">{t!(i18n, intake.log)}</a></p>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <PersonFile page /> }.into_any(),
                    Err(error) => view! {
                        <h1>{t!(i18n, person.heading)}</h1>
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn PersonFile(page: PersonPageData) -> impl IntoView {
    let i18n = use_i18n();
    let cases = page.cases.clone();
    view! {
        <h1>{page.person.name.clone()}</h1>
        <div class="case-layout">
            <div class="case-layout__main">
                <PersonPanel person=page.person.clone() can_edit=page.can_edit districts=page.districts.clone() />
            </div>
            <div class="case-layout__side">
                <section class="panel" aria-labelledby="person-cases-heading">
                    <h2 id="person-cases-heading">{t!(i18n, cases.heading)}</h2>
                    {if cases.is_empty() {
                        view! { <p>{t!(i18n, person.no_cases)}</p> }.into_any()
                    } else {
                        view! {
                            <ul>
                                {cases.into_iter().map(|case| view! {
                                    <li>
                                        <a href=format!("/cases/{}", case.id)>{case.case_number}</a>" "
                                        <span class="stage">{move || label_or_blank(case.stage, i18n.get_locale())}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </div>
        </div>
    }
    .into_any()
}
