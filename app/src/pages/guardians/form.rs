//! The register form: a new entry (`/guardians/new`, `?person=` for a relative of that person)
//! and the edit form on a guardian's page. Only a citizen guardian has the training and
//! registration fields; a relative names the person they are the relative of.

use crate::api::AppError;
use crate::api::guardians::{
    GuardianDetail, GuardianFields, GuardianFormChoices, SaveGuardian, get_guardian,
    guardian_form_options,
};
use crate::components::choices::{CategoryOptions, ChoiceOptions};
use crate::components::conflict::{ConflictMessage, ConflictNotice, differing};
use crate::components::form::{
    DateField, FieldProblem, FormOutcome, action_error, error_id, error_message, invalid,
};
use crate::components::title::page_title;
use crate::domain::dates::japan_time_label;
use crate::domain::guardians::{GuardianKind, Registration};
use crate::domain::matching::Disqualification;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// `/guardians/new`
#[component]
pub fn NewGuardianPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let person = Memo::new(move |_| query.with(|q| q.get("person").unwrap_or_default()));
    let choices = Resource::new(move || person.get(), guardian_form_options);
    view! {
        <Title text=page_title(move || t_string!(i18n, guardian.register).to_string()) />
        <p class="breadcrumb"><a href="/guardians">{t!(i18n, guardian.list_title)}</a></p>
        <h1>{t!(i18n, guardian.register)}</h1>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match choices.await {
                    Ok(choices) => view! { <GuardianEditor initial=None choices /> }.into_any(),
                    Err(error) => view! {
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

fn changed_labels(
    before: &GuardianFields,
    after: &GuardianFields,
    locale: Locale,
) -> Vec<&'static str> {
    differing([
        (td_string!(locale, guardian.kind), before.kind != after.kind),
        (
            td_string!(locale, guardian.name),
            before.name != after.name || before.name_kana != after.name_kana,
        ),
        (
            td_string!(locale, guardian.contact),
            before.phone != after.phone
                || before.email != after.email
                || before.address != after.address,
        ),
        (td_string!(locale, cases.district), before.district_id != after.district_id),
        (td_string!(locale, guardian.registration), before.registration != after.registration),
        (
            td_string!(locale, guardian.registration_expires_on),
            before.registration_expires_on != after.registration_expires_on,
        ),
        (td_string!(locale, guardian.capacity), before.capacity != after.capacity),
        (
            td_string!(locale, guardian.disqualification),
            before.disqualification != after.disqualification,
        ),
        (td_string!(locale, guardian.skills), before.skills != after.skills),
        (td_string!(locale, case.notes), before.notes != after.notes),
    ])
}

/// The register form, empty or filled from an entry.
#[component]
pub fn GuardianEditor(
    initial: Option<GuardianDetail>,
    choices: GuardianFormChoices,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SaveGuardian>::new();
    let error = action_error(action);
    let navigate = use_navigate();
    let editing = initial.as_ref().map(|detail| detail.id);
    let version = RwSignal::new(initial.as_ref().map(|d| d.version).unwrap_or(0));
    let conflict = RwSignal::new(None::<ConflictNotice>);
    let started_from = initial.as_ref().map(|d| d.fields.clone()).unwrap_or_default();
    let reload = use_context::<crate::pages::cases::detail::Reload>();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(id)) => match (editing, reload) {
            (Some(_), Some(reload)) => reload.now(),
            _ => navigate(&format!("/guardians/{id}"), Default::default()),
        },
        Some(Err(AppError::Conflict)) => {
            let started_from = started_from.clone();
            if let Some(id) = editing {
                leptos::task::spawn_local(async move {
                    if let Ok(current) = get_guardian(id).await {
                        let locale = i18n.get_locale_untracked();
                        conflict.set(Some(ConflictNotice {
                            by: current.updated_by.clone(),
                            at: japan_time_label(current.updated_at),
                            fields: changed_labels(&started_from, &current.fields, locale),
                        }));
                        version.set(current.version);
                    }
                });
            }
        }
        _ => {}
    });
    let fields = initial.as_ref().map(|d| d.fields.clone()).unwrap_or_else(|| GuardianFields {
        kind: choices.related_person.as_ref().map(|_| GuardianKind::Child),
        related_person_id: choices.related_person.as_ref().map(|p| p.id),
        ..Default::default()
    });
    let related_name = choices
        .related_person
        .as_ref()
        .map(|p| p.name.clone())
        .or_else(|| initial.as_ref().and_then(|d| d.related_person_name.clone()));
    let choose = move || t_string!(i18n, case.choose).to_string();
    let number = |value: Option<u32>| value.map(|v| v.to_string()).unwrap_or_default();
    view! {
        <ConflictMessage notice=conflict id="guardian-conflict" />
        <ActionForm action attr:class="form" attr:id="guardian-form">
            {editing.map(|id| view! {
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="version" value=move || version.get().to_string() />
            })}
            <div class="field-row">
                <div class="field">
                    <label for="guardian-kind-input">{t!(i18n, guardian.kind)}</label>
                    <select id="guardian-kind-input" name="kind" required
                        aria-invalid=invalid(error, "kind") aria-describedby=error_id("guardian-kind-input")>
                        <CategoryOptions<GuardianKind> selected=fields.kind blank=choose() />
                    </select>
                    <FieldProblem error field="kind" input_id="guardian-kind-input" />
                </div>
                <div class="field">
                    <label for="guardian-number">{t!(i18n, guardian.registration_number)}</label>
                    <input id="guardian-number" name="registration_number" type="text" class="input--short"
                        value=fields.registration_number.clone()
                        aria-invalid=invalid(error, "registration_number") aria-describedby=error_id("guardian-number") />
                    <FieldProblem error field="registration_number" input_id="guardian-number" />
                </div>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="guardian-name">{t!(i18n, guardian.name)}</label>
                    <input id="guardian-name" name="name" type="text" required value=fields.name.clone()
                        aria-invalid=invalid(error, "name") aria-describedby=error_id("guardian-name") />
                    <FieldProblem error field="name" input_id="guardian-name" />
                </div>
                <div class="field">
                    <label for="guardian-kana">{t!(i18n, guardian.name_kana)}</label>
                    <input id="guardian-kana" name="name_kana" type="text" required value=fields.name_kana.clone()
                        aria-invalid=invalid(error, "name_kana") aria-describedby=error_id("guardian-kana") />
                    <FieldProblem error field="name_kana" input_id="guardian-kana" />
                </div>
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="guardian-phone">{t!(i18n, guardian.phone)}</label>
                    <input id="guardian-phone" name="phone" type="tel" value=fields.phone.clone() />
                </div>
                <div class="field">
                    <label for="guardian-email">{t!(i18n, guardian.email)}</label>
                    <input id="guardian-email" name="email" type="email" value=fields.email.clone()
                        aria-invalid=invalid(error, "email") aria-describedby=error_id("guardian-email") />
                    <FieldProblem error field="email" input_id="guardian-email" />
                </div>
                <div class="field">
                    <label for="guardian-district-input">{t!(i18n, cases.district)}</label>
                    <select id="guardian-district-input" name="district_id"
                        aria-invalid=invalid(error, "district_id") aria-describedby=error_id("guardian-district-input")>
                        <ChoiceOptions choices=choices.districts.clone() selected=fields.district_id blank=choose() />
                    </select>
                    <FieldProblem error field="district_id" input_id="guardian-district-input" />
                </div>
            </div>
            <div class="field">
                <label for="guardian-address">{t!(i18n, guardian.address)}</label>
                <input id="guardian-address" name="address" type="text" value=fields.address.clone() />
            </div>
            <fieldset class="fieldset">
                <legend>{t!(i18n, guardian.relative_legend)}</legend>
                <input type="hidden" name="related_person_id"
                    value=fields.related_person_id.map(|id| id.to_string()).unwrap_or_default() />
                <p id="guardian-related-person">
                    {t!(i18n, guardian.related_person)}": "
                    {related_name.unwrap_or_else(|| t_string!(i18n, guardian.related_person_none).to_string())}
                </p>
                <p class="field__problem" id="guardian-related-person-error">
                    {move || error.with(|e| e.as_ref().and_then(|e| e.code_for("related_person_id")).map(|code| crate::components::form::problem_message(code, i18n.get_locale())))}
                </p>
                <div class="field">
                    <label for="guardian-relation">{t!(i18n, guardian.relation)}</label>
                    <input id="guardian-relation" name="relation" type="text" class="input--short" value=fields.relation.clone() />
                </div>
            </fieldset>
            <fieldset class="fieldset">
                <legend>{t!(i18n, guardian.professional_legend)}</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="guardian-organisation">{t!(i18n, guardian.organisation)}</label>
                        <input id="guardian-organisation" name="organisation" type="text" value=fields.organisation.clone() />
                    </div>
                    <div class="field">
                        <label for="guardian-association">{t!(i18n, guardian.association)}</label>
                        <input id="guardian-association" name="association" type="text" value=fields.association.clone() />
                    </div>
                </div>
            </fieldset>
            <fieldset class="fieldset">
                <legend>{t!(i18n, guardian.citizen_legend)}</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="guardian-registration">{t!(i18n, guardian.registration)}</label>
                        <select id="guardian-registration" name="registration"
                            aria-invalid=invalid(error, "registration") aria-describedby=error_id("guardian-registration")>
                            <CategoryOptions<Registration> selected=fields.registration blank=choose() />
                        </select>
                        <FieldProblem error field="registration" input_id="guardian-registration" />
                    </div>
                    <div class="field">
                        <label for="guardian-training-year">{t!(i18n, guardian.training_year)}</label>
                        <input id="guardian-training-year" name="training_year" type="number" min="1990" max="2100" class="input--short"
                            value=fields.training_year.map(|y| y.to_string()).unwrap_or_default()
                            aria-invalid=invalid(error, "training_year") aria-describedby=error_id("guardian-training-year") />
                        <FieldProblem error field="training_year" input_id="guardian-training-year" />
                    </div>
                </div>
                <div class="field-row">
                    <DateField id="guardian-training-completed" name="training_completed_on" label=t_string!(i18n, guardian.training_completed_on).to_string() value=fields.training_completed_on error />
                    <DateField id="guardian-registered-on" name="registered_on" label=t_string!(i18n, guardian.registered_on).to_string() value=fields.registered_on error />
                    <DateField id="guardian-expires-on" name="registration_expires_on" label=t_string!(i18n, guardian.registration_expires_on).to_string() value=fields.registration_expires_on error />
                </div>
            </fieldset>
            <div class="field-row">
                <div class="field">
                    <label for="guardian-capacity">{t!(i18n, guardian.capacity)}</label>
                    <input id="guardian-capacity" name="capacity" type="number" min="1" class="input--short"
                        value=number(fields.capacity)
                        aria-invalid=invalid(error, "capacity") aria-describedby=format!("{} guardian-capacity-hint", error_id("guardian-capacity")) />
                    <p class="hint" id="guardian-capacity-hint">{t!(i18n, guardian.capacity_hint)}</p>
                    <FieldProblem error field="capacity" input_id="guardian-capacity" />
                </div>
                <div class="field">
                    <label for="guardian-disqualification">{t!(i18n, guardian.disqualification)}</label>
                    <select id="guardian-disqualification" name="disqualification">
                        <CategoryOptions<Disqualification> selected=fields.disqualification blank=t_string!(i18n, guardian.none_recorded).to_string() />
                    </select>
                </div>
            </div>
            <div class="field">
                <label for="guardian-skills">{t!(i18n, guardian.skills)}</label>
                <textarea id="guardian-skills" name="skills" rows="2">{fields.skills.clone()}</textarea>
            </div>
            <div class="field">
                <label for="guardian-notes">{t!(i18n, case.notes)}</label>
                <textarea id="guardian-notes" name="notes" rows="3">{fields.notes.clone()}</textarea>
            </div>
            <FormOutcome error />
            <button class="button button--primary" type="submit">{t!(i18n, case.save)}</button>
        </ActionForm>
    }
    .into_any()
}
