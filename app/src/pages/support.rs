//! Support requests (相談): the list (a guardian's own, with the form to ask a new question;
//! every request for the centre), and one thread with its reply form and, for coordinators,
//! the button that closes it.

use crate::api::support::{
    AskForSupport, CloseSupportRequest, ReplyToSupport, SupportList, SupportMessageRow, SupportRow,
    SupportThread, get_support_requests, get_support_thread,
};
use crate::components::form::{
    FieldProblem, FormOutcome, TextField, action_error, error_id, error_message, invalid, successes,
};
use crate::components::title::page_title;
use crate::domain::dates::japan_offset;
use crate::domain::support::{Side, SupportStatus, Turn};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use chrono::{DateTime, Utc};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

/// When a message was written, in Japan time to the minute.
fn moment_label(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&japan_offset()).format("%Y-%m-%d %H:%M").to_string()
}

/// Where a request stands, in words that read the same for the guardian and the centre.
pub fn turn_label(turn: Turn, locale: Locale) -> &'static str {
    match turn {
        Turn::Centre => td_string!(locale, support.turn_centre),
        Turn::Guardian => td_string!(locale, support.turn_guardian),
        Turn::Nobody => td_string!(locale, support.closed),
    }
}

#[component]
pub fn SupportPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let ask = ServerAction::<AskForSupport>::new();
    let asked = successes(ask);
    let list =
        Resource::new(move || (status(), asked.get()), |(status, _)| get_support_requests(status));
    view! {
        <Title text=page_title(move || t_string!(i18n, support.title).to_string()) />
        <h1>{t!(i18n, support.title)}</h1>
        <nav class="filter-links" aria-label=move || t_string!(i18n, support.filter)>
            {[("", "all"), ("open", "open"), ("closed", "closed")].into_iter().map(|(code, key)| {
                let href = if code.is_empty() { "/support".to_owned() } else { format!("/support?status={code}") };
                let current = move || (status() == code).then_some("page");
                view! {
                    <a href=href aria-current=current>{move || match key {
                        "open" => t_string!(i18n, support.only_open),
                        "closed" => t_string!(i18n, support.only_closed),
                        _ => t_string!(i18n, support.all),
                    }}</a>
                }
            }).collect_view()}
        </nav>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <Requests list ask /> }.into_any(),
                    Err(error) => view! {
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Requests(list: SupportList, ask: ServerAction<AskForSupport>) -> impl IntoView {
    let i18n = use_i18n();
    let SupportList { rows, can_ask, cases } = list;
    // A guardian sees only their own requests: the column would repeat their name.
    let show_guardian = !can_ask;
    view! {
        {can_ask.then(|| view! { <AskForm ask cases /> })}
        <section class="panel" aria-labelledby="support-list-heading">
            <h2 id="support-list-heading">{t!(i18n, support.requests)}</h2>
            {if rows.is_empty() {
                view! { <p>{t!(i18n, support.none)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table" id="support-requests">
                            <caption class="visually-hidden">{t!(i18n, support.requests)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, support.subject)}</th>
                                    <th scope="col">{t!(i18n, support.status)}</th>
                                    {show_guardian.then(|| view! { <th scope="col">{t!(i18n, support.guardian)}</th> })}
                                    <th scope="col">{t!(i18n, cases.number)}</th>
                                    <th scope="col">{t!(i18n, support.updated_at)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! { <RequestRow row show_guardian /> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn RequestRow(row: SupportRow, show_guardian: bool) -> impl IntoView {
    let i18n = use_i18n();
    let turn = row.turn;
    let urgent = turn == Turn::Centre;
    view! {
        <tr>
            <td><a href=format!("/support/{}", row.id)>{row.subject}</a></td>
            <td><span class="badge" class:badge--warning=urgent>{move || turn_label(turn, i18n.get_locale())}</span></td>
            {show_guardian.then(|| view! { <td>{row.guardian_name.clone()}</td> })}
            <td>{row.case_number.unwrap_or_default()}</td>
            <td class="cell--nowrap">{moment_label(row.updated_at)}</td>
        </tr>
    }
    .into_any()
}

#[component]
fn AskForm(
    ask: ServerAction<AskForSupport>,
    cases: Vec<crate::api::support::AskableCase>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(ask);
    let sent = Signal::derive(move || {
        matches!(ask.value().get(), Some(Ok(_))).then(|| t_string!(i18n, support.sent).to_owned())
    });
    view! {
        <section class="panel" aria-labelledby="support-ask-heading">
            <h2 id="support-ask-heading">{t!(i18n, support.ask)}</h2>
            <p class="hint">{t!(i18n, support.ask_hint)}</p>
            <ActionForm action=ask attr:class="form">
                <div class="field">
                    <label for="support-case">{t!(i18n, support.case)}</label>
                    <select id="support-case" name="case_id"
                        aria-invalid=invalid(error, "case_id") aria-describedby=error_id("support-case")>
                        <option value="">{t!(i18n, support.no_case)}</option>
                        {cases.into_iter().map(|case| view! {
                            <option value=case.case_id.to_string()>{case.label}</option>
                        }).collect_view()}
                    </select>
                    <FieldProblem error field="case_id" input_id="support-case" />
                </div>
                <TextField id="support-subject" name="subject" label=t_string!(i18n, support.subject).to_owned() error required=true />
                <TextField id="support-body" name="body" label=t_string!(i18n, support.body).to_owned() error rows=5 required=true />
                <button class="button" type="submit">{t!(i18n, support.send)}</button>
            </ActionForm>
            <FormOutcome error success=sent />
        </section>
    }
    .into_any()
}

#[component]
pub fn SupportThreadPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let reply = ServerAction::<ReplyToSupport>::new();
    let close = ServerAction::<CloseSupportRequest>::new();
    let (replied, closed) = (successes(reply), successes(close));
    // Shown outside the thread: a saved reply or a close reloads it (and the close form goes).
    let reply_error = action_error(reply);
    let close_error = action_error(close);
    let reply_sent = Signal::derive(move || {
        matches!(reply.value().get(), Some(Ok(_))).then(|| t_string!(i18n, support.sent).to_owned())
    });
    let closed_now = Signal::derive(move || {
        matches!(close.value().get(), Some(Ok(_)))
            .then(|| t_string!(i18n, support.closed_now).to_owned())
    });
    let thread = Resource::new(
        move || (id(), replied.get(), closed.get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_support_thread(id).await,
                None => Err(crate::api::AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=page_title(move || t_string!(i18n, support.title).to_string()) />
        <p><a href="/support">{t!(i18n, support.back)}</a></p>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match thread.await {
                    Ok(thread) => view! { <Thread thread reply close /> }.into_any(),
                    Err(error) => view! {
                        <h1>{t!(i18n, support.title)}</h1>
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
        <FormOutcome error=reply_error success=reply_sent />
        <FormOutcome error=close_error success=closed_now />
    }
    .into_any()
}

#[component]
fn Thread(
    thread: SupportThread,
    reply: ServerAction<ReplyToSupport>,
    close: ServerAction<CloseSupportRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let SupportThread { request, messages, version, can_reply, can_close } = thread;
    let (turn, id) = (request.turn, request.id);
    let reply_error = action_error(reply);
    let case = request.case_number.clone().map(|number| match request.case_link.clone() {
        Some(link) => view! { <a href=link>{number}</a> }.into_any(),
        None => view! { <span>{number}</span> }.into_any(),
    });
    view! {
        <h1>{request.subject.clone()}</h1>
        <dl class="facts">
            <dt>{t!(i18n, support.status)}</dt>
            <dd id="support-status"><span class="badge">{move || turn_label(turn, i18n.get_locale())}</span></dd>
            <dt>{t!(i18n, support.guardian)}</dt>
            <dd>{request.guardian_name.clone()}</dd>
            {case.map(|case| view! { <dt>{t!(i18n, cases.number)}</dt><dd>{case}</dd> })}
            <dt>{t!(i18n, support.opened_at)}</dt>
            <dd>{moment_label(request.opened_at)}</dd>
        </dl>
        <section class="panel" aria-labelledby="support-thread-heading">
            <h2 id="support-thread-heading">{t!(i18n, support.messages)}</h2>
            <ol class="message-thread" id="support-messages">
                {messages.into_iter().map(|message| view! { <Message message /> }).collect_view()}
            </ol>
        </section>
        {can_reply.then(|| view! {
            <section class="panel" aria-labelledby="support-reply-heading">
                <h2 id="support-reply-heading">{t!(i18n, support.reply)}</h2>
                <ActionForm action=reply attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <TextField id="support-reply" name="body" label=t_string!(i18n, support.body).to_owned() error=reply_error rows=4 required=true />
                    <button class="button" type="submit">{t!(i18n, support.send)}</button>
                </ActionForm>
            </section>
        })}
        {can_close.then(|| view! {
            <section class="panel" aria-labelledby="support-close-heading">
                <h2 id="support-close-heading">{t!(i18n, support.close)}</h2>
                <p class="hint">{t!(i18n, support.close_hint)}</p>
                <ActionForm action=close attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    <button class="button" type="submit">{t!(i18n, support.close)}</button>
                </ActionForm>
            </section>
        })}
        {(request.status == SupportStatus::Closed).then(|| view! {
            <p class="hint" id="support-closed-note">{t!(i18n, support.closed_hint)}</p>
        })}
    }
    .into_any()
}

#[component]
fn Message(message: SupportMessageRow) -> impl IntoView {
    let i18n = use_i18n();
    let side = message.side;
    view! {
        <li class="message-thread__item" class:message-thread__item--centre=side == Side::Centre>
            <p class="message-thread__meta">
                <strong>{message.author}</strong>" "
                <span class="badge">{move || match side {
                    Side::Centre => t_string!(i18n, support.from_centre),
                    Side::Guardian => t_string!(i18n, support.from_guardian),
                }}</span>" "
                <span class="hint">{moment_label(message.written_at)}</span>
            </p>
            <p class="message-thread__body">{message.body}</p>
        </li>
    }
    .into_any()
}

/// The open requests in the inbox, with whose turn it is.
#[component]
pub fn SupportInboxList(rows: Vec<SupportRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p>{t!(i18n, inbox.nothing)}</p> }.into_any();
    }
    view! {
        <ul class="plain-list" id="inbox-support-list">
            {rows.into_iter().map(|row| {
                let turn = row.turn;
                view! {
                    <li>
                        <a href=format!("/support/{}", row.id)>{row.subject}</a>" · "
                        {row.guardian_name}
                        {row.case_number.map(|number| view! { " · "{number} })}" · "
                        <span class="badge" class:badge--warning=turn == Turn::Centre>{move || turn_label(turn, i18n.get_locale())}</span>" · "
                        {moment_label(row.updated_at)}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
