//! Warns before the idle timeout ends the session, and lets the user stay signed in with one
//! button (WCAG 2.2.1, Timing Adjustable). Writing a long record in a form sends nothing to
//! the server, so without this the session could end under the user's hands.
//!
//! The page counts from its last contact with the server: the page load, each move to another
//! page (which calls [`keep_session_alive`]) and the button. The server refreshes a session's
//! last activity at most once a minute, so the warning comes three minutes early.

use crate::api::session::{CurrentUser, keep_session_alive};
use crate::i18n::{t, use_i18n};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::time::Duration;

/// How long before the timeout the warning appears.
const WARN_BEFORE_SECONDS: i64 = 180;
/// How often the page checks the time (a sleeping laptop wakes to a check within this).
const CHECK_EVERY: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SessionState {
    Fresh,
    /// Minutes left, rounded up.
    EndingSoon(i64),
    Ended,
}

/// The session's state at `now`, from its last contact with the server.
fn state_at(now: DateTime<Utc>, last_contact: DateTime<Utc>, idle_seconds: i64) -> SessionState {
    let left = idle_seconds - (now - last_contact).num_seconds();
    if left <= 0 {
        SessionState::Ended
    } else if left <= WARN_BEFORE_SECONDS {
        SessionState::EndingSoon((left + 59) / 60)
    } else {
        SessionState::Fresh
    }
}

#[component]
pub fn SessionKeeper(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let idle_seconds = user.idle_timeout_seconds;
    let user_id = user.actor.user_id;
    Effect::new(move |_| crate::components::drafts::keep_drafts(user_id));
    // Both start at the server's render; the browser resets them as it hydrates.
    let last_contact = RwSignal::new(Utc::now());
    let now = RwSignal::new(Utc::now());
    // The server may know better: a keep-alive refused with 401 means the session is gone.
    let ended_on_server = RwSignal::new(false);
    let state = Memo::new(move |_| {
        if ended_on_server.get() {
            SessionState::Ended
        } else {
            state_at(now.get(), last_contact.get(), idle_seconds)
        }
    });
    let stay_button = NodeRef::<leptos::html::Button>::new();

    let keep_alive = Action::new(|_: &()| keep_session_alive());
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            keep_alive.dispatch(());
        } else {
            last_contact.set(Utc::now());
        }
        path
    });
    Effect::new(move |_| match keep_alive.value().get() {
        Some(Ok(())) => {
            last_contact.set(Utc::now());
            now.set(Utc::now());
        }
        Some(Err(crate::api::AppError::SignInRequired)) => ended_on_server.set(true),
        _ => {}
    });
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || now.set(Utc::now()), CHECK_EVERY) {
            on_cleanup(move || handle.clear());
        }
    });
    // What is typed on this page comes back after signing in again.
    Effect::new(move |_| {
        if state.get() == SessionState::Ended {
            crate::components::drafts::restore_after_sign_in();
        }
    });
    // The warning takes the keyboard focus: one key press keeps the session.
    Effect::new(move |was_warning: Option<bool>| {
        let warning = matches!(state.get(), SessionState::EndingSoon(_));
        if warning
            && was_warning != Some(true)
            && let Some(button) = stay_button.get()
        {
            let _ = button.focus();
        }
        warning
    });
    // Followed with a full page load (`rel="external"`): nothing of the ended session stays
    // in the page, and the login page's form takes the user back here.
    let sign_in_again = move || {
        let here = location.pathname.get() + &location.search.get();
        format!("/login?next={}", crate::components::encode_query_value(&here))
    };

    view! {
        <Show when=move || state.get() != SessionState::Fresh>
            <div class="session-warning" role="alertdialog" aria-labelledby="session-warning-text">
                {move || match state.get() {
                    SessionState::EndingSoon(minutes) => view! {
                        <p id="session-warning-text">{t!(i18n, session.ending_soon, minutes = move || minutes)}</p>
                        <button
                            class="button button--primary"
                            type="button"
                            node_ref=stay_button
                            on:click=move |_| { keep_alive.dispatch(()); }
                        >
                            {t!(i18n, session.stay)}
                        </button>
                    }.into_any(),
                    _ => view! {
                        <p id="session-warning-text">{t!(i18n, session.ended)}</p>
                        <a class="button button--primary" href=sign_in_again rel="external">{t!(i18n, session.sign_in_again)}</a>
                    }.into_any(),
                }}
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warning_comes_three_minutes_before_the_timeout() {
        let contact: DateTime<Utc> = "2026-04-01T00:00:00Z".parse().unwrap();
        let at = |seconds| contact + chrono::Duration::seconds(seconds);
        assert_eq!(state_at(at(26 * 60 + 59), contact, 1800), SessionState::Fresh);
        assert_eq!(state_at(at(27 * 60), contact, 1800), SessionState::EndingSoon(3));
        assert_eq!(state_at(at(29 * 60 + 1), contact, 1800), SessionState::EndingSoon(1));
        assert_eq!(state_at(at(30 * 60), contact, 1800), SessionState::Ended);
    }
}
