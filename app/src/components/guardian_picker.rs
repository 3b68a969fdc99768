//! Choosing a guardian from the register in a form: type part of a name or kana, pick from the
//! matches. The register holds thousands, so the choices come from a search, not one long list.

use crate::api::appointments::search_guardians;
use crate::components::choices::label_or_blank;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

#[component]
pub fn GuardianPicker(
    /// The form field that gets the chosen guardian's id.
    name: &'static str,
    /// The select's id; the search box's is this with `-search`.
    id: &'static str,
    label: String,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let matches = Resource::new(
        move || text.get(),
        |text| async move {
            if text.trim().is_empty() { Ok(Vec::new()) } else { search_guardians(text).await }
        },
    );
    let search_id = format!("{id}-search");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field guardian-picker">
            <label for=search_id.clone()>{label.clone()}" "{t!(i18n, guardian.picker_search)}</label>
            <input id=search_id type="search" autocomplete="off" aria-describedby=hint_id.clone()
                on:input=move |event| text.set(event_target_value(&event))
                // Enter looks the name up; it does not submit the surrounding form.
                on:keydown=move |event| if event.key() == "Enter" { event.prevent_default() } />
            <p class="hint" id=hint_id>{t!(i18n, guardian.picker_hint)}</p>
            <label for=id>{label}</label>
            <select id=id name=name required=required>
                <option value="">{move || t_string!(i18n, guardian.picker_choose).to_string()}</option>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        matches.await.unwrap_or_default().into_iter().map(|choice| {
                            let free = choice.free.map(|free| format!(" · {free}")).unwrap_or_default();
                            view! {
                                <option value=choice.id.to_string()>
                                    {choice.name}" ("{choice.name_kana}") "
                                    {move || label_or_blank(choice.kind, i18n.get_locale())}
                                    {free}
                                </option>
                            }
                        }).collect_view()
                    })}
                </Suspense>
            </select>
        </div>
    }
    .into_any()
}
