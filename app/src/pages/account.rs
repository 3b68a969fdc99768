//! The user's own account: what must be done first, the password, two-step verification and
//! the devices signed in.

use crate::api::account::{
    AccountOverview, ChangePassword, EndOtherSessions, SessionRow, get_account_overview,
};
use crate::api::two_factor::{
    ConfirmTwoFactor, DisableTwoFactor, EnrolmentView, RenewRecoveryCodes, StartTwoFactor,
};
use crate::components::form::{FieldProblem, FormOutcome, action_error, error_id, invalid};
use crate::components::role_label;
use crate::components::title::page_title;
use crate::domain::accounts::RequiredStep;
use crate::domain::dates::japan_time_label;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::calendar_feed::CalendarFeedSection;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let end_others = ServerAction::<EndOtherSessions>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let overview = Resource::new(
        move || (end_others.version().get(), confirm.version().get(), disable.version().get()),
        |_| get_account_overview(),
    );
    view! {
        <Title text=page_title(move || t_string!(i18n, account_page.title).to_string()) />
        <h1>{t!(i18n, account_page.heading)}</h1>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, account_page.loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! {
                        <Overview overview end_others confirm disable />
                    }.into_any(),
                    Err(_) => view! {
                        <p class="message message--error" role="alert">{t!(i18n, account_page.load_error)}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(
    overview: AccountOverview,
    end_others: ServerAction<EndOtherSessions>,
    confirm: ServerAction<ConfirmTwoFactor>,
    disable: ServerAction<DisableTwoFactor>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = overview.role;
    let step = overview.required_step.map(|step| {
        let text = move || match step {
            RequiredStep::ChangePassword => t_string!(i18n, account_page.step_change_password),
            RequiredStep::EnrollTwoFactor => t_string!(i18n, account_page.step_enroll_two_factor),
        };
        view! { <p class="message message--warning" role="alert">{text}</p> }
    });
    let changed_at = japan_time_label(overview.password_changed_at);
    view! {
        {step}
        <dl class="facts">
            <div><dt>{t!(i18n, account_page.login_id)}</dt><dd>{overview.login_id.clone()}</dd></div>
            <div><dt>{t!(i18n, account_page.role)}</dt><dd>{move || role_label(role, i18n.get_locale())}</dd></div>
            <div><dt>{t!(i18n, account_page.password_changed_at)}</dt><dd>{changed_at}</dd></div>
        </dl>
        <ChangePasswordForm />
        <TwoFactorSection
            enabled=overview.two_factor_enabled
            codes_left=overview.recovery_codes_left
            confirm
            disable
        />
        <CalendarFeedSection />
        <SessionsSection sessions=overview.sessions end_others />
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let error = action_error(change);
    // Signed out everywhere: a full page load, so nothing of the old session stays on screen.
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            let _ = window().location().set_href(crate::api::account::PASSWORD_CHANGED_PAGE);
        }
    });
    view! {
        <section class="panel" aria-labelledby="password-heading">
            <h2 id="password-heading">{t!(i18n, account_page.password_heading)}</h2>
            <p class="hint">{t!(i18n, account_page.password_hint)}</p>
            <ActionForm action=change attr:class="form">
                <PasswordField id="current-password" name="current_password" autocomplete="current-password" error>
                    {t!(i18n, account_page.current_password)}
                </PasswordField>
                <PasswordField id="new-password" name="new_password" autocomplete="new-password" error>
                    {t!(i18n, account_page.new_password)}
                </PasswordField>
                <PasswordField id="confirmation" name="confirmation" autocomplete="new-password" error>
                    {t!(i18n, account_page.confirmation)}
                </PasswordField>
                <FormOutcome error />
                <button class="button button--primary" type="submit" disabled=move || change.pending().get()>
                    {t!(i18n, account_page.change_password)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordField(
    id: &'static str,
    name: &'static str,
    autocomplete: &'static str,
    error: Signal<Option<crate::api::AppError>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{children()}</label>
            <input
                id=id
                name=name
                type="password"
                autocomplete=autocomplete
                required
                aria-invalid=invalid(error, name)
                aria-describedby=error_id(id)
            />
            <FieldProblem error field=name input_id=id />
        </div>
    }
}

#[component]
fn TwoFactorSection(
    enabled: bool,
    codes_left: u64,
    confirm: ServerAction<ConfirmTwoFactor>,
    disable: ServerAction<DisableTwoFactor>,
) -> impl IntoView {
    let i18n = use_i18n();
    let start = ServerAction::<StartTwoFactor>::new();
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    // Codes from the last confirmation or renewal: shown once, gone on the next page load.
    let new_codes = Signal::derive(move || {
        confirm
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| renew.value().get().and_then(Result::ok))
    });
    let body = if enabled {
        view! {
            <p>{t!(i18n, account_page.two_factor_on)}</p>
            <p>{t!(i18n, account_page.recovery_codes_left, count = move || codes_left)}</p>
            <ActionForm action=renew attr:class="form form--inline">
                <PasswordAgain id="renew-password" error=action_error(renew) />
                <button class="button" type="submit">{t!(i18n, account_page.renew_recovery_codes)}</button>
            </ActionForm>
            <ActionForm action=disable attr:class="form form--inline">
                <PasswordAgain id="disable-password" error=action_error(disable) />
                <button class="button" type="submit">{t!(i18n, account_page.disable_two_factor)}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <p>{t!(i18n, account_page.two_factor_off)}</p>
            <ActionForm action=start>
                <button class="button" type="submit">{t!(i18n, account_page.start_two_factor)}</button>
            </ActionForm>
            {move || start.value().get().and_then(Result::ok).map(|enrolment| view! {
                <Enrolment enrolment confirm />
            })}
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">{t!(i18n, account_page.two_factor_heading)}</h2>
            {body}
            {move || new_codes.get().map(|codes| view! { <RecoveryCodes codes /> })}
        </section>
    }
}

#[component]
fn Enrolment(enrolment: EnrolmentView, confirm: ServerAction<ConfirmTwoFactor>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(confirm);
    let view_box = format!("0 0 {side} {side}", side = enrolment.qr_side);
    view! {
        <div class="enrolment">
            <p>{t!(i18n, account_page.scan_qr)}</p>
            <svg
                class="qr"
                viewBox=view_box
                role="img"
                aria-label=move || t_string!(i18n, account_page.qr_label).to_string()
                shape-rendering="crispEdges"
            >
                <rect width="100%" height="100%" fill="#ffffff" />
                <path d=enrolment.qr_path fill="#000000" />
            </svg>
            <p>
                {t!(i18n, account_page.setup_key)}": "
                <code class="secret">{enrolment.secret}</code>
            </p>
            <ActionForm action=confirm attr:class="form">
                <div class="field">
                    <label for="enrol-code">{t!(i18n, account_page.confirm_code)}</label>
                    <input
                        id="enrol-code"
                        name="code"
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        pattern="[0-9 ]*"
                        required
                        aria-invalid=invalid(error, "code")
                        aria-describedby=error_id("enrol-code")
                    />
                    <FieldProblem error field="code" input_id="enrol-code" />
                </div>
                <FormOutcome error />
                <button class="button button--primary" type="submit">
                    {t!(i18n, account_page.confirm_two_factor)}
                </button>
            </ActionForm>
        </div>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="recovery-codes" role="status">
            <h3>{t!(i18n, account_page.recovery_codes_heading)}</h3>
            <p>{t!(i18n, account_page.recovery_codes_intro)}</p>
            <ul class="code-list">
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ul>
        </div>
    }
}

/// The password typed again, for turning protection off or making new codes.
#[component]
fn PasswordAgain(id: &'static str, error: Signal<Option<crate::api::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{t!(i18n, account_page.password_to_confirm)}</label>
            <input
                id=id
                name="password"
                type="password"
                autocomplete="current-password"
                required
                aria-invalid=invalid(error, "password")
                aria-describedby=error_id(id)
            />
            <FieldProblem error field="password" input_id=id />
        </div>
    }
}

#[component]
fn SessionsSection(
    sessions: Vec<SessionRow>,
    end_others: ServerAction<EndOtherSessions>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_others = sessions.iter().any(|session| !session.current);
    view! {
        <section class="panel" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t!(i18n, account_page.sessions_heading)}</h2>
            <SessionTable sessions />
            {has_others.then(|| view! {
                <ActionForm action=end_others>
                    <button class="button" type="submit">{t!(i18n, account_page.end_other_sessions)}</button>
                </ActionForm>
            })}
            {move || end_others.value().get().and_then(Result::ok).map(|_| view! {
                <p class="message message--success" role="status">{t!(i18n, account_page.other_sessions_ended)}</p>
            })}
        </section>
    }
}

/// Signed-in devices as a table; also on the administrator's page of an account.
#[component]
pub fn SessionTable(sessions: Vec<SessionRow>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, account_page.session_started)}</th>
                        <th scope="col">{t!(i18n, account_page.session_last_seen)}</th>
                        <th scope="col">{t!(i18n, account_page.session_address)}</th>
                        <th scope="col">{t!(i18n, account_page.session_browser)}</th>
                    </tr>
                </thead>
                <tbody>
                    {sessions.into_iter().map(|session| {
                        let current = session.current;
                        view! {
                            <tr>
                                <td>
                                    {japan_time_label(session.started_at)}
                                    {current.then(|| view! { " " <strong class="tag">{t!(i18n, account_page.this_session)}</strong> })}
                                </td>
                                <td>{japan_time_label(session.last_seen_at)}</td>
                                <td>{session.client_ip.unwrap_or_default()}</td>
                                <td class="cell--wrap">{session.user_agent.unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
