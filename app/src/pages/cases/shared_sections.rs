//! The documents and after-death sections, shown on the coordinator's case page and on the
//! guardian's own case page. Code that two lazily loaded pages share lands in the initial wasm
//! module, which every first visit downloads; these sections are wasm chunks of their own
//! instead, loaded once the page is in the browser. So they are rendered there and not on the
//! server (their forms need the wasm anyway: the upload posts with fetch).

use crate::pages::cases::after_death::AfterDeathSection;
use crate::pages::cases::documents::DocumentsSection;
use leptos::lazy;
use leptos::prelude::*;
use std::future::Future;
use std::sync::Arc;
use uuid::Uuid;

#[component]
pub fn CaseDocuments(case_id: Uuid) -> impl IntoView {
    in_browser(move || documents(case_id))
}

#[component]
pub fn CaseAfterDeath(case_id: Uuid) -> impl IntoView {
    in_browser(move || after_death(case_id))
}

/// Renders what `load` gives once the page runs in the browser (nothing on the server, so
/// hydration finds nothing to match).
fn in_browser<Fut>(load: impl Fn() -> Fut + Send + Sync + 'static) -> impl IntoView
where
    Fut: Future<Output = AnyView> + Send + 'static,
{
    let running = RwSignal::new(false);
    Effect::new(move |_| running.set(true));
    let load = Arc::new(load);
    move || {
        running.get().then(|| {
            let load = Arc::clone(&load);
            view! { <Suspense fallback=|| ()>{move || Suspend::new(load())}</Suspense> }
        })
    }
}

#[lazy]
fn documents(case_id: Uuid) -> AnyView {
    view! { <DocumentsSection case_id /> }.into_any()
}

#[lazy]
fn after_death(case_id: Uuid) -> AnyView {
    view! { <AfterDeathSection case_id /> }.into_any()
}
