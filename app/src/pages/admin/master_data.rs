//! Master data the centre keeps itself: districts, family courts and their branches, partner
//! organisations. One table per kind, each row its own form; closed rows stay for history.

use crate::api::master_data::{
    CourtRow, CreateDistrict, SaveCourt, SaveCourtRule, SaveOrganisation, UpdateDistrict,
    list_courts, list_districts, list_organisations,
};
use crate::components::choices::CategoryOptions;
use crate::components::form::{
    FieldProblem, FormOutcome, action_error, error_id, invalid, successes,
};
use crate::components::title::page_title;
use crate::domain::categories::OrganisationKind;
use crate::domain::deadlines::ReportReference;
use crate::i18n::{t, t_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// The state select of a row: open or closed.
#[component]
fn ActiveSelect(form: String, active: bool, labelled_by: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select form=form name="active" aria-labelledby=labelled_by>
            <option value="true" selected=active>{t!(i18n, offices.active)}</option>
            <option value="false" selected=!active>{t!(i18n, offices.closed)}</option>
        </select>
    }
    .into_any()
}

#[component]
pub fn DistrictsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateDistrict>::new();
    let update = ServerAction::<UpdateDistrict>::new();
    let rows = Resource::new(
        move || (create.version().get(), update.version().get()),
        |_| list_districts(),
    );
    let create_error = action_error(create);
    let update_error = action_error(update);
    view! {
        <Title text=page_title(move || t_string!(i18n, master.districts).to_string()) />
        <p class="breadcrumb"><a href="/admin">{t!(i18n, admin.heading)}</a></p>
        <h1>{t!(i18n, master.districts)}</h1>
        <FormOutcome error=update_error explain_fields=true />
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                let rows = rows.await.unwrap_or_default();
                view! {
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{t!(i18n, offices.code)}</th>
                            <th scope="col" id="district-col-name">{t!(i18n, offices.name)}</th>
                            <th scope="col" id="district-col-order">{t!(i18n, offices.sort_order)}</th>
                            <th scope="col" id="district-col-state">{t!(i18n, offices.state)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, offices.save)}</span></th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| {
                                let form = format!("district-{}", row.id);
                                let save_id = format!("save-{form}");
                                let save_labelled_by = format!("{save_id} district-code-{}", row.id);
                                let code_id = format!("district-code-{}", row.id);
                                let by = move |column: &str| format!("{column} {code_id}");
                                view! {
                                    <tr>
                                        <td><code id=format!("district-code-{}", row.id)>{row.code.clone()}</code></td>
                                        <td><input form=form.clone() name="name" type="text" required value=row.name.clone() aria-labelledby=by("district-col-name") /></td>
                                        <td><input form=form.clone() name="sort_order" type="number" class="input--short" value=row.sort_order aria-labelledby=by("district-col-order") /></td>
                                        <td><ActiveSelect form=form.clone() active=row.active labelled_by=by("district-col-state") /></td>
                                        <td>
                                            <ActionForm action=update attr:id=form.clone()>
                                                <input type="hidden" name="id" value=row.id.to_string() />
                                                <input type="hidden" name="version" value=row.version />
                                                <button class="button" type="submit" id=save_id aria-labelledby=save_labelled_by>{t!(i18n, offices.save)}</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="create-district-heading">
            <h2 id="create-district-heading">{t!(i18n, master.add_district)}</h2>
            <ActionForm action=create attr:class="form">
                <div class="field">
                    <label for="district-code">{t!(i18n, offices.code)}</label>
                    <input id="district-code" name="code" type="text" required autocapitalize="none"
                        aria-invalid=invalid(create_error, "code") aria-describedby=error_id("district-code") />
                    <FieldProblem error=create_error field="code" input_id="district-code" />
                </div>
                <div class="field">
                    <label for="district-name">{t!(i18n, offices.name)}</label>
                    <input id="district-name" name="name" type="text" required
                        aria-invalid=invalid(create_error, "name") aria-describedby=error_id("district-name") />
                    <FieldProblem error=create_error field="name" input_id="district-name" />
                </div>
                <div class="field">
                    <label for="district-order">{t!(i18n, offices.sort_order)}</label>
                    <input id="district-order" name="sort_order" type="number" class="input--short" value="100" required />
                </div>
                <FormOutcome error=create_error />
                <button class="button button--primary" type="submit">{t!(i18n, master.add)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

#[component]
pub fn CourtsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveCourt>::new();
    let save_rule = ServerAction::<SaveCourtRule>::new();
    // Reloaded after a saved rule only: a refused one keeps the row as it was typed.
    let rules_saved = successes(save_rule);
    let rows = Resource::new(move || (save.version().get(), rules_saved.get()), |_| list_courts());
    let error = action_error(save);
    let rule_error = action_error(save_rule);
    view! {
        <Title text=page_title(move || t_string!(i18n, master.courts).to_string()) />
        <p class="breadcrumb"><a href="/admin">{t!(i18n, admin.heading)}</a></p>
        <h1>{t!(i18n, master.courts)}</h1>
        <FormOutcome error explain_fields=true />
        <FormOutcome error=rule_error explain_fields=true />
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                let rows = rows.await.unwrap_or_default();
                let mains: Vec<(uuid::Uuid, String)> = rows.iter().filter(|r| r.parent_id.is_none()).map(|r| (r.id, r.name.clone())).collect();
                let mains_for_new = mains.clone();
                let rule_rows = rows.clone();
                view! {
                    <table class="table">
                        <thead><tr>
                            <th scope="col" id="court-col-name">{t!(i18n, offices.name)}</th>
                            <th scope="col" id="court-col-parent">{t!(i18n, master.main_court)}</th>
                            <th scope="col" id="court-col-order">{t!(i18n, offices.sort_order)}</th>
                            <th scope="col" id="court-col-state">{t!(i18n, offices.state)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, offices.save)}</span></th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| {
                                let form = format!("court-{}", row.id);
                                let save_id = format!("save-{form}");
                                let mains = mains.clone();
                                view! {
                                    <tr>
                                        <td><input form=form.clone() name="name" type="text" required value=row.name.clone() aria-labelledby="court-col-name" /></td>
                                        <td>
                                            <select form=form.clone() name="parent_id" aria-labelledby="court-col-parent">
                                                <option value="" selected=row.parent_id.is_none()>{t!(i18n, master.is_main_court)}</option>
                                                {mains.into_iter().filter(|(id, _)| *id != row.id).map(|(id, name)| view! {
                                                    <option value=id.to_string() selected=row.parent_id == Some(id)>{name}</option>
                                                }).collect_view()}
                                            </select>
                                        </td>
                                        <td><input form=form.clone() name="sort_order" type="number" class="input--short" value=row.sort_order aria-labelledby="court-col-order" /></td>
                                        <td><ActiveSelect form=form.clone() active=row.active labelled_by="court-col-state".to_owned() /></td>
                                        <td>
                                            <ActionForm action=save attr:id=form.clone()>
                                                <input type="hidden" name="id" value=row.id.to_string() />
                                                <input type="hidden" name="version" value=row.version />
                                                <button class="button" type="submit" id=save_id aria-label=format!("{} {}", t_string!(i18n, offices.save), row.name)>{t!(i18n, offices.save)}</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <section class="panel" aria-labelledby="create-court-heading">
                        <h2 id="create-court-heading">{t!(i18n, master.add_court)}</h2>
                        <ActionForm action=save attr:class="form">
                            <div class="field">
                                <label for="court-name">{t!(i18n, offices.name)}</label>
                                <input id="court-name" name="name" type="text" required
                                    aria-invalid=invalid(error, "name") aria-describedby=error_id("court-name") />
                                <FieldProblem error field="name" input_id="court-name" />
                            </div>
                            <div class="field">
                                <label for="court-parent">{t!(i18n, master.main_court)}</label>
                                <select id="court-parent" name="parent_id">
                                    <option value="">{t!(i18n, master.is_main_court)}</option>
                                    {mains_for_new.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="court-order">{t!(i18n, offices.sort_order)}</label>
                                <input id="court-order" name="sort_order" type="number" class="input--short" value="100" required />
                            </div>
                            <button class="button button--primary" type="submit">{t!(i18n, master.add)}</button>
                        </ActionForm>
                    </section>
                    <CourtRules rows=rule_rows save=save_rule />
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveOrganisation>::new();
    let rows = Resource::new(move || save.version().get(), |_| list_organisations());
    let error = action_error(save);
    view! {
        <Title text=page_title(move || t_string!(i18n, master.organisations).to_string()) />
        <p class="breadcrumb"><a href="/admin">{t!(i18n, admin.heading)}</a></p>
        <h1>{t!(i18n, master.organisations)}</h1>
        <FormOutcome error explain_fields=true />
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                let rows = rows.await.unwrap_or_default();
                view! {
                    <div class="table-scroll">
                    <table class="table">
                        <thead><tr>
                            <th scope="col" id="org-col-kind">{t!(i18n, master.kind)}</th>
                            <th scope="col" id="org-col-name">{t!(i18n, offices.name)}</th>
                            <th scope="col" id="org-col-phone">{t!(i18n, person.phone)}</th>
                            <th scope="col" id="org-col-state">{t!(i18n, offices.state)}</th>
                            <th scope="col"><span class="visually-hidden">{t!(i18n, offices.save)}</span></th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|row| {
                                let form = format!("org-{}", row.id);
                                view! {
                                    <tr>
                                        <td>
                                            <select form=form.clone() name="kind" aria-labelledby="org-col-kind">
                                                <CategoryOptions<OrganisationKind> selected=row.kind />
                                            </select>
                                        </td>
                                        <td><input form=form.clone() name="name" type="text" required value=row.name.clone() aria-labelledby="org-col-name" /></td>
                                        <td><input form=form.clone() name="phone" type="tel" value=row.phone.clone() aria-labelledby="org-col-phone" /></td>
                                        <td><ActiveSelect form=form.clone() active=row.active labelled_by="org-col-state".to_owned() /></td>
                                        <td>
                                            <ActionForm action=save attr:id=form.clone()>
                                                <input type="hidden" name="id" value=row.id.to_string() />
                                                <input type="hidden" name="version" value=row.version />
                                                <input type="hidden" name="address" value=row.address.clone() />
                                                <input type="hidden" name="notes" value=row.notes.clone() />
                                                <button class="button" type="submit" aria-label=format!("{} {}", t_string!(i18n, offices.save), row.name)>{t!(i18n, offices.save)}</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }
            })}
        </Transition>
        <section class="panel" aria-labelledby="create-org-heading">
            <h2 id="create-org-heading">{t!(i18n, master.add_organisation)}</h2>
            <ActionForm action=save attr:class="form">
                <div class="field">
                    <label for="org-kind">{t!(i18n, master.kind)}</label>
                    <select id="org-kind" name="kind"><CategoryOptions<OrganisationKind> selected=None /></select>
                </div>
                <div class="field">
                    <label for="org-name">{t!(i18n, offices.name)}</label>
                    <input id="org-name" name="name" type="text" required
                        aria-invalid=invalid(error, "name") aria-describedby=error_id("org-name") />
                    <FieldProblem error field="name" input_id="org-name" />
                </div>
                <div class="field">
                    <label for="org-phone">{t!(i18n, person.phone)}</label>
                    <input id="org-phone" name="phone" type="tel" />
                </div>
                <div class="field">
                    <label for="org-address">{t!(i18n, master.address)}</label>
                    <input id="org-address" name="address" type="text" />
                </div>
                <button class="button button--primary" type="submit">{t!(i18n, master.add)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// Each court's rule for periodic reports (定期報告): the reference date, the month for a fixed
/// month, the interval and the offset in months; no reference is the centre's default.
#[component]
fn CourtRules(rows: Vec<CourtRow>, save: ServerAction<SaveCourtRule>) -> impl IntoView {
    let i18n = use_i18n();
    let number = |value: Option<u32>| value.map(|v| v.to_string()).unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="court-rules-heading">
            <h2 id="court-rules-heading">{t!(i18n, master.report_rules)}</h2>
            <p class="hint">{t!(i18n, master.report_rules_hint)}</p>
            <div class="table-scroll">
                <table class="table" id="court-rules">
                    <thead><tr>
                        <th scope="col">{t!(i18n, offices.name)}</th>
                        <th scope="col" id="rule-col-reference">{t!(i18n, master.report_reference)}</th>
                        <th scope="col" id="rule-col-month">{t!(i18n, master.report_fixed_month)}</th>
                        <th scope="col" id="rule-col-interval">{t!(i18n, master.report_interval)}</th>
                        <th scope="col" id="rule-col-offset">{t!(i18n, master.report_offset)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, offices.save)}</span></th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|row| {
                            let form = format!("rule-{}", row.id);
                            let label = format!("{} {}", t_string!(i18n, master.save_rule), row.name);
                            view! {
                                <tr>
                                    <th scope="row">{row.name.clone()}</th>
                                    <td>
                                        <select form=form.clone() name="report_reference" aria-labelledby="rule-col-reference">
                                            <CategoryOptions<ReportReference> selected=row.report_reference blank=t_string!(i18n, master.centre_default).to_string() />
                                        </select>
                                    </td>
                                    <td><input form=form.clone() name="report_fixed_month" type="number" min="1" max="12" class="input--short" value=number(row.report_fixed_month) aria-labelledby="rule-col-month" /></td>
                                    <td><input form=form.clone() name="report_interval_months" type="number" min="1" max="24" class="input--short" value=number(row.report_interval_months) aria-labelledby="rule-col-interval" /></td>
                                    <td><input form=form.clone() name="report_offset_months" type="number" min="0" max="23" class="input--short" value=number(row.report_offset_months) aria-labelledby="rule-col-offset" /></td>
                                    <td>
                                        <ActionForm action=save attr:id=form.clone()>
                                            <input type="hidden" name="id" value=row.id.to_string() />
                                            <input type="hidden" name="version" value=row.version />
                                            <button class="button" type="submit" aria-label=label>{t!(i18n, offices.save)}</button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
