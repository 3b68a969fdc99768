//! 取り込み: a ledger brought in from Excel or CSV in three steps on one page. The file is
//! uploaded and read; each column is mapped to a field (suggested from its heading, or as chosen
//! last time for the same headings); the dry run reports every row's findings and counts; only
//! then is the import committed, in one transaction. Below, the user's recent imports.

use crate::api::AppError;
use crate::api::imports::{
    BatchProgress, ImportReport, ImportSheet, ImportSummary, MAX_IMPORT_BYTES, MatchLine,
    ReportLine, UPLOAD_PATH, check_import, commit_import, import_progress, recent_imports,
};
use crate::components::form::{FieldProblem, FormOutcome, error_id, error_message, invalid};
use crate::components::title::page_title;
use crate::components::upload::post_form;
use crate::domain::dates::japan_offset;
use crate::domain::import::fields::{Field, MappingProblem, SheetKind, read_mapping};
use crate::domain::text::grouped_digits;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{FormData, HtmlFormElement};
use leptos_meta::Title;
use uuid::Uuid;

/// How often the page asks how far the server has got.
const POLL_EVERY: std::time::Duration = std::time::Duration::from_millis(400);

/// A finding's message, with what it names.
fn finding_message(line: &ReportLine, locale: Locale) -> String {
    let text = match line.code.as_str() {
        "required" => td_string!(locale, import_findings.required),
        "too_long" => td_string!(locale, import_findings.too_long),
        "kana_only" => td_string!(locale, import_findings.kana_only),
        "date_in_future" => td_string!(locale, import_findings.date_in_future),
        "birth_too_early" => td_string!(locale, import_findings.birth_too_early),
        "date_unreadable" => td_string!(locale, import_findings.date_unreadable),
        "date_ambiguous_year" => td_string!(locale, import_findings.date_ambiguous_year),
        "date_no_such_day" => td_string!(locale, import_findings.date_no_such_day),
        "date_outside_era" => td_string!(locale, import_findings.date_outside_era),
        "date_too_early" => td_string!(locale, import_findings.date_too_early),
        "unknown_label" => td_string!(locale, import_findings.unknown_label),
        "ambiguous_label" => td_string!(locale, import_findings.ambiguous_label),
        "near_miss" => td_string!(locale, import_findings.near_miss),
        "not_a_count" => td_string!(locale, import_findings.not_a_count),
        "converted_era" => td_string!(locale, import_findings.converted_era),
        "converted_serial" => td_string!(locale, import_findings.converted_serial),
        "converted_full_width" => td_string!(locale, import_findings.converted_full_width),
        "alias" => td_string!(locale, import_findings.alias),
        "defaulted" => td_string!(locale, import_findings.defaulted),
        "duplicate_in_file" => td_string!(locale, import_findings.duplicate_in_file),
        "number_taken" => td_string!(locale, import_findings.number_taken),
        "not_found" => td_string!(locale, import_findings.not_found),
        "role_does_not_fit_case" => td_string!(locale, import_findings.role_does_not_fit_case),
        "dates_out_of_order" => td_string!(locale, import_findings.dates_out_of_order),
        "guardian_already_on_case" => td_string!(locale, import_findings.guardian_already_on_case),
        "modes_differ" => td_string!(locale, import_findings.modes_differ),
        "duty_not_held" => td_string!(locale, import_findings.duty_not_held),
        "duty_held_twice" => td_string!(locale, import_findings.duty_held_twice),
        "no_duties" => td_string!(locale, import_findings.no_duties),
        "voluntary_needs_supervisor" => {
            td_string!(locale, import_findings.voluntary_needs_supervisor)
        }
        "appointment_ended" => td_string!(locale, import_findings.appointment_ended),
        _ => td_string!(locale, problems.invalid),
    };
    text.replace("{detail}", &line.detail)
}

fn field_label(code: &str, locale: Locale) -> String {
    Field::parse(code).map(|field| field.label(locale == Locale::ja)).unwrap_or(code).to_owned()
}

fn kind_label(code: &str, locale: Locale) -> &'static str {
    match SheetKind::parse(code) {
        Some(SheetKind::Guardians) => td_string!(locale, imports.kind_guardians),
        Some(SheetKind::Appointments) => td_string!(locale, imports.kind_appointments),
        Some(SheetKind::Cases) | None => td_string!(locale, imports.kind_cases),
    }
}

fn status_label(status: &str, locale: Locale) -> &'static str {
    match status {
        "committed" => td_string!(locale, imports.status_committed),
        "checked" => td_string!(locale, imports.status_checked),
        _ => td_string!(locale, imports.status_uploaded),
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let sheet = RwSignal::new(None::<ImportSheet>);
    let report = RwSignal::new(None::<ImportReport>);
    let done = RwSignal::new(None::<ImportSummary>);
    let upload =
        Action::new_local(|data: &FormData| post_form::<ImportSheet>(UPLOAD_PATH, data.clone()));
    Effect::new(move |_| {
        if let Some(Ok(uploaded)) = upload.value().get() {
            report.set(None);
            done.set(None);
            sheet.set(Some(uploaded));
        }
    });
    let recent =
        Resource::new(move || done.get().map(|summary| summary.batch_id), |_| recent_imports());
    let upload_error = Signal::derive(move || upload.value().get().and_then(Result::err));
    view! {
        <Title text=page_title(move || t_string!(i18n, imports.title).to_string()) />
        <h1>{t!(i18n, imports.title)}</h1>
        <p>{t!(i18n, imports.intro)}</p>
        <p><a href="/imports/template.xlsx" download="">{t!(i18n, imports.template)}</a></p>
        <UploadStep upload error=upload_error />
        {move || sheet.get().map(|current| view! { <MappingStep sheet=current report /> })}
        {move || report.get().map(|current| view! { <ReportStep report=current shown=report sheet done /> })}
        {move || done.get().map(|summary| view! { <Done summary /> })}
        <section class="panel" aria-labelledby="recent-imports-heading">
            <h2 id="recent-imports-heading">{t!(i18n, imports.recent)}</h2>
            <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
                {move || Suspend::new(async move {
                    match recent.await {
                        Ok(list) => view! { <RecentImports list /> }.into_any(),
                        Err(error) => view! {
                            <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn UploadStep(
    upload: Action<FormData, Result<ImportSheet, AppError>>,
    error: Signal<Option<AppError>>,
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
    let limit_mb = MAX_IMPORT_BYTES / (1024 * 1024);
    view! {
        <section class="panel" aria-labelledby="import-file-heading">
            <h2 id="import-file-heading">{t!(i18n, imports.step_file)}</h2>
            <form class="form" method="post" action=UPLOAD_PATH enctype="multipart/form-data" on:submit=on_submit>
                <div class="field">
                    <label for="import-kind">{t!(i18n, imports.kind)}</label>
                    <select id="import-kind" name="kind" aria-invalid=invalid(error, "kind")
                        aria-describedby=format!("{} import-kind-hint", error_id("import-kind"))>
                        <option value="cases">{t!(i18n, imports.kind_cases)}</option>
                        <option value="guardians">{t!(i18n, imports.kind_guardians)}</option>
                        <option value="appointments">{t!(i18n, imports.kind_appointments)}</option>
                    </select>
                    <p class="hint" id="import-kind-hint">{t!(i18n, imports.appointments_hint)}</p>
                    <FieldProblem error field="kind" input_id="import-kind" />
                </div>
                <div class="field">
                    <label for="import-file">{t!(i18n, imports.file)}</label>
                    <p class="hint" id="import-file-hint">
                        {move || t_string!(i18n, imports.file_hint).replace("{mb}", &limit_mb.to_string())}
                    </p>
                    <input id="import-file" name="file" type="file" required
                        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        aria-invalid=invalid(error, "file")
                        aria-describedby=format!("{} import-file-hint", error_id("import-file")) />
                    <FieldProblem error field="file" input_id="import-file" />
                </div>
                <button class="button button--primary" type="submit" disabled=move || upload.pending().get()>
                    {t!(i18n, imports.upload)}
                </button>
                {move || upload.pending().get().then(|| view! {
                    <p role="status"><progress class="progress" aria-label=move || t_string!(i18n, imports.uploading).to_string()></progress>" "{t!(i18n, imports.uploading)}</p>
                })}
            </form>
        </section>
    }
}

#[component]
fn MappingStep(sheet: ImportSheet, report: RwSignal<Option<ImportReport>>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = SheetKind::parse(&sheet.kind).unwrap_or(SheetKind::Cases);
    let mapping = RwSignal::new(
        sheet.mapping.iter().map(|code| code.clone().unwrap_or_default()).collect::<Vec<String>>(),
    );
    let batch_id = sheet.batch_id;
    let check = Action::new(move |codes: &Vec<String>| check_import(batch_id, codes.clone()));
    Effect::new(move |_| {
        if let Some(Ok(checked)) = check.value().get() {
            report.set(Some(checked));
        }
    });
    let error = Signal::derive(move || check.value().get().and_then(Result::err));
    // What is wrong with the mapping as chosen, said with the field it concerns while the
    // coordinator chooses (the server refuses the same mapping, without the field's name).
    let column_count = sheet.headings.len();
    let mapping_problem = move || {
        let locale = i18n.get_locale();
        let named =
            |text: &str, field: Field| text.replace("{field}", field.label(locale == Locale::ja));
        match mapping.with(|codes| read_mapping(kind, codes, column_count)) {
            Err(MappingProblem::MappedTwice(field)) => {
                Some(named(td_string!(locale, imports.mapping_twice), field))
            }
            Err(MappingProblem::RequiredUnmapped(field)) => {
                Some(named(td_string!(locale, imports.mapping_missing), field))
            }
            Err(MappingProblem::Invalid) | Ok(_) => None,
        }
    };
    let (sheet_name, rows) = (sheet.sheet_name.clone(), sheet.row_count);
    let columns = sheet.headings.iter().enumerate().map(|(column, heading)| {
        let samples: Vec<String> = sheet
            .sample
            .iter()
            .filter_map(|row| row.get(column).cloned())
            .filter(|value| !value.trim().is_empty())
            .collect();
        let select_id = format!("mapping-{column}");
        let heading_text = if heading.is_empty() { "—".to_owned() } else { heading.clone() };
        view! {
            <tr>
                <td>{column + 1}</td>
                <th scope="row">{heading_text.clone()}</th>
                <td>{samples.join(" / ")}</td>
                <td>
                    <label class="visually-hidden" for=select_id.clone()>
                        {move || format!("{} {}", heading_text, t_string!(i18n, imports.field))}
                    </label>
                    <select id=select_id name="mapping"
                        on:change=move |event| {
                            let value = event_target_value(&event);
                            mapping.update(|codes| if let Some(code) = codes.get_mut(column) { *code = value; });
                            // The report was of the mapping before: checked again, or not at all.
                            report.set(None);
                        }>
                        <option value="" selected=move || mapping.with(|codes| codes.get(column).is_none_or(String::is_empty))>
                            {t!(i18n, imports.not_imported)}
                        </option>
                        {kind.fields().iter().map(|field| {
                            let code = field.code();
                            let required = if field.required() { " *" } else { "" };
                            view! {
                                <option value=code selected=move || mapping.with(|codes| codes.get(column).is_some_and(|c| c == code))>
                                    {move || format!("{}{required}", field.label(i18n.get_locale() == Locale::ja))}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class="panel" aria-labelledby="import-mapping-heading">
            <h2 id="import-mapping-heading">{t!(i18n, imports.step_mapping)}</h2>
            <p>{move || t_string!(i18n, imports.sheet).replace("{sheet}", &sheet_name).replace("{rows}", &grouped_digits(rows as u64))}</p>
            {sheet.remembered.then(|| view! { <p class="notice">{t!(i18n, imports.remembered)}</p> })}
            <p class="hint">{t!(i18n, imports.mapping_hint)}</p>
            <form class="form" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                check.dispatch(mapping.get_untracked());
            }>
                <div class="table-scroll">
                    <table class="table" id="import-mapping">
                        <caption class="visually-hidden">{t!(i18n, imports.step_mapping)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, imports.column)}</th>
                                <th scope="col">{t!(i18n, imports.heading)}</th>
                                <th scope="col">{t!(i18n, imports.sample)}</th>
                                <th scope="col">{t!(i18n, imports.field)}</th>
                            </tr>
                        </thead>
                        <tbody>{columns}</tbody>
                    </table>
                </div>
                {move || mapping_problem().map(|problem| view! {
                    <p class="message message--error" role="alert" id="import-mapping-problem">{problem}</p>
                })}
                <button class="button button--primary" type="submit" disabled=move || check.pending().get()>
                    {t!(i18n, imports.check)}
                </button>
                {move || check.pending().get().then(|| view! {
                    <WorkProgress batch_id label=Signal::derive(move || t_string!(i18n, imports.checking).to_string()) />
                })}
                <FormOutcome error explain_fields=true />
            </form>
        </section>
    }
}

/// The dry run's report and the commit. `shown` is the report the page shows: once the
/// import is committed, the report and its button go, and the summary takes their place.
#[component]
fn ReportStep(
    report: ImportReport,
    shown: RwSignal<Option<ImportReport>>,
    sheet: RwSignal<Option<ImportSheet>>,
    done: RwSignal<Option<ImportSummary>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let counts = report.counts;
    let confirm = RwSignal::new(false);
    let (batch_id, version) = (report.batch_id, report.version);
    let commit = Action::new(move |confirm: &bool| commit_import(batch_id, version, *confirm));
    Effect::new(move |_| {
        if let Some(Ok(summary)) = commit.value().get() {
            sheet.set(None);
            shown.set(None);
            done.set(Some(summary));
        }
    });
    let error = Signal::derive(move || commit.value().get().and_then(Result::err));
    // A record changed since the check: the way on is to check again, which the step says.
    let changed_since = move || matches!(error.get(), Some(AppError::Conflict));
    let other_error =
        Signal::derive(move || error.get().filter(|error| *error != AppError::Conflict));
    let count_rows = move || {
        let locale = i18n.get_locale();
        [
            (td_string!(locale, imports.rows), counts.rows),
            (td_string!(locale, imports.new), counts.new),
            (td_string!(locale, imports.updated), counts.updated),
            (td_string!(locale, imports.unchanged), counts.unchanged),
            (td_string!(locale, imports.matched), counts.matched),
            (td_string!(locale, imports.invalid), counts.invalid),
        ]
        .into_iter()
        .map(|(name, count)| view! { <tr><th scope="row">{name}</th><td class="cell--number">{grouped_digits(count as u64)}</td></tr> })
        .collect_view()
    };
    let omitted = report.lines_omitted;
    view! {
        <section class="panel" aria-labelledby="import-report-heading">
            <h2 id="import-report-heading">{t!(i18n, imports.step_report)}</h2>
            <table class="table table--compact" id="import-counts">
                <caption>{t!(i18n, imports.counts)}</caption>
                <tbody>{count_rows}</tbody>
            </table>
            <h3>{t!(i18n, imports.findings)}</h3>
            <FindingTable lines=report.lines />
            {(omitted > 0).then(|| view! {
                <p class="hint">{move || t_string!(i18n, imports.omitted).replace("{count}", &grouped_digits(omitted as u64))}</p>
            })}
            {(!report.updates.is_empty()).then(|| view! {
                <h3>{t!(i18n, imports.updates)}</h3>
                <MatchTable lines=report.updates id="import-updates" />
            })}
            {(!report.matches.is_empty()).then(|| view! {
                <h3>{t!(i18n, imports.matches)}</h3>
                <MatchTable lines=report.matches id="import-matches" />
                <div class="field field--checkbox">
                    <input id="import-confirm" type="checkbox" on:change=move |event| confirm.set(event_target_checked(&event)) />
                    <label for="import-confirm">
                        {move || t_string!(i18n, imports.confirm_matches).replace("{count}", &grouped_digits(counts.matched as u64))}
                    </label>
                </div>
            })}
            {if counts.invalid > 0 {
                view! { <p class="message message--error" role="alert">{t!(i18n, imports.has_errors)}</p> }.into_any()
            } else {
                view! {
                    <button class="button button--primary" type="button" id="import-commit"
                        disabled=move || commit.pending().get()
                        on:click=move |_| { commit.dispatch(confirm.get_untracked()); }>
                        {t!(i18n, imports.commit)}
                    </button>
                }.into_any()
            }}
            {move || commit.pending().get().then(|| view! {
                <WorkProgress batch_id label=Signal::derive(move || {
                    t_string!(i18n, imports.committing).replace("{rows}", &grouped_digits(counts.rows as u64))
                }) />
            })}
            {move || changed_since().then(|| view! {
                <p class="message message--error" role="alert">{t!(i18n, imports.conflict)}</p>
            })}
            <FormOutcome error=other_error explain_fields=true />
        </section>
    }
}

/// The server's progress on the batch while a step runs: a bar with rows done of rows when
/// this server process reports them, a bar without a figure otherwise.
#[component]
fn WorkProgress(batch_id: Uuid, label: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let progress = RwSignal::new(None::<BatchProgress>);
    let poll = Action::new(move |_: &()| import_progress(batch_id));
    Effect::new(move |_| {
        if let Some(Ok(latest)) = poll.value().get() {
            progress.set(latest);
        }
    });
    Effect::new(move |_| {
        let ask = move || {
            if !poll.pending().get_untracked() {
                poll.dispatch(());
            }
        };
        if let Ok(handle) = set_interval_with_handle(ask, POLL_EVERY) {
            on_cleanup(move || handle.clear());
        }
    });
    let step_label = move |step: &str| match step {
        "writing" => t_string!(i18n, imports.step_writing),
        "matching" => t_string!(i18n, imports.step_matching),
        _ => t_string!(i18n, imports.step_reading),
    };
    // The live region says the step, not every figure: a screen reader would otherwise read
    // out a number each time the page polls. The bar itself carries the figures.
    let step = Memo::new(move |_| progress.get().map(|known| known.step));
    view! {
        <div class="import-progress">
            <p role="status">
                {move || label.get()}
                {move || step.get().map(|step| format!(" ({})", step_label(&step)))}
            </p>
            {move || match progress.get() {
                Some(known) if known.total > 0 => view! {
                    <progress class="progress" max=known.total value=known.done aria-label=move || label.get()></progress>
                    " "{format!("{} / {}", grouped_digits(known.done as u64), grouped_digits(known.total as u64))}
                }.into_any(),
                _ => view! {
                    <progress class="progress" aria-label=move || label.get()></progress>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn FindingTable(lines: Vec<ReportLine>) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p role="status">{t!(i18n, imports.no_findings)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="table" id="import-findings">
                <caption class="visually-hidden">{t!(i18n, imports.findings)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, imports.row)}</th>
                        <th scope="col">{t!(i18n, imports.column)}</th>
                        <th scope="col">{t!(i18n, imports.field)}</th>
                        <th scope="col">{t!(i18n, imports.value)}</th>
                        <th scope="col">{t!(i18n, imports.message)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|line| {
                        let kind = if line.error { "finding finding--error" } else { "finding" };
                        let column = line.column.map(|column| column.to_string()).unwrap_or_default();
                        let field = line.field.clone();
                        let value = line.value.clone();
                        view! {
                            <tr class=kind>
                                <td>{line.row}</td>
                                <td>{column}</td>
                                <td>{move || field_label(&field, i18n.get_locale())}</td>
                                <td>{value}</td>
                                <td>
                                    <strong>{move || if line.error { t_string!(i18n, imports.error) } else { t_string!(i18n, imports.note) }}</strong>
                                    " "{move || finding_message(&line, i18n.get_locale())}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn MatchTable(lines: Vec<MatchLine>, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="table" id=id>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, imports.row)}</th>
                        <th scope="col">{t!(i18n, imports.value)}</th>
                        <th scope="col">{t!(i18n, imports.record)}</th>
                        <th scope="col">{t!(i18n, imports.changes)}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|line| {
                        let changes = line.changes.clone();
                        view! {
                            <tr>
                                <td>{line.row}</td>
                                <td>{line.name}</td>
                                <td>{line.record}</td>
                                <td>{move || {
                                    let locale = i18n.get_locale();
                                    changes.iter().map(|code| field_label(code, locale)).collect::<Vec<_>>().join("、")
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Done(summary: ImportSummary) -> impl IntoView {
    let i18n = use_i18n();
    let counts = summary.counts;
    let (href, label_cases) = match SheetKind::parse(&summary.kind) {
        Some(SheetKind::Guardians) => ("/guardians", false),
        _ => ("/cases", true),
    };
    view! {
        <div class="message message--success" role="status">
            <p>{move || t_string!(i18n, imports.done)
                .replace("{new}", &grouped_digits(counts.new as u64))
                .replace("{updated}", &grouped_digits(counts.updated as u64))
                .replace("{unchanged}", &grouped_digits(counts.unchanged as u64))}</p>
            <p><a href=href>{move || if label_cases { t_string!(i18n, imports.to_cases) } else { t_string!(i18n, imports.to_guardians) }}</a></p>
        </div>
    }
}

#[component]
fn RecentImports(list: Vec<ImportSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p>{t!(i18n, imports.none)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll">
            <table class="table" id="recent-imports">
                <caption class="visually-hidden">{t!(i18n, imports.recent)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, imports.uploaded_at)}</th>
                        <th scope="col">{t!(i18n, imports.file)}</th>
                        <th scope="col">{t!(i18n, imports.kind)}</th>
                        <th scope="col">{t!(i18n, imports.status)}</th>
                        <th scope="col">{t!(i18n, imports.new)}</th>
                        <th scope="col">{t!(i18n, imports.updated)}</th>
                        <th scope="col">{t!(i18n, imports.unchanged)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|summary| {
                        let when = summary.created_at.with_timezone(&japan_offset()).format("%Y-%m-%d %H:%M").to_string();
                        let (kind, status) = (summary.kind.clone(), summary.status.clone());
                        let counts = summary.counts;
                        view! {
                            <tr>
                                <td>{when}</td>
                                <td>{summary.file_name}</td>
                                <td>{move || kind_label(&kind, i18n.get_locale())}</td>
                                <td>{move || status_label(&status, i18n.get_locale())}</td>
                                <td class="cell--number">{grouped_digits(counts.new as u64)}</td>
                                <td class="cell--number">{grouped_digits(counts.updated as u64)}</td>
                                <td class="cell--number">{grouped_digits(counts.unchanged as u64)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
