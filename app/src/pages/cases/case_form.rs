//! The case's own fields: type, coordinator, petition data (申立人, 動機, 家庭裁判所, dates)
//! and, for 任意後見, the contract. A save based on an old version is refused; the form then
//! shows who changed the case, when and which fields, keeps what the user typed, and a second
//! save replaces the other change knowingly.

use crate::api::AppError;
use crate::api::cases::{CaseDetail, CaseFields, UpdateCase, get_case};
use crate::components::choices::{CategoryOptions, ChoiceOptions, label};
use crate::components::conflict::{ConflictMessage, ConflictNotice, differing};
use crate::components::form::{
    DateField, FieldProblem, FormOutcome, action_error, error_id, invalid,
};
use crate::domain::cases::CaseType;
use crate::domain::categories::{Motive, Petitioner};
use crate::domain::dates::japan_time_label;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::pages::cases::detail::Reload;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The names of the fields that differ between two versions of the case, in the user's
/// language.
fn changed_labels(before: &CaseFields, after: &CaseFields, locale: Locale) -> Vec<&'static str> {
    let pairs: [(&'static str, bool); 15] = [
        (td_string!(locale, case.case_type), before.case_type != after.case_type),
        (td_string!(locale, cases.coordinator), before.coordinator_id != after.coordinator_id),
        (td_string!(locale, case.petitioner), before.petitioner != after.petitioner),
        (td_string!(locale, case.motives), before.motives != after.motives),
        (td_string!(locale, case.family_court), before.family_court_id != after.family_court_id),
        (td_string!(locale, case.petition_date), before.petition_date != after.petition_date),
        (td_string!(locale, case.decision_date), before.decision_date != after.decision_date),
        (td_string!(locale, case.final_date), before.final_date != after.final_date),
        (td_string!(locale, case.contract_date), before.contract_date != after.contract_date),
        (td_string!(locale, case.notary_office), before.notary_office != after.notary_office),
        (td_string!(locale, case.mandatary), before.mandatary_name != after.mandatary_name),
        (
            td_string!(locale, case.check_in_interval),
            before.check_in_interval_months != after.check_in_interval_months,
        ),
        (td_string!(locale, case.last_check_in), before.last_check_in_on != after.last_check_in_on),
        (
            td_string!(locale, case.supervisor_appointed),
            before.supervisor_appointed_on != after.supervisor_appointed_on,
        ),
        (td_string!(locale, case.notes), before.notes != after.notes),
    ];
    differing(pairs)
}

#[component]
pub fn CaseForm(case: CaseDetail) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateCase>::new();
    let error = action_error(action);
    let reload = expect_context::<Reload>();
    let version = RwSignal::new(case.version);
    let conflict = RwSignal::new(None::<ConflictNotice>);
    let started_from = case.fields.clone();
    let case_id = case.id;
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => reload.now(),
        Some(Err(AppError::Conflict)) => {
            let started_from = started_from.clone();
            leptos::task::spawn_local(async move {
                if let Ok(current) = get_case(case_id).await {
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
        _ => {}
    });
    let fields = case.fields.clone();
    let disabled = !case.can_edit;
    let choose = move || t_string!(i18n, case.choose).to_string();
    let voluntary = fields.case_type == Some(CaseType::Voluntary);
    view! {
        <section class="panel" aria-labelledby="case-form-heading">
            <h2 id="case-form-heading">{t!(i18n, case.petition_heading)}</h2>
            <ConflictMessage notice=conflict id="conflict-notice" />
            <ActionForm action attr:class="form" attr:id="case-form">
                <input type="hidden" name="id" value=case.id.to_string() />
                <input type="hidden" name="version" value=move || version.get().to_string() />
                <fieldset class="fieldset" disabled=disabled>
                    <legend class="visually-hidden">{t!(i18n, case.petition_heading)}</legend>
                    <div class="field-row">
                        <div class="field">
                            <label for="case-type-input">{t!(i18n, case.case_type)}</label>
                            <select id="case-type-input" name="case_type" required>
                                <CategoryOptions<CaseType> selected=fields.case_type />
                            </select>
                        </div>
                        <div class="field">
                            <label for="case-coordinator-input">{t!(i18n, cases.coordinator)}</label>
                            <select id="case-coordinator-input" name="coordinator_id">
                                <ChoiceOptions choices=case.coordinators.clone() selected=fields.coordinator_id blank=t_string!(i18n, cases.unassigned).to_string() />
                            </select>
                        </div>
                    </div>
                    <div class="field-row">
                        <div class="field">
                            <label for="case-petitioner">{t!(i18n, case.petitioner)}</label>
                            <select id="case-petitioner" name="petitioner">
                                <CategoryOptions<Petitioner> selected=fields.petitioner blank=choose() />
                            </select>
                        </div>
                        <div class="field">
                            <label for="case-court">{t!(i18n, case.family_court)}</label>
                            <select id="case-court" name="family_court_id">
                                <ChoiceOptions choices=case.family_courts.clone() selected=fields.family_court_id blank=choose() />
                            </select>
                        </div>
                    </div>
                    <fieldset class="fieldset fieldset--checks">
                        <legend>{t!(i18n, case.motives)}</legend>
                        {Motive::ALL.iter().map(|motive| {
                            let motive = *motive;
                            let id = format!("motive-{}", motive.code());
                            view! {
                                <div class="field--check">
                                    <input type="checkbox" id=id.clone() name="motives[]" value=motive.code()
                                        checked=fields.motives.contains(&motive) />
                                    <label for=id>{move || label(motive, i18n.get_locale())}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="field-row">
                        <DateField id="case-petition-date" name="petition_date" label=t_string!(i18n, case.petition_date).to_string() value=fields.petition_date error />
                        <DateField id="case-decision-date" name="decision_date" label=t_string!(i18n, case.decision_date).to_string() value=fields.decision_date error />
                        <DateField id="case-final-date" name="final_date" label=t_string!(i18n, case.final_date).to_string() value=fields.final_date error />
                    </div>
                    <p class="field__problem" id="case-dates-error">
                        {move || error.with(|error| error.as_ref().and_then(|e| e.code_for("dates")).map(|code| crate::components::form::problem_message(code, i18n.get_locale())))}
                    </p>
                    <details class="fieldset" open=voluntary>
                        <summary>{t!(i18n, case.voluntary_heading)}</summary>
                        <div class="field-row">
                            <DateField id="case-contract-date" name="contract_date" label=t_string!(i18n, case.contract_date).to_string() value=fields.contract_date error />
                            <div class="field">
                                <label for="case-notary">{t!(i18n, case.notary_office)}</label>
                                <input id="case-notary" name="notary_office" type="text" value=fields.notary_office.clone() />
                            </div>
                            <div class="field">
                                <label for="case-mandatary">{t!(i18n, case.mandatary)}</label>
                                <input id="case-mandatary" name="mandatary_name" type="text" value=fields.mandatary_name.clone() />
                            </div>
                        </div>
                        <div class="field-row">
                            <div class="field">
                                <label for="case-check-in">{t!(i18n, case.check_in_interval)}</label>
                                <input id="case-check-in" name="check_in_interval_months" type="number" min="1" max="24" class="input--short"
                                    value=fields.check_in_interval_months.map(|m| m.to_string()).unwrap_or_default()
                                    aria-invalid=invalid(error, "check_in_interval_months") aria-describedby=error_id("case-check-in") />
                                <FieldProblem error field="check_in_interval_months" input_id="case-check-in" />
                            </div>
                            <DateField id="case-last-check-in" name="last_check_in_on" label=t_string!(i18n, case.last_check_in).to_string() value=fields.last_check_in_on error />
                            <DateField id="case-supervisor" name="supervisor_appointed_on" label=t_string!(i18n, case.supervisor_appointed).to_string() value=fields.supervisor_appointed_on error />
                        </div>
                    </details>
                    <div class="field">
                        <label for="case-notes">{t!(i18n, case.notes)}</label>
                        <textarea id="case-notes" name="notes" rows="3">{fields.notes.clone()}</textarea>
                    </div>
                    <FormOutcome error />
                    {(!disabled).then(|| view! { <button class="button button--primary" type="submit">{t!(i18n, case.save)}</button> })}
                </fieldset>
            </ActionForm>
        </section>
    }
    .into_any()
}
