//! The calendar feed on the account page: whether it runs and since when, issuing a new secret
//! address (shown once, to be pasted into a calendar application), and stopping it.

use crate::api::calendar::{RenewCalendarFeed, RevokeCalendarFeed, get_calendar_feed};
use crate::components::form::{FormOutcome, action_error, error_message, successes};
use crate::domain::dates::japan_time_label;
use crate::i18n::{t, t_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The feed's full address: the page's origin and the path the server returned.
fn absolute(path: &str) -> String {
    #[cfg(feature = "hydrate")]
    if let Ok(origin) = window().location().origin() {
        return format!("{origin}{path}");
    }
    path.to_owned()
}

#[component]
pub fn CalendarFeedSection() -> impl IntoView {
    let i18n = use_i18n();
    let renew = ServerAction::<RenewCalendarFeed>::new();
    let revoke = ServerAction::<RevokeCalendarFeed>::new();
    let (renewed, revoked) = (successes(renew), successes(revoke));
    let status = Resource::new(move || (renewed.get(), revoked.get()), |_| get_calendar_feed());
    let renew_error = action_error(renew);
    let revoke_error = action_error(revoke);
    // The new address, shown until the feed is stopped (the server keeps only its hash).
    let address = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(path)) = renew.value().get() {
            address.set(Some(absolute(&path)));
        }
    });
    Effect::new(move |_| {
        if matches!(revoke.value().get(), Some(Ok(()))) {
            address.set(None);
        }
    });
    let stopped = Signal::derive(move || {
        matches!(revoke.value().get(), Some(Ok(())))
            .then(|| t_string!(i18n, calendar.stopped).to_owned())
    });
    view! {
        <section class="panel" aria-labelledby="calendar-heading">
            <h2 id="calendar-heading">{t!(i18n, calendar.heading)}</h2>
            <p class="hint">{t!(i18n, calendar.hint)}</p>
            <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(status) => {
                            let since = status.created_at.map(japan_time_label);
                            let fetched = status.last_fetched_at.map(japan_time_label);
                            view! {
                                <p id="calendar-status">
                                    {if status.active {
                                        view! {
                                            {t!(i18n, calendar.active_since)}" "{since}
                                            {status.include_names.then(|| view! { " "{t!(i18n, calendar.with_names)} })}
                                            {fetched.map(|at| view! { " · "{t!(i18n, calendar.last_fetched)}" "{at} })}
                                        }.into_any()
                                    } else {
                                        view! { {t!(i18n, calendar.inactive)} }.into_any()
                                    }}
                                </p>
                                {status.active.then(|| view! {
                                    <ActionForm action=revoke attr:class="form form--inline">
                                        <button class="button" type="submit">{t!(i18n, calendar.stop)}</button>
                                    </ActionForm>
                                })}
                            }.into_any()
                        }
                        Err(error) => view! {
                            <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                        }.into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=renew attr:class="form">
                <div class="field field--check">
                    <input id="calendar-names" name="include_names" type="checkbox" />
                    <label for="calendar-names">{t!(i18n, calendar.include_names)}</label>
                </div>
                <button class="button" type="submit">{t!(i18n, calendar.issue)}</button>
            </ActionForm>
            {move || address.get().map(|url| view! {
                <div class="field">
                    <label for="calendar-address">{t!(i18n, calendar.address)}</label>
                    <input id="calendar-address" type="text" readonly value=url class="input--wide" />
                    <p class="hint">{t!(i18n, calendar.address_once)}</p>
                </div>
            })}
            <FormOutcome error=renew_error />
            <FormOutcome error=revoke_error success=stopped />
        </section>
    }
    .into_any()
}
