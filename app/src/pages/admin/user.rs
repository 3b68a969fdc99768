//! One account: its details, disabling, a password reset and its signed-in devices.

use crate::api::admin::{
    EndUserSessions, ResetUserPassword, SetUserActive, UpdateUser, UserDetail, get_user,
};
use crate::components::form::{FieldProblem, FormOutcome, action_error, error_id, invalid};
use crate::components::title::page_title;
use crate::domain::dates::japan_time_label;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::account::SessionTable;
use crate::pages::admin::users::RoleAndOffice;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

#[component]
pub fn UserPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id =
        move || params.with(|params| params.get("id")).and_then(|id| Uuid::parse_str(&id).ok());
    let update = ServerAction::<UpdateUser>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let reset = ServerAction::<ResetUserPassword>::new();
    let end_sessions = ServerAction::<EndUserSessions>::new();
    let user = Resource::new(
        move || {
            (
                id(),
                update.version().get(),
                set_active.version().get(),
                reset.version().get(),
                end_sessions.version().get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => get_user(id).await,
                None => Err(crate::api::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=page_title(move || t_string!(i18n, user.title).to_string()) />
        <p class="breadcrumb"><a href="/admin/users">{t!(i18n, user.back)}</a></p>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(user) => view! { <UserDetails user update set_active reset end_sessions /> }.into_any(),
                    Err(error) => view! {
                        <h1>{t!(i18n, user.title)}</h1>
                        <p class="message message--error" role="alert">
                            {move || crate::components::form::error_message(&error, i18n.get_locale())}
                        </p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UserDetails(
    user: UserDetail,
    update: ServerAction<UpdateUser>,
    set_active: ServerAction<SetUserActive>,
    reset: ServerAction<ResetUserPassword>,
    end_sessions: ServerAction<EndUserSessions>,
) -> impl IntoView {
    let i18n = use_i18n();
    let update_error = action_error(update);
    let saved = Signal::derive(move || {
        update.value().get().and_then(Result::ok).map(|_| t_string!(i18n, user.saved).to_string())
    });
    let active_error = action_error(set_active);
    let reset_error = action_error(reset);
    let end_error = action_error(end_sessions);
    let id = user.id;
    let version = user.version;
    let has_sessions = !user.sessions.is_empty();
    view! {
        <h1>{user.display_name.clone()}" (" {user.login_id.clone()} ")"</h1>
        <dl class="facts">
            <div><dt>{t!(i18n, user.created_at)}</dt><dd>{japan_time_label(user.created_at)}</dd></div>
            <div>
                <dt>{t!(i18n, users.status)}</dt>
                <dd>
                    {if user.active { t!(i18n, users.active).into_any() } else { t!(i18n, users.disabled).into_any() }}
                    {user.must_change_password.then(|| view! { " / " {t!(i18n, users.must_change)} })}
                </dd>
            </div>
            {user.locked_until.map(|until| view! {
                <div><dt>{t!(i18n, user.locked_until)}</dt><dd>{japan_time_label(until)}</dd></div>
            })}
            <div><dt>{t!(i18n, users.two_factor)}</dt><dd>{if user.two_factor_enabled { "✓" } else { "—" }}</dd></div>
        </dl>

        <section class="panel" aria-labelledby="edit-heading">
            <h2 id="edit-heading">{t!(i18n, user.edit_heading)}</h2>
            {user.is_self.then(|| view! { <p class="hint">{t!(i18n, user.own_account_note)}</p> })}
            <ActionForm action=update attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="version" value=version />
                <div class="field">
                    <label for="display-name">{t!(i18n, users.display_name)}</label>
                    <input id="display-name" name="display_name" type="text" required
                        value=user.display_name.clone()
                        aria-invalid=invalid(update_error, "display_name") aria-describedby=error_id("display-name") />
                    <FieldProblem error=update_error field="display_name" input_id="display-name" />
                </div>
                <RoleAndOffice
                    offices=user.offices
                    selected_role=Some(user.role)
                    selected_office=user.office_code
                    error=update_error
                    role_disabled=user.is_self
                />
                <div class="field">
                    <label for="guardian-number">{t!(i18n, user.guardian_number)}</label>
                    <input id="guardian-number" name="guardian_number" type="text" class="input--short"
                        value=user.guardian_number.clone().unwrap_or_default()
                        aria-invalid=invalid(update_error, "guardian_number")
                        aria-describedby=format!("{} guardian-number-hint", error_id("guardian-number")) />
                    <p class="hint" id="guardian-number-hint">{t!(i18n, user.guardian_number_hint)}</p>
                    <FieldProblem error=update_error field="guardian_number" input_id="guardian-number" />
                </div>
                <FormOutcome error=update_error success=saved />
                <button class="button button--primary" type="submit">{t!(i18n, user.save)}</button>
            </ActionForm>
        </section>

        {(!user.is_self).then(|| view! {
            <section class="panel" aria-labelledby="state-heading">
                <h2 id="state-heading">{t!(i18n, user.state_heading)}</h2>
                <p class="hint">{t!(i18n, user.disable_hint)}</p>
                <ActionForm action=set_active>
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="version" value=version />
                    <input type="hidden" name="active" value=(!user.active).to_string() />
                    <button class="button" type="submit">
                        {if user.active { t!(i18n, user.disable).into_any() } else { t!(i18n, user.enable).into_any() }}
                    </button>
                </ActionForm>
                <FormOutcome error=active_error />
            </section>
        })}

        <section class="panel" aria-labelledby="reset-heading">
            <h2 id="reset-heading">{t!(i18n, user.reset_heading)}</h2>
            <p class="hint">{t!(i18n, user.reset_hint)}</p>
            <ActionForm action=reset>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="version" value=version />
                <button class="button" type="submit">{t!(i18n, user.reset)}</button>
            </ActionForm>
            <FormOutcome error=reset_error />
            {move || reset.value().get().and_then(Result::ok).map(|password| view! {
                <div class="message message--success" role="status">
                    <p>{t!(i18n, user.reset_done)}</p>
                    <p><code class="secret">{password}</code></p>
                    <p>{t!(i18n, users.one_time_password_note)}</p>
                </div>
            })}
        </section>

        <section class="panel" aria-labelledby="user-sessions-heading">
            <h2 id="user-sessions-heading">{t!(i18n, user.sessions_heading)}</h2>
            {if has_sessions {
                view! {
                    <SessionTable sessions=user.sessions />
                    <ActionForm action=end_sessions>
                        <input type="hidden" name="id" value=id.to_string() />
                        <button class="button" type="submit">{t!(i18n, user.end_sessions)}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p>{t!(i18n, user.no_sessions)}</p> }.into_any()
            }}
            <FormOutcome error=end_error />
            {move || end_sessions.value().get().and_then(Result::ok).map(|count| view! {
                <p class="message message--success" role="status">
                    {t!(i18n, user.sessions_ended, count = move || count)}
                </p>
            })}
        </section>
    }
}
