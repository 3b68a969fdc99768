//! Logging an intake consultation (相談受付): when, how, who called, what about, how urgent,
//! signs of rights violations (and, for abuse, the report to the city), who it is about, and
//! the outcome. "Support started" opens the person's case and goes to it.

use crate::api::intake::{ConsultationDetail, RecordConsultation, intake_options, search_persons};
use crate::components::choices::{CategoryOptions, ChoiceOptions, label};
use crate::components::form::{FieldProblem, FormOutcome, action_error, error_id, invalid};
use crate::components::title::page_title;
use crate::domain::cases::CaseType;
use crate::domain::categories::{
    Condition, Consultant, ConsultationChannel, ConsultationOutcome, LivingSituation,
    RightsViolation, Sex, Urgency,
};
use crate::i18n::{t, t_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Now in Japan, as a `datetime-local` value.
fn now_local() -> String {
    chrono::Utc::now()
        .with_timezone(&crate::domain::dates::japan_offset())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[component]
pub fn NewConsultationPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RecordConsultation>::new();
    let error = action_error(action);
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(recorded)) = action.value().get() {
            let target = match recorded.case_id {
                Some(case) => format!("/cases/{case}"),
                None => "/consultations?recorded=1".to_owned(),
            };
            navigate(&target, Default::default());
        }
    });
    let districts = Resource::new(|| (), |_| intake_options());
    let mode = RwSignal::new("new".to_owned());
    let blank = move || t_string!(i18n, case.choose).to_string();
    view! {
        <Title text=page_title(move || t_string!(i18n, intake.title).to_string()) />
        <p class="breadcrumb"><a href="/consultations">{t!(i18n, intake.log)}</a></p>
        <h1>{t!(i18n, intake.heading)}</h1>
        <ActionForm action attr:class="form" attr:id="consultation-form">
            <ConsultationFactsFields initial=None error />
            <fieldset class="fieldset">
                <legend>{t!(i18n, intake.person_legend)}</legend>
                <div class="field--check">
                    <input type="radio" id="person-new" name="person_mode" value="new" checked=true
                        on:change=move |_| mode.set("new".to_owned()) />
                    <label for="person-new">{t!(i18n, intake.person_new)}</label>
                </div>
                <div class="field--check">
                    <input type="radio" id="person-known" name="person_mode" value="known"
                        on:change=move |_| mode.set("known".to_owned()) />
                    <label for="person-known">{t!(i18n, intake.person_known)}</label>
                </div>
                <div class="field--check">
                    <input type="radio" id="person-anonymous" name="person_mode" value="anonymous"
                        aria-describedby=error_id("person-anonymous")
                        on:change=move |_| mode.set("anonymous".to_owned()) />
                    <label for="person-anonymous">{t!(i18n, intake.person_anonymous)}</label>
                </div>
                <FieldProblem error field="person" input_id="person-anonymous" />
                <div class="subfields" hidden=move || mode.get() != "known">
                    <KnownPersonPicker error />
                </div>
                <div class="subfields" hidden=move || mode.get() != "new">
                    <div class="field-row">
                        <div class="field">
                            <label for="new-name">{t!(i18n, person.name)}</label>
                            <input id="new-name" name="name" type="text"
                                aria-invalid=invalid(error, "name") aria-describedby=error_id("new-name") />
                            <FieldProblem error field="name" input_id="new-name" />
                        </div>
                        <div class="field">
                            <label for="new-kana">{t!(i18n, person.kana)}</label>
                            <input id="new-kana" name="name_kana" type="text"
                                aria-invalid=invalid(error, "name_kana") aria-describedby=format!("new-kana-hint {}", error_id("new-kana")) />
                            <p class="hint" id="new-kana-hint">{t!(i18n, person.kana_hint)}</p>
                            <FieldProblem error field="name_kana" input_id="new-kana" />
                        </div>
                        <div class="field">
                            <label for="new-birth">{t!(i18n, person.date_of_birth)}</label>
                            <input id="new-birth" name="date_of_birth" type="date"
                                aria-invalid=invalid(error, "date_of_birth") aria-describedby=error_id("new-birth") />
                            <FieldProblem error field="date_of_birth" input_id="new-birth" />
                        </div>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="new-sex">{t!(i18n, person.sex)}</label>
                            <select id="new-sex" name="sex"><CategoryOptions<Sex> selected=None blank=blank() /></select>
                        </div>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                let choices = districts.await.unwrap_or_default();
                                view! {
                                    <div class="field">
                                        <label for="new-district">{t!(i18n, cases.district)}</label>
                                        <select id="new-district" name="district_id">
                                            <ChoiceOptions choices selected=None blank=blank() />
                                        </select>
                                    </div>
                                }
                            })}
                        </Transition>
                        <div class="field">
                            <label for="new-living">{t!(i18n, person.living_situation)}</label>
                            <select id="new-living" name="living_situation"><CategoryOptions<LivingSituation> selected=None blank=blank() /></select>
                        </div>
                        <div class="field">
                            <label for="new-condition">{t!(i18n, person.condition)}</label>
                            <select id="new-condition" name="condition"><CategoryOptions<Condition> selected=None blank=blank() /></select>
                        </div>
                    </div>
                </div>
            </fieldset>
            <fieldset class="fieldset">
                <legend>{t!(i18n, intake.outcome_legend)}</legend>
                <div class="field-row">
                    <div class="field">
                        <label for="outcome">{t!(i18n, intake.outcome)}</label>
                        <select id="outcome" name="outcome"><CategoryOptions<ConsultationOutcome> selected=Some(ConsultationOutcome::InformationOnly) /></select>
                    </div>
                    <div class="field">
                        <label for="new-case-type">{t!(i18n, intake.case_type)}</label>
                        <select id="new-case-type" name="case_type" aria-describedby=format!("new-case-type-hint {}", error_id("new-case-type"))>
                            <CategoryOptions<CaseType> selected=Some(CaseType::Guardianship) />
                        </select>
                        <p class="hint" id="new-case-type-hint">{t!(i18n, intake.case_type_hint)}</p>
                        <FieldProblem error field="case_type" input_id="new-case-type" />
                    </div>
                </div>
            </fieldset>
            <FormOutcome error />
            <button class="button button--primary" type="submit">{t!(i18n, intake.record)}</button>
        </ActionForm>
    }
    .into_any()
}

/// Finds a person already on record by name or kana (any script or width).
#[component]
fn KnownPersonPicker(error: Signal<Option<crate::api::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let found = Resource::new(
        move || text.get(),
        |text| async move {
            if text.trim().is_empty() { Ok(Vec::new()) } else { search_persons(text).await }
        },
    );
    view! {
        <div class="field">
            <label for="known-search">{t!(i18n, intake.person_search)}</label>
            <input id="known-search" type="search" on:input=move |ev| text.set(event_target_value(&ev)) />
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let people = found.await.unwrap_or_default();
                view! {
                    <div class="field">
                        <label for="known-person">{t!(i18n, intake.person_found)}</label>
                        <select id="known-person" name="person_id"
                            aria-invalid=invalid(error, "person_id") aria-describedby=error_id("known-person")>
                            <option value="">{t!(i18n, case.choose)}</option>
                            {people.into_iter().map(|person| {
                                let birth = person.date_of_birth.map(|d| format!(" {d}")).unwrap_or_default();
                                view! { <option value=person.id.to_string()>{format!("{}（{}）{}", person.name, person.name_kana, birth)}</option> }
                            }).collect_view()}
                        </select>
                        <FieldProblem error field="person_id" input_id="known-person" />
                    </div>
                }
            })}
        </Transition>
    }
    .into_any()
}

/// What was said and noticed: when, how, who, what about, how urgent, signs of rights
/// violations and the report to the city. Shared by logging and correcting a consultation.
#[component]
pub fn ConsultationFactsFields(
    initial: Option<ConsultationDetail>,
    error: Signal<Option<crate::api::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let flags = initial.as_ref().map(|c| c.flags.clone()).unwrap_or_default();
    let abuse_reported = initial.as_ref().is_some_and(|c| c.abuse_reported);
    view! {
        <fieldset class="fieldset">
            <legend>{t!(i18n, intake.call_legend)}</legend>
            <div class="field-row">
                <div class="field">
                    <label for="received-at">{t!(i18n, intake.received_at)}</label>
                    <input id="received-at" name="received_at" type="datetime-local" required value=initial.as_ref().map(|c| c.received_at_local.clone()).unwrap_or_else(now_local)
                        aria-invalid=invalid(error, "received_at") aria-describedby=error_id("received-at") />
                    <FieldProblem error field="received_at" input_id="received-at" />
                </div>
                <div class="field">
                    <label for="channel">{t!(i18n, intake.channel)}</label>
                    <select id="channel" name="channel"><CategoryOptions<ConsultationChannel> selected=initial.as_ref().map_or(Some(ConsultationChannel::Phone), |c| c.channel) /></select>
                </div>
                <div class="field">
                    <label for="consultant">{t!(i18n, intake.consultant)}</label>
                    <select id="consultant" name="consultant"><CategoryOptions<Consultant> selected=initial.as_ref().and_then(|c| c.consultant) /></select>
                </div>
                <div class="field">
                    <label for="urgency">{t!(i18n, intake.urgency)}</label>
                    <select id="urgency" name="urgency"><CategoryOptions<Urgency> selected=initial.as_ref().map_or(Some(Urgency::Medium), |c| c.urgency) /></select>
                </div>
            </div>
            <div class="field">
                <label for="summary">{t!(i18n, intake.summary)}</label>
                <textarea id="summary" name="summary" rows="4" required
                    aria-invalid=invalid(error, "summary") aria-describedby=error_id("summary")>{initial.as_ref().map(|c| c.summary.clone()).unwrap_or_default()}</textarea>
                <FieldProblem error field="summary" input_id="summary" />
            </div>
        </fieldset>
        <fieldset class="fieldset fieldset--checks">
            <legend>{t!(i18n, intake.flags_legend)}</legend>
            {RightsViolation::ALL.iter().map(move |flag| {
                let flag = *flag;
                let id = format!("flag-{}", flag.code());
                view! {
                    <div class="field--check">
                        <input type="checkbox" id=id.clone() name="flags[]" value=flag.code() checked=flags.contains(&flag) />
                        <label for=id>{move || label(flag, i18n.get_locale())}</label>
                    </div>
                }
            }).collect_view()}
            <div class="subfields">
                <div class="field--check">
                    <input type="checkbox" id="abuse-reported" name="abuse_reported" value="true" checked=abuse_reported
                        aria-describedby=error_id("abuse-reported") />
                    <label for="abuse-reported">{t!(i18n, intake.abuse_reported)}</label>
                </div>
                <FieldProblem error field="abuse_reported" input_id="abuse-reported" />
                <div class="field">
                    <label for="abuse-reported-on">{t!(i18n, intake.abuse_reported_on)}</label>
                    <input id="abuse-reported-on" name="abuse_reported_on" type="date" value=crate::components::choices::date_value(initial.as_ref().and_then(|c| c.abuse_reported_on))
                        aria-invalid=invalid(error, "abuse_reported_on") aria-describedby=error_id("abuse-reported-on") />
                    <FieldProblem error field="abuse_reported_on" input_id="abuse-reported-on" />
                </div>
                <div class="field">
                    <label for="abuse-response">{t!(i18n, intake.abuse_response)}</label>
                    <textarea id="abuse-response" name="abuse_response" rows="2">{initial.as_ref().map(|c| c.abuse_response.clone()).unwrap_or_default()}</textarea>
                </div>
            </div>
        </fieldset>    }
    .into_any()
}
