//! The person (本人) and the team around them: the record, its edit form, the contacts
//! (relatives, care manager, facility, doctor) with their organisations, and the merge of a
//! duplicate record. Shown on the case page and on the person's own page.

use crate::api::cases::{Choice, PersonDetail};
use crate::api::intake::{AddContact, MergePersons, RemoveContact, UpdatePerson, search_persons};
use crate::api::master_data::list_organisations;
use crate::components::choices::{CategoryOptions, ChoiceOptions, date_value, label_or_blank};
use crate::components::conflict::{ConflictMessage, ConflictNotice, differing};
use crate::components::form::{FieldProblem, FormOutcome, action_error, error_id, invalid};
use crate::domain::categories::{Condition, ContactKind, LivingSituation, Sex};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::cases::detail::{Reload, date_or_dash};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn PersonPanel(person: PersonDetail, can_edit: bool, districts: Vec<Choice>) -> impl IntoView {
    let i18n = use_i18n();
    let full = person.clone();
    let age = person.age;
    let birth = person.date_of_birth;
    view! {
        <section class="panel" aria-labelledby="person-heading">
            <h2 id="person-heading">{t!(i18n, person.heading)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, person.name)}</dt>
                <dd>{person.name.clone()}<br /><span class="kana">{person.name_kana.clone()}</span></dd>
                <dt>{t!(i18n, person.date_of_birth)}</dt>
                <dd>
                    {move || date_or_dash(birth, i18n.get_locale())}
                    {age.map(|age| view! { " (" {t!(i18n, person.age, age = move || age)} ")" })}
                </dd>
                <dt>{t!(i18n, person.sex)}</dt>
                <dd>{move || label_or_blank(person.sex, i18n.get_locale())}</dd>
                <dt>{t!(i18n, cases.district)}</dt>
                <dd>{person.district_name.clone().unwrap_or_default()}</dd>
                <dt>{t!(i18n, person.living_situation)}</dt>
                <dd>{move || label_or_blank(person.living_situation, i18n.get_locale())}</dd>
                <dt>{t!(i18n, person.condition)}</dt>
                <dd>{move || label_or_blank(person.condition, i18n.get_locale())}</dd>
            </dl>
            {can_edit.then(|| view! { <PersonForm person=full.clone() districts=districts.clone() /> })}
            {can_edit.then(|| view! { <MergeDuplicate person_id=full.id /> })}
            <Contacts person=full.clone() can_edit />
        </section>
    }
    .into_any()
}

#[component]
fn PersonForm(person: PersonDetail, districts: Vec<Choice>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdatePerson>::new();
    let error = action_error(action);
    let reload = expect_context::<Reload>();
    let version = RwSignal::new(person.version);
    let conflict = RwSignal::new(None::<ConflictNotice>);
    let started_from = person.clone();
    let person_id = person.id;
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => reload.now(),
        Some(Err(crate::api::AppError::Conflict)) => {
            let before = started_from.clone();
            leptos::task::spawn_local(async move {
                if let Ok(current) = crate::api::intake::get_person(person_id).await {
                    let now = current.person;
                    let locale = i18n.get_locale_untracked();
                    use crate::i18n::td_string;
                    conflict.set(Some(ConflictNotice {
                        by: now.updated_by.clone(),
                        at: crate::domain::dates::japan_time_label(now.updated_at),
                        fields: differing([
                            (td_string!(locale, person.name), before.name != now.name),
                            (td_string!(locale, person.kana), before.name_kana != now.name_kana),
                            (
                                td_string!(locale, person.date_of_birth),
                                before.date_of_birth != now.date_of_birth,
                            ),
                            (td_string!(locale, person.sex), before.sex != now.sex),
                            (
                                td_string!(locale, cases.district),
                                before.district_id != now.district_id,
                            ),
                            (
                                td_string!(locale, person.living_situation),
                                before.living_situation != now.living_situation,
                            ),
                            (
                                td_string!(locale, person.condition),
                                before.condition != now.condition,
                            ),
                            (td_string!(locale, case.notes), before.notes != now.notes),
                        ]),
                    }));
                    version.set(now.version);
                }
            });
        }
        _ => {}
    });
    let blank = move || t_string!(i18n, case.choose).to_string();
    view! {
        <details class="disclosure">
            <summary>{t!(i18n, person.edit)}</summary>
            <ConflictMessage notice=conflict id="person-conflict" />
            <ActionForm action attr:class="form" attr:id="person-form">
                <input type="hidden" name="id" value=person.id.to_string() />
                <input type="hidden" name="version" value=move || version.get().to_string() />
                <div class="field">
                    <label for="person-name">{t!(i18n, person.name)}</label>
                    <input id="person-name" name="name" type="text" required value=person.name.clone()
                        aria-invalid=invalid(error, "name") aria-describedby=error_id("person-name") />
                    <FieldProblem error field="name" input_id="person-name" />
                </div>
                <div class="field">
                    <label for="person-kana">{t!(i18n, person.kana)}</label>
                    <input id="person-kana" name="name_kana" type="text" required value=person.name_kana.clone()
                        aria-invalid=invalid(error, "name_kana") aria-describedby=error_id("person-kana") />
                    <FieldProblem error field="name_kana" input_id="person-kana" />
                </div>
                <div class="field">
                    <label for="person-birth">{t!(i18n, person.date_of_birth)}</label>
                    <input id="person-birth" name="date_of_birth" type="date" value=date_value(person.date_of_birth)
                        aria-invalid=invalid(error, "date_of_birth") aria-describedby=error_id("person-birth") />
                    <FieldProblem error field="date_of_birth" input_id="person-birth" />
                </div>
                <div class="field">
                    <label for="person-sex">{t!(i18n, person.sex)}</label>
                    <select id="person-sex" name="sex"><CategoryOptions<Sex> selected=person.sex blank=blank() /></select>
                </div>
                <div class="field">
                    <label for="person-district">{t!(i18n, cases.district)}</label>
                    <select id="person-district" name="district_id">
                        <ChoiceOptions choices=districts.clone() selected=person.district_id blank=blank() />
                    </select>
                </div>
                <div class="field">
                    <label for="person-living">{t!(i18n, person.living_situation)}</label>
                    <select id="person-living" name="living_situation"><CategoryOptions<LivingSituation> selected=person.living_situation blank=blank() /></select>
                </div>
                <div class="field">
                    <label for="person-condition">{t!(i18n, person.condition)}</label>
                    <select id="person-condition" name="condition"><CategoryOptions<Condition> selected=person.condition blank=blank() /></select>
                </div>
                <div class="field">
                    <label for="person-notes">{t!(i18n, case.notes)}</label>
                    <textarea id="person-notes" name="notes" rows="3">{person.notes.clone()}</textarea>
                </div>
                <FormOutcome error />
                <button class="button button--primary" type="submit">{t!(i18n, person.save)}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}

#[component]
fn Contacts(person: PersonDetail, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddContact>::new();
    let remove = ServerAction::<RemoveContact>::new();
    let add_error = action_error(add);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(_))) || matches!(remove.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    let person_id = person.id;
    let organisations = Resource::new(|| (), |_| list_organisations());
    view! {
        <h3>{t!(i18n, person.team)}</h3>
        {if person.contacts.is_empty() {
            view! { <p>{t!(i18n, person.no_contacts)}</p> }.into_any()
        } else {
            view! {
                <ul class="contact-list">
                    {person.contacts.clone().into_iter().map(|contact| {
                        let name_id = format!("contact-{}", contact.id);
                        view! {
                            <li>
                                <span class="tag">{move || label_or_blank(contact.kind, i18n.get_locale())}</span>" "
                                <span id=name_id.clone()>{contact.name.clone()}</span>
                                {(!contact.relation.is_empty()).then(|| format!("（{}）", contact.relation))}
                                {contact.organisation.clone().map(|name| view! { <span class="contact-list__organisation">" "{name}</span> })}
                                {(!contact.phone.is_empty()).then(|| view! { " " <a href=format!("tel:{}", contact.phone)>{contact.phone.clone()}</a> })}
                                {can_edit.then(|| view! {
                                    <ActionForm action=remove attr:class="inline-form">
                                        <input type="hidden" name="id" value=contact.id.to_string() />
                                        <button class="button button--small" type="submit" aria-describedby=name_id.clone()>{t!(i18n, person.remove_contact)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {can_edit.then(|| view! {
            <details class="disclosure">
                <summary>{t!(i18n, person.add_contact)}</summary>
                <ActionForm action=add attr:class="form">
                    <input type="hidden" name="person_id" value=person_id.to_string() />
                    <div class="field">
                        <label for="contact-kind">{t!(i18n, person.contact_kind)}</label>
                        <select id="contact-kind" name="kind"><CategoryOptions<ContactKind> selected=None /></select>
                    </div>
                    <div class="field">
                        <label for="contact-name">{t!(i18n, person.contact_name)}</label>
                        <input id="contact-name" name="name" type="text" required
                            aria-invalid=invalid(add_error, "name") aria-describedby=error_id("contact-name") />
                        <FieldProblem error=add_error field="name" input_id="contact-name" />
                    </div>
                    <div class="field">
                        <label for="contact-relation">{t!(i18n, person.relation)}</label>
                        <input id="contact-relation" name="relation" type="text" />
                    </div>
                    <div class="field">
                        <label for="contact-phone">{t!(i18n, person.phone)}</label>
                        <input id="contact-phone" name="phone" type="tel" />
                    </div>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let organisations = organisations.await.unwrap_or_default();
                            view! {
                                <div class="field">
                                    <label for="contact-organisation">{t!(i18n, person.organisation)}</label>
                                    <select id="contact-organisation" name="organisation_id">
                                        <option value="">{t!(i18n, person.no_organisation)}</option>
                                        {organisations.into_iter().filter(|o| o.active).map(|organisation| view! {
                                            <option value=organisation.id.to_string()>{organisation.name}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                            }
                        })}
                    </Transition>
                    <FormOutcome error=add_error />
                    <button class="button" type="submit">{t!(i18n, person.add_contact)}</button>
                </ActionForm>
            </details>
        })}
    }
    .into_any()
}

/// Merges a duplicate record of the same person into this one: the duplicate's cases,
/// consultations and contacts move here, and the trail records the merge.
#[component]
fn MergeDuplicate(person_id: uuid::Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<MergePersons>::new();
    let error = action_error(action);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    let text = RwSignal::new(String::new());
    let found = Resource::new(
        move || text.get(),
        |text| async move {
            if text.trim().is_empty() { Ok(Vec::new()) } else { search_persons(text).await }
        },
    );
    view! {
        <details class="disclosure">
            <summary>{t!(i18n, person.merge)}</summary>
            <p class="hint">{t!(i18n, person.merge_hint)}</p>
            <div class="field">
                <label for="merge-search">{t!(i18n, intake.person_search)}</label>
                <input id="merge-search" type="search" on:input=move |ev| text.set(event_target_value(&ev)) />
            </div>
            <ActionForm action attr:class="form">
                <input type="hidden" name="keep_id" value=person_id.to_string() />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let people: Vec<_> = found.await.unwrap_or_default().into_iter().filter(|p| p.id != person_id).collect();
                        view! {
                            <div class="field">
                                <label for="merge-duplicate">{t!(i18n, person.merge_duplicate)}</label>
                                <select id="merge-duplicate" name="duplicate_id" required>
                                    <option value="">{t!(i18n, case.choose)}</option>
                                    {people.into_iter().map(|person| {
                                        let birth = person.date_of_birth.map(|d| format!(" {d}")).unwrap_or_default();
                                        view! { <option value=person.id.to_string()>{format!("{}（{}）{}", person.name, person.name_kana, birth)}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        }
                    })}
                </Transition>
                <FormOutcome error />
                <button class="button" type="submit">{t!(i18n, person.merge_button)}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}
