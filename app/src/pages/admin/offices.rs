//! Offices (窓口): register, rename, reorder, close.

use crate::api::admin::{CreateOffice, OfficeRow, UpdateOffice, list_all_offices};
use crate::components::form::{FieldProblem, FormOutcome, action_error, error_id, invalid};
use crate::components::title::page_title;
use crate::i18n::{t, t_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn OfficesPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateOffice>::new();
    let update = ServerAction::<UpdateOffice>::new();
    let offices = Resource::new(
        move || (create.version().get(), update.version().get()),
        |_| list_all_offices(),
    );
    let update_error = action_error(update);
    let saved = Signal::derive(move || {
        update
            .value()
            .get()
            .and_then(Result::ok)
            .map(|_| t_string!(i18n, offices.saved).to_string())
    });
    view! {
        <Title text=page_title(move || t_string!(i18n, offices.title).to_string()) />
        <p class="breadcrumb"><a href="/admin">{t!(i18n, admin.heading)}</a></p>
        <h1>{t!(i18n, offices.heading)}</h1>
        <FormOutcome error=update_error success=saved />
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                offices.await.ok().map(|offices| view! { <OfficeTable offices update /> })
            })}
        </Transition>
        <CreateOfficeForm create />
    }
}

#[component]
fn OfficeTable(offices: Vec<OfficeRow>, update: ServerAction<UpdateOffice>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, offices.code)}</th>
                        <th scope="col" id="column-name">{t!(i18n, offices.name)}</th>
                        <th scope="col" id="column-order">{t!(i18n, offices.sort_order)}</th>
                        <th scope="col" id="column-state">{t!(i18n, offices.state)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, offices.save)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {offices.into_iter().map(|office| {
                        // One form per row; its inputs sit in the row's cells through `form=`.
                        let form_id = format!("office-{}", office.id);
                        // Each control is named by its column and the row's code.
                        let code_id = format!("office-code-{}", office.id);
                        let labelled_by = move |column: &str| format!("{column} {code_id}");
                        view! {
                            <tr>
                                <td><code id=format!("office-code-{}", office.id)>{office.code.clone()}</code></td>
                                <td>
                                    <input form=form_id.clone() name="name" type="text" required
                                        value=office.name.clone() aria-labelledby=labelled_by("column-name") />
                                </td>
                                <td>
                                    <input form=form_id.clone() name="sort_order" type="number" class="input--short"
                                        value=office.sort_order aria-labelledby=labelled_by("column-order") />
                                </td>
                                <td>
                                    <select form=form_id.clone() name="active" aria-labelledby=labelled_by("column-state")>
                                        <option value="true" selected=office.active>{t!(i18n, offices.active)}</option>
                                        <option value="false" selected=!office.active>{t!(i18n, offices.closed)}</option>
                                    </select>
                                </td>
                                <td>
                                    <ActionForm action=update attr:id=form_id>
                                        <input type="hidden" name="id" value=office.id.to_string() />
                                        <input type="hidden" name="version" value=office.version />
                                        <button class="button" type="submit" id=format!("save-{}", office.id)
                                            aria-labelledby=labelled_by(&format!("save-{}", office.id))>
                                            {t!(i18n, offices.save)}
                                        </button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn CreateOfficeForm(create: ServerAction<CreateOffice>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(create);
    let created = Signal::derive(move || {
        create
            .value()
            .get()
            .and_then(Result::ok)
            .map(|_| t_string!(i18n, offices.created).to_string())
    });
    view! {
        <section class="panel" aria-labelledby="create-office-heading">
            <h2 id="create-office-heading">{t!(i18n, offices.create_heading)}</h2>
            <ActionForm action=create attr:class="form">
                <div class="field">
                    <label for="office-code">{t!(i18n, offices.code)}</label>
                    <input id="office-code" name="code" type="text" required autocapitalize="none" spellcheck="false"
                        aria-invalid=invalid(error, "code") aria-describedby=format!("office-code-hint {}", error_id("office-code")) />
                    <p class="hint" id="office-code-hint">{t!(i18n, offices.code_hint)}</p>
                    <FieldProblem error field="code" input_id="office-code" />
                </div>
                <div class="field">
                    <label for="office-name">{t!(i18n, offices.name)}</label>
                    <input id="office-name" name="name" type="text" required
                        aria-invalid=invalid(error, "name") aria-describedby=error_id("office-name") />
                    <FieldProblem error field="name" input_id="office-name" />
                </div>
                <div class="field">
                    <label for="office-order">{t!(i18n, offices.sort_order)}</label>
                    <input id="office-order" name="sort_order" type="number" class="input--short" value="100" required />
                </div>
                <FormOutcome error success=created />
                <button class="button button--primary" type="submit">{t!(i18n, offices.create)}</button>
            </ActionForm>
        </section>
    }
}
