//! The documents of a case (書類): each document's newest version with the ones it replaced,
//! a download link for each (checked and audited by the server), and the upload form. Used on
//! the case page and on the guardian's own case page.

use crate::api::AppError;
use crate::api::documents::{
    DocumentList, DocumentRow, UPLOAD_PATH, download_path, get_case_documents,
};
use crate::components::choices::{CategoryOptions, label_or_blank};
use crate::components::form::{FieldProblem, FormOutcome, error_id, error_message, invalid};
use crate::components::upload::post_form;
use crate::domain::dates::japan_offset;
use crate::domain::documents::{DocumentKind, MAX_DOCUMENT_BYTES};
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement};
use uuid::Uuid;

/// A size as people read it: `820 KB`, `2.4 MB`.
fn size_label(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

fn uploaded_label(row: &DocumentRow) -> String {
    row.uploaded_at.with_timezone(&japan_offset()).format("%Y-%m-%d %H:%M").to_string()
}

#[component]
pub fn DocumentsSection(case_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    // The file goes as multipart form data, built from the form itself.
    let upload = Action::new_local(|data: &FormData| post_form::<Uuid>(UPLOAD_PATH, data.clone()));
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(upload.value().get(), Some(Ok(_))) {
            saved.update(|count| *count += 1);
        }
    });
    let list = Resource::new(move || (case_id, saved.get()), |(id, _)| get_case_documents(id));
    let error = Signal::derive(move || upload.value().get().and_then(Result::err));
    let success = Signal::derive(move || {
        matches!(upload.value().get(), Some(Ok(_)))
            .then(|| t_string!(i18n, document.saved).to_owned())
    });
    view! {
        <section class="panel" aria-labelledby="documents-heading">
            <h2 id="documents-heading">{t!(i18n, document.heading)}</h2>
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <Documents list case_id upload error /> }.into_any(),
                        Err(error) => view! {
                            <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <FormOutcome error success />
        </section>
    }
    .into_any()
}

#[component]
fn Documents(
    list: DocumentList,
    case_id: Uuid,
    upload: Action<FormData, Result<Uuid, AppError>>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choices: Vec<(Uuid, String)> = list
        .documents
        .iter()
        .map(|series| (series.latest.id, series.latest.title.clone()))
        .collect();
    view! {
        {if list.documents.is_empty() {
            view! { <p>{t!(i18n, document.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="table" id="documents">
                        <caption class="visually-hidden">{t!(i18n, document.heading)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, document.title)}</th>
                                <th scope="col">{t!(i18n, document.kind)}</th>
                                <th scope="col">{t!(i18n, document.version)}</th>
                                <th scope="col">{t!(i18n, document.size)}</th>
                                <th scope="col">{t!(i18n, document.uploaded)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.documents.into_iter().map(|series| {
                                let kind = series.latest.kind;
                                let older = series.older;
                                let latest = series.latest;
                                view! {
                                    <tr>
                                        <td>
                                            <a href=download_path(latest.id) download="">{latest.title.clone()}</a>
                                            {(!older.is_empty()).then(|| view! {
                                                <details class="disclosure">
                                                    <summary>{t!(i18n, document.older)}" ("{older.len()}")"</summary>
                                                    <ul class="plain-list">
                                                        {older.into_iter().map(|row| view! {
                                                            <li>
                                                                <a href=download_path(row.id) download="">{format!("v{} {}", row.version_number, row.title)}</a>
                                                                " · "{uploaded_label(&row)}" · "{row.uploaded_by.clone()}
                                                            </li>
                                                        }).collect_view()}
                                                    </ul>
                                                </details>
                                            })}
                                        </td>
                                        <td>{move || label_or_blank(kind, i18n.get_locale())}</td>
                                        <td>{format!("v{}", latest.version_number)}</td>
                                        <td class="cell--nowrap">{size_label(latest.size_bytes)}</td>
                                        <td>{uploaded_label(&latest)}" "<span class="hint">{latest.uploaded_by.clone()}</span></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {list.can_upload.then(|| view! { <UploadForm case_id upload error choices /> })}
    }
    .into_any()
}

#[component]
fn UploadForm(
    case_id: Uuid,
    upload: Action<FormData, Result<Uuid, AppError>>,
    error: Signal<Option<AppError>>,
    choices: Vec<(Uuid, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(form) =
            event.target().and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        if let Ok(data) = FormData::new_with_form(&form) {
            upload.dispatch_local(data);
        }
    };
    let limit_mb = MAX_DOCUMENT_BYTES / (1024 * 1024);
    view! {
        <details class="activity-form">
            <summary>{t!(i18n, document.upload)}</summary>
            <form class="form" method="post" action=crate::api::documents::UPLOAD_PATH enctype="multipart/form-data" on:submit=on_submit>
                <input type="hidden" name="case_id" value=case_id.to_string() />
                <div class="form__row">
                    <div class="field">
                        <label for="document-kind">{t!(i18n, document.kind)}</label>
                        <select id="document-kind" name="kind" required
                            aria-invalid=invalid(error, "kind") aria-describedby=error_id("document-kind")>
                            <CategoryOptions<DocumentKind> selected=None blank=t_string!(i18n, case.choose).to_string() />
                        </select>
                        <FieldProblem error field="kind" input_id="document-kind" />
                    </div>
                    <div class="field">
                        <label for="document-title">{t!(i18n, document.title)}</label>
                        <input id="document-title" name="title" type="text" required
                            aria-invalid=invalid(error, "title") aria-describedby=error_id("document-title") />
                        <FieldProblem error field="title" input_id="document-title" />
                    </div>
                </div>
                {(!choices.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="document-replaces">{t!(i18n, document.replaces)}</label>
                        <select id="document-replaces" name="replaces"
                            aria-invalid=invalid(error, "replaces") aria-describedby=error_id("document-replaces")>
                            <option value="">{t!(i18n, document.new_document)}</option>
                            {choices.into_iter().map(|(id, title)| view! {
                                <option value=id.to_string()>{title}</option>
                            }).collect_view()}
                        </select>
                        <FieldProblem error field="replaces" input_id="document-replaces" />
                    </div>
                })}
                <div class="field">
                    <label for="document-file">{t!(i18n, document.file)}</label>
                    <p class="hint" id="document-file-hint">
                        {move || t_string!(i18n, document.file_hint).replace("{mb}", &limit_mb.to_string())}
                    </p>
                    <input id="document-file" name="file" type="file" required accept="application/pdf,image/png,image/jpeg"
                        aria-invalid=invalid(error, "file") aria-describedby=format!("{} document-file-hint", error_id("document-file")) />
                    <FieldProblem error field="file" input_id="document-file" />
                </div>
                <button class="button" type="submit" disabled=move || upload.pending().get()>{t!(i18n, document.save)}</button>
                {move || upload.pending().get().then(|| view! { <p role="status">{t!(i18n, document.uploading)}</p> })}
            </form>
        </details>
    }
    .into_any()
}
