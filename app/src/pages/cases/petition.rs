//! Petition preparation: the documents the court asks for, who prepares each and how far it
//! is; and for a mayor's petition (市長申立) the kinship survey (親族調査).

use crate::api::cases::{AddKinshipEntry, CaseDetail, DocumentRow, SavePetitionDocument};
use crate::components::choices::{CategoryOptions, label, label_or_blank};
use crate::components::form::{FieldProblem, FormOutcome, action_error, error_id, invalid};
use crate::domain::categories::{DocumentStatus, KinshipAnswer, Petitioner};
use crate::i18n::{t, use_i18n};
use crate::pages::cases::detail::{Reload, date_or_dash};
use leptos::form::ActionForm;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn PetitionPanel(case: CaseDetail) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePetitionDocument>::new();
    let error = action_error(save);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    let ready = case
        .documents
        .iter()
        .filter(|d| matches!(d.status, DocumentStatus::Ready | DocumentStatus::NotNeeded))
        .count();
    let all = case.documents.len();
    let mayor = case.fields.petitioner == Some(Petitioner::Mayor);
    let can_edit = case.can_edit;
    let case_id = case.id;
    view! {
        <section class="panel" aria-labelledby="documents-heading">
            <h2 id="documents-heading">{t!(i18n, petition.heading)}</h2>
            <p>{t!(i18n, petition.progress, ready = move || ready, all = move || all)}</p>
            <FormOutcome error />
            <div class="table-scroll">
                <table class="table table--compact">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, petition.document)}</th>
                            <th scope="col" id="doc-col-by">{t!(i18n, petition.prepared_by)}</th>
                            <th scope="col" id="doc-col-status">{t!(i18n, petition.status)}</th>
                            <th scope="col" id="doc-col-note">{t!(i18n, petition.note)}</th>
                            {can_edit.then(|| view! { <th scope="col"><span class="visually-hidden">{t!(i18n, case.save)}</span></th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {case.documents.clone().into_iter().map(|row| view! { <DocumentLine row case_id can_edit save /> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        {mayor.then(|| view! { <KinshipSurvey case=case.clone() /> })}
    }
    .into_any()
}

#[component]
fn DocumentLine(
    row: DocumentRow,
    case_id: Uuid,
    can_edit: bool,
    save: ServerAction<SavePetitionDocument>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = row.document.code();
    let form_id = format!("doc-{code}");
    let name_id = format!("doc-name-{code}");
    let labelled_by = move |column: &str| format!("{column} {name_id}");
    let document = row.document;
    let status = row.status;
    if !can_edit {
        return view! {
            <tr>
                <th scope="row">{move || label(document, i18n.get_locale())}</th>
                <td>{row.prepared_by}</td>
                <td>{move || label(status, i18n.get_locale())}</td>
                <td>{row.note}</td>
            </tr>
        }
        .into_any();
    }
    view! {
        <tr>
            <th scope="row" id=format!("doc-name-{code}")>{move || label(document, i18n.get_locale())}</th>
            <td><input form=form_id.clone() name="prepared_by" type="text" value=row.prepared_by.clone() aria-labelledby=labelled_by("doc-col-by") /></td>
            <td>
                <select form=form_id.clone() name="status" aria-labelledby=labelled_by("doc-col-status")>
                    <CategoryOptions<DocumentStatus> selected=Some(status) />
                </select>
            </td>
            <td><input form=form_id.clone() name="note" type="text" value=row.note.clone() aria-labelledby=labelled_by("doc-col-note") /></td>
            <td>
                <ActionForm action=save attr:id=form_id.clone()>
                    <input type="hidden" name="case_id" value=case_id.to_string() />
                    <input type="hidden" name="document" value=code />
                    <input type="hidden" name="version" value=row.version />
                    <button class="button button--small" type="submit" id=format!("doc-save-{code}")
                        aria-labelledby=format!("doc-save-{code} doc-name-{code}")>{t!(i18n, case.save)}</button>
                </ActionForm>
            </td>
        </tr>
    }
    .into_any()
}

#[component]
fn KinshipSurvey(case: CaseDetail) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddKinshipEntry>::new();
    let error = action_error(add);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    view! {
        <section class="panel" aria-labelledby="kinship-heading">
            <h2 id="kinship-heading">{t!(i18n, kinship.heading)}</h2>
            {if case.kinship.is_empty() {
                view! { <p>{t!(i18n, kinship.none)}</p> }.into_any()
            } else {
                view! {
                    <table class="table table--compact">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, kinship.name)}</th>
                                <th scope="col">{t!(i18n, kinship.relation)}</th>
                                <th scope="col">{t!(i18n, kinship.contacted_on)}</th>
                                <th scope="col">{t!(i18n, kinship.answer)}</th>
                                <th scope="col">{t!(i18n, petition.note)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {case.kinship.clone().into_iter().map(|row| view! {
                                <tr>
                                    <td>{row.name}</td>
                                    <td>{row.relation}</td>
                                    <td>{move || date_or_dash(row.contacted_on, i18n.get_locale())}</td>
                                    <td>{move || label_or_blank(row.answer, i18n.get_locale())}</td>
                                    <td>{row.note.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            {case.can_edit.then(|| view! {
                <ActionForm action=add attr:class="form">
                    <input type="hidden" name="case_id" value=case.id.to_string() />
                    <div class="field-row">
                        <div class="field">
                            <label for="kin-name">{t!(i18n, kinship.name)}</label>
                            <input id="kin-name" name="name" type="text" required
                                aria-invalid=invalid(error, "name") aria-describedby=error_id("kin-name") />
                            <FieldProblem error field="name" input_id="kin-name" />
                        </div>
                        <div class="field">
                            <label for="kin-relation">{t!(i18n, kinship.relation)}</label>
                            <input id="kin-relation" name="relation" type="text" required
                                aria-invalid=invalid(error, "relation") aria-describedby=error_id("kin-relation") />
                            <FieldProblem error field="relation" input_id="kin-relation" />
                        </div>
                        <div class="field">
                            <label for="kin-contacted">{t!(i18n, kinship.contacted_on)}</label>
                            <input id="kin-contacted" name="contacted_on" type="date"
                                aria-invalid=invalid(error, "contacted_on") aria-describedby=error_id("kin-contacted") />
                            <FieldProblem error field="contacted_on" input_id="kin-contacted" />
                        </div>
                        <div class="field">
                            <label for="kin-answer">{t!(i18n, kinship.answer)}</label>
                            <select id="kin-answer" name="answer"><CategoryOptions<KinshipAnswer> selected=None /></select>
                        </div>
                    </div>
                    <div class="field">
                        <label for="kin-note">{t!(i18n, petition.note)}</label>
                        <input id="kin-note" name="note" type="text" />
                    </div>
                    <FormOutcome error />
                    <button class="button" type="submit">{t!(i18n, kinship.add)}</button>
                </ActionForm>
            })}
        </section>
    }
    .into_any()
}
