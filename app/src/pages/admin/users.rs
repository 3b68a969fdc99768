//! Every account, and the form to create one.

use crate::api::admin::{CreateUser, OfficeChoice, UserRow, list_users};
use crate::components::form::{FieldProblem, FormOutcome, action_error, error_id, invalid};
use crate::components::role_label;
use crate::components::title::page_title;
use crate::domain::access::Role;
use crate::i18n::{t, t_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateUser>::new();
    let users = Resource::new(move || create.version().get(), |_| list_users());
    view! {
        <Title text=page_title(move || t_string!(i18n, users.title).to_string()) />
        <p class="breadcrumb"><a href="/admin">{t!(i18n, admin.heading)}</a></p>
        <h1>{t!(i18n, users.heading)}</h1>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(list) => view! {
                        <UserTable users=list.users />
                        <CreateUserForm offices=list.offices create />
                    }.into_any(),
                    Err(_) => view! {
                        <p class="message message--error" role="alert">{t!(i18n, users.load_error)}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UserTable(users: Vec<UserRow>) -> impl IntoView {
    let i18n = use_i18n();
    let count = users.len();
    view! {
        <p>{t!(i18n, users.count, count = move || count)}</p>
        <div class="table-scroll">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, users.login_id)}</th>
                        <th scope="col">{t!(i18n, users.display_name)}</th>
                        <th scope="col">{t!(i18n, users.role)}</th>
                        <th scope="col">{t!(i18n, users.office)}</th>
                        <th scope="col">{t!(i18n, users.status)}</th>
                        <th scope="col">{t!(i18n, users.two_factor)}</th>
                        <th scope="col" class="cell--number">{t!(i18n, users.sessions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {users.into_iter().map(|user| {
                        let role = user.role;
                        view! {
                            <tr>
                                <td><a href=format!("/admin/users/{}", user.id)>{user.login_id}</a></td>
                                <td>{user.display_name}</td>
                                <td>{move || role_label(role, i18n.get_locale())}</td>
                                <td>{user.office_name.unwrap_or_default()}</td>
                                <td>
                                    {if user.active {
                                        t!(i18n, users.active).into_any()
                                    } else {
                                        view! { <strong class="tag tag--off">{t!(i18n, users.disabled)}</strong> }.into_any()
                                    }}
                                    {user.locked.then(|| view! { " " <strong class="tag tag--warn">{t!(i18n, users.locked)}</strong> })}
                                    {user.must_change_password.then(|| view! { " " <span class="tag">{t!(i18n, users.must_change)}</span> })}
                                </td>
                                <td>{if user.two_factor_enabled { "✓" } else { "—" }}</td>
                                <td class="cell--number">{user.active_sessions}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn CreateUserForm(offices: Vec<OfficeChoice>, create: ServerAction<CreateUser>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(create);
    view! {
        <section class="panel" aria-labelledby="create-heading">
            <h2 id="create-heading">{t!(i18n, users.create_heading)}</h2>
            <p class="hint">{t!(i18n, users.create_hint)}</p>
            <ActionForm action=create attr:class="form">
                <div class="field">
                    <label for="new-login-id">{t!(i18n, users.login_id)}</label>
                    <input id="new-login-id" name="login_id" type="text" required autocomplete="off"
                        autocapitalize="none" spellcheck="false"
                        aria-invalid=invalid(error, "login_id") aria-describedby=error_id("new-login-id") />
                    <FieldProblem error field="login_id" input_id="new-login-id" />
                </div>
                <div class="field">
                    <label for="new-display-name">{t!(i18n, users.display_name)}</label>
                    <input id="new-display-name" name="display_name" type="text" required autocomplete="off"
                        aria-invalid=invalid(error, "display_name") aria-describedby=error_id("new-display-name") />
                    <FieldProblem error field="display_name" input_id="new-display-name" />
                </div>
                <RoleAndOffice offices selected_role=None selected_office=None error role_disabled=false />
                <FormOutcome error />
                <button class="button button--primary" type="submit" disabled=move || create.pending().get()>
                    {t!(i18n, users.create)}
                </button>
            </ActionForm>
            {move || create.value().get().and_then(Result::ok).map(|account| {
                let login_id = account.login_id.clone();
                view! {
                    <div class="message message--success" role="status">
                        <p>{t!(i18n, users.created, login_id = move || login_id.clone())}</p>
                        <p><code class="secret">{account.one_time_password}</code></p>
                        <p>{t!(i18n, users.one_time_password_note)}</p>
                    </div>
                }
            })}
        </section>
    }
}

/// The role and office selects, on the create form and on an account's page.
#[component]
pub fn RoleAndOffice(
    offices: Vec<OfficeChoice>,
    selected_role: Option<Role>,
    selected_office: Option<String>,
    error: Signal<Option<crate::api::AppError>>,
    role_disabled: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for="role">{t!(i18n, users.role)}</label>
            <select id="role" name="role" required disabled=role_disabled
                aria-invalid=invalid(error, "role") aria-describedby=error_id("role")>
                <option value="" selected=selected_role.is_none()>{t!(i18n, users.choose_role)}</option>
                {Role::ALL.into_iter().map(|role| view! {
                    <option value=role.as_str() selected=selected_role == Some(role)>
                        {move || role_label(role, i18n.get_locale())}
                    </option>
                }).collect_view()}
            </select>
            // A disabled select is not submitted: the current role goes along unchanged.
            {role_disabled.then(|| view! {
                <input type="hidden" name="role" value=selected_role.map(Role::as_str).unwrap_or_default() />
            })}
            <FieldProblem error field="role" input_id="role" />
        </div>
        <div class="field">
            <label for="office">{t!(i18n, users.office)}</label>
            <select id="office" name="office_code"
                aria-invalid=invalid(error, "office_code") aria-describedby=error_id("office")>
                <option value="" selected=selected_office.is_none()>{t!(i18n, users.no_office)}</option>
                {offices.into_iter().map(|office| {
                    let selected = selected_office.as_deref() == Some(office.code.as_str());
                    view! { <option value=office.code selected=selected>{office.name}</option> }
                }).collect_view()}
            </select>
            <FieldProblem error field="office_code" input_id="office" />
        </div>
    }
}
