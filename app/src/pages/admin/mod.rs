//! Administration: accounts, offices, the audit trail and the sign-in settings.

pub mod audit;
pub mod master_data;
pub mod offices;
pub mod user;
pub mod users;

use crate::api::admin::{SetTwoFactorRequired, get_security_settings};
use crate::components::form::{FieldProblem, FormOutcome, action_error, error_id, invalid};
use crate::components::title::page_title;
use crate::i18n::{t, t_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let actor = crate::api::session::use_current_user().map(|user| user.actor);
    let allowed =
        crate::domain::access::can_read(actor.as_ref(), crate::domain::access::Area::Users);
    if !allowed {
        return view! {
            <Title text=page_title(move || t_string!(i18n, admin.title).to_string()) />
            <h1>{t!(i18n, admin.heading)}</h1>
            <p class="message message--error" role="alert">{t!(i18n, errors.forbidden)}</p>
        }
        .into_any();
    }
    view! {
        <Title text=page_title(move || t_string!(i18n, admin.title).to_string()) />
        <h1>{t!(i18n, admin.heading)}</h1>
        <ul class="card-grid">
            <li class="card">
                <a href="/admin/users">{t!(i18n, admin.users)}</a>
                <p>{t!(i18n, admin.users_description)}</p>
            </li>
            <li class="card">
                <a href="/admin/offices">{t!(i18n, admin.offices)}</a>
                <p>{t!(i18n, admin.offices_description)}</p>
            </li>
            <li class="card">
                <a href="/admin/districts">{t!(i18n, master.districts)}</a>
                <p>{t!(i18n, master.districts_description)}</p>
            </li>
            <li class="card">
                <a href="/admin/courts">{t!(i18n, master.courts)}</a>
                <p>{t!(i18n, master.courts_description)}</p>
            </li>
            <li class="card">
                <a href="/admin/organisations">{t!(i18n, master.organisations)}</a>
                <p>{t!(i18n, master.organisations_description)}</p>
            </li>
            <li class="card">
                <a href="/admin/audit">{t!(i18n, admin.audit)}</a>
                <p>{t!(i18n, admin.audit_description)}</p>
            </li>
        </ul>
        <SecuritySettingsPanel />
        <CaseVisibilityPanel />
        <InboxThresholdsPanel />
    }
    .into_any()
}

#[component]
fn SecuritySettingsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetTwoFactorRequired>::new();
    let settings = Resource::new(move || save.version().get(), |_| get_security_settings());
    let error = action_error(save);
    let saved = Signal::derive(move || {
        save.value()
            .get()
            .and_then(Result::ok)
            .map(|_| t_string!(i18n, admin.settings_saved).to_string())
    });
    view! {
        <section class="panel" aria-labelledby="security-heading">
            <h2 id="security-heading">{t!(i18n, admin.security_heading)}</h2>
            <p>{t!(i18n, admin.require_two_factor)}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    settings.await.ok().map(|settings| {
                        let required = settings.two_factor_required_for_staff;
                        view! {
                            <p>
                                {if required {
                                    t!(i18n, admin.require_two_factor_on).into_any()
                                } else {
                                    t!(i18n, admin.require_two_factor_off).into_any()
                                }}
                            </p>
                            <ActionForm action=save>
                                <input type="hidden" name="enabled" value=(!required).to_string() />
                                <input type="hidden" name="version" value=settings.version />
                                <button class="button" type="submit">
                                    {if required {
                                        t!(i18n, admin.turn_off).into_any()
                                    } else {
                                        t!(i18n, admin.turn_on).into_any()
                                    }}
                                </button>
                            </ActionForm>
                        }
                    })
                })}
            </Transition>
            <p class="field__problem">
                {move || error.get().and_then(|error| error.code_for("enabled").map(|code| {
                    crate::components::form::problem_message(code, i18n.get_locale())
                }))}
            </p>
            <FormOutcome error success=saved />
        </section>
    }
}

/// Whether coordinators read the case files of every office, or only their own.
#[component]
fn CaseVisibilityPanel() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<crate::api::admin::SetCaseVisibility>::new();
    let setting =
        Resource::new(move || save.version().get(), |_| crate::api::admin::get_case_visibility());
    let error = action_error(save);
    view! {
        <section class="panel" aria-labelledby="visibility-heading">
            <h2 id="visibility-heading">{t!(i18n, admin.visibility_heading)}</h2>
            <p>{t!(i18n, admin.visibility_intro)}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    setting.await.ok().map(|setting| {
                        let all = setting.coordinators_read_all_offices;
                        view! {
                            <p id="visibility-state">
                                {if all { t!(i18n, admin.visibility_all).into_any() } else { t!(i18n, admin.visibility_own).into_any() }}
                            </p>
                            <ActionForm action=save>
                                <input type="hidden" name="enabled" value=(!all).to_string() />
                                <input type="hidden" name="version" value=setting.version />
                                <button class="button" type="submit">
                                    {if all { t!(i18n, admin.visibility_to_own).into_any() } else { t!(i18n, admin.visibility_to_all).into_any() }}
                                </button>
                            </ActionForm>
                        }
                    })
                })}
            </Transition>
            <FormOutcome error />
        </section>
    }
    .into_any()
}

/// When the inbox asks after a quiet case or a voluntary contract due for a check-in.
#[component]
fn InboxThresholdsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<crate::api::admin::SetInboxThresholds>::new();
    let setting =
        Resource::new(move || save.version().get(), |_| crate::api::admin::get_inbox_thresholds());
    let error = action_error(save);
    let saved = Signal::derive(move || {
        save.value()
            .get()
            .and_then(Result::ok)
            .map(|_| t_string!(i18n, admin.settings_saved).to_string())
    });
    view! {
        <section class="panel" aria-labelledby="inbox-settings-heading">
            <h2 id="inbox-settings-heading">{t!(i18n, admin.inbox_heading)}</h2>
            <p>{t!(i18n, admin.inbox_intro)}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    setting.await.ok().map(|setting| view! {
                        <ActionForm action=save>
                            <input type="hidden" name="contact_days_version" value=setting.contact_days_version />
                            <input type="hidden" name="check_in_months_version" value=setting.check_in_months_version />
                            <div class="field">
                                <label for="contact-days">{t!(i18n, admin.contact_days)}</label>
                                <input id="contact-days" name="contact_days" type="text" inputmode="numeric"
                                    size="4" value=setting.contact_days.to_string()
                                    aria-invalid=invalid(error, "contact_days")
                                    aria-describedby=format!("{} contact-days-hint", error_id("contact-days")) />
                                <p class="hint" id="contact-days-hint">{t!(i18n, admin.contact_days_hint)}</p>
                                <FieldProblem error field="contact_days" input_id="contact-days" />
                            </div>
                            <div class="field">
                                <label for="check-in-months">{t!(i18n, admin.check_in_months)}</label>
                                <input id="check-in-months" name="check_in_months" type="text" inputmode="numeric"
                                    size="4" value=setting.check_in_months.to_string()
                                    aria-invalid=invalid(error, "check_in_months")
                                    aria-describedby=format!("{} check-in-months-hint", error_id("check-in-months")) />
                                <p class="hint" id="check-in-months-hint">{t!(i18n, admin.check_in_months_hint)}</p>
                                <FieldProblem error field="check_in_months" input_id="check-in-months" />
                            </div>
                            <button class="button" type="submit">{t!(i18n, admin.save_thresholds)}</button>
                        </ActionForm>
                    })
                })}
            </Transition>
            <FormOutcome error success=saved />
        </section>
    }
    .into_any()
}
