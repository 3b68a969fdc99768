//! The centre's events (研修・啓発): training for citizen guardians, seminars for family
//! guardians, public briefings and outreach lectures, with their audience and head count; one
//! event with the register entries that attended. And a guardian's support history on their
//! page: the help given one by one, and the events attended.

use crate::api::outreach::{
    EventDetail, EventList, EventRow, RecordSupportSession, SaveEvent, SetAttendance,
    SupportHistory, get_event, get_support_history, list_events,
};
use crate::components::choices::{CategoryOptions, date_label, label_or_blank};
use crate::components::form::{
    DateField, FieldProblem, FormOutcome, TextField, action_error, error_id, error_message,
    invalid, successes,
};
use crate::components::guardian_picker::GuardianPicker;
use crate::components::title::page_title;
use crate::domain::dates::{FiscalYear, japan_today};
use crate::domain::outreach::{EventKind, SupportMode, SupportTopic};
use crate::i18n::{t, t_string, use_i18n};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

#[component]
pub fn EventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let year = move || query.with(|q| q.get("fiscal_year").unwrap_or_default());
    let list = Resource::new(year, list_events);
    let this_year = FiscalYear::of(japan_today()).start_year();
    view! {
        <Title text=page_title(move || t_string!(i18n, event.title).to_string()) />
        <h1>{t!(i18n, event.title)}</h1>
        <form class="form form--filters" method="get" action="/events">
            <div class="field">
                <label for="event-year">{t!(i18n, event.fiscal_year)}</label>
                <select id="event-year" name="fiscal_year">
                    <option value="">{t!(i18n, event.all_years)}</option>
                    {(0..6).map(|back| {
                        let start = this_year - back;
                        let label = FiscalYear::starting_in(start).wareki_label().unwrap_or_else(|| start.to_string());
                        let selected = move || year() == start.to_string();
                        view! { <option value=start.to_string() selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button class="button" type="submit">{t!(i18n, event.show)}</button>
        </form>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <Events list /> }.into_any(),
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
fn Events(list: EventList) -> impl IntoView {
    let i18n = use_i18n();
    let EventList { rows, can_edit } = list;
    let total: u32 = rows.iter().filter_map(|row| row.participants).sum();
    view! {
        // The form lives on the event's page (`/events/new`): one page's code, not two.
        {can_edit.then(|| view! {
            <p><a class="button button--primary" href="/events/new">{t!(i18n, event.new)}</a></p>
        })}
        <section class="panel" aria-labelledby="events-heading">
            <h2 id="events-heading">{t!(i18n, event.list)}</h2>
            {if rows.is_empty() {
                view! { <p>{t!(i18n, event.none)}</p> }.into_any()
            } else {
                view! {
                    <p>{move || t_string!(i18n, event.total).replace("{count}", &total.to_string())}</p>
                    <div class="table-scroll">
                        <table class="table" id="events">
                            <caption class="visually-hidden">{t!(i18n, event.list)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, event.held_on)}</th>
                                    <th scope="col">{t!(i18n, event.name)}</th>
                                    <th scope="col">{t!(i18n, event.kind)}</th>
                                    <th scope="col">{t!(i18n, event.audience)}</th>
                                    <th scope="col" class="cell--number">{t!(i18n, event.participants)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|row| view! { <EventLine row /> }).collect_view()}
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
fn EventLine(row: EventRow) -> impl IntoView {
    let i18n = use_i18n();
    let (on, kind) = (row.held_on, row.kind);
    view! {
        <tr>
            <td class="cell--nowrap">{move || date_label(on, i18n.get_locale())}</td>
            <td><a href=format!("/events/{}", row.id)>{row.title}</a></td>
            <td>{move || label_or_blank(kind, i18n.get_locale())}</td>
            <td>{row.audience}</td>
            <td class="cell--number">{row.participants.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
        </tr>
    }
    .into_any()
}

/// The event form: a new event (`initial` none) or changes to one.
#[component]
fn EventForm(save: ServerAction<SaveEvent>, initial: Option<EventDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(save);
    let saved = Signal::derive(move || {
        matches!(save.value().get(), Some(Ok(_))).then(|| t_string!(i18n, event.saved).to_owned())
    });
    let (id, version) =
        initial.as_ref().map_or((String::new(), 0), |d| (d.row.id.to_string(), d.version));
    let row = initial.as_ref().map(|d| d.row.clone());
    let value = |f: fn(&EventRow) -> String| row.as_ref().map(f).unwrap_or_default();
    let (title, venue, audience) =
        (value(|r| r.title.clone()), value(|r| r.venue.clone()), value(|r| r.audience.clone()));
    let participants = value(|r| r.participants.map(|n| n.to_string()).unwrap_or_default());
    let notes = initial.as_ref().map(|d| d.notes.clone()).unwrap_or_default();
    let kind = row.as_ref().and_then(|r| r.kind);
    let held_on = row.as_ref().map(|r| r.held_on);
    view! {
        <ActionForm action=save attr:class="form">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=version.to_string() />
            <div class="form__row">
                <div class="field">
                    <label for="event-kind">{t!(i18n, event.kind)}</label>
                    <select id="event-kind" name="kind" required
                        aria-invalid=invalid(error, "kind") aria-describedby=error_id("event-kind")>
                        <CategoryOptions<EventKind> selected=kind blank=t_string!(i18n, case.choose).to_string() />
                    </select>
                    <FieldProblem error field="kind" input_id="event-kind" />
                </div>
                <DateField id="event-held-on" name="held_on" label=t_string!(i18n, event.held_on).to_owned() value=held_on error />
            </div>
            <div class="field">
                <label for="event-name">{t!(i18n, event.name)}</label>
                <input id="event-name" name="title" type="text" required value=title
                    aria-invalid=invalid(error, "title") aria-describedby=error_id("event-name") />
                <FieldProblem error field="title" input_id="event-name" />
            </div>
            <div class="form__row">
                <div class="field">
                    <label for="event-venue">{t!(i18n, event.venue)}</label>
                    <input id="event-venue" name="venue" type="text" value=venue
                        aria-invalid=invalid(error, "venue") aria-describedby=error_id("event-venue") />
                    <FieldProblem error field="venue" input_id="event-venue" />
                </div>
                <div class="field">
                    <label for="event-audience">{t!(i18n, event.audience)}</label>
                    <input id="event-audience" name="audience" type="text" value=audience
                        aria-invalid=invalid(error, "audience") aria-describedby=error_id("event-audience") />
                    <FieldProblem error field="audience" input_id="event-audience" />
                </div>
                <div class="field">
                    <label for="event-participants">{t!(i18n, event.participants)}</label>
                    <input id="event-participants" name="participants" type="number" min="0" inputmode="numeric" value=participants
                        aria-invalid=invalid(error, "participants") aria-describedby=error_id("event-participants") />
                    <FieldProblem error field="participants" input_id="event-participants" />
                </div>
            </div>
            <div class="field">
                <label for="event-notes">{t!(i18n, event.notes)}</label>
                <textarea id="event-notes" name="notes" rows="3"
                    aria-invalid=invalid(error, "notes") aria-describedby=error_id("event-notes")>{notes}</textarea>
                <FieldProblem error field="notes" input_id="event-notes" />
            </div>
            <button class="button" type="submit">{t!(i18n, event.save)}</button>
        </ActionForm>
        <FormOutcome error success=saved />
    }
    .into_any()
}

#[component]
pub fn EventPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let is_new = move || params.with(|p| p.get("id").as_deref() == Some("new"));
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<Uuid>().ok()));
    let save = ServerAction::<SaveEvent>::new();
    // A new event, once saved, continues on its own page (loaded afresh: this page was drawn
    // as the empty form).
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get()
            && is_new()
        {
            let _ = window().location().set_href(&format!("/events/{saved}"));
        }
    });
    let attend = ServerAction::<SetAttendance>::new();
    let (saved, attended) = (successes(save), successes(attend));
    let detail = Resource::new(
        move || (id(), saved.get(), attended.get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => get_event(id).await,
                None => Err(crate::api::AppError::NotFound),
            }
        },
    );
    let attend_error = action_error(attend);
    if is_new() {
        return view! {
            <Title text=page_title(move || t_string!(i18n, event.new).to_string()) />
            <p class="breadcrumb"><a href="/events">{t!(i18n, event.title)}</a></p>
            <h1>{t!(i18n, event.new)}</h1>
            <EventForm save initial=None />
        }
        .into_any();
    }
    view! {
        <Title text=page_title(move || t_string!(i18n, event.title).to_string()) />
        <p class="breadcrumb"><a href="/events">{t!(i18n, event.title)}</a></p>
        <Transition fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <Event detail save attend /> }.into_any(),
                    Err(error) => view! {
                        <h1>{t!(i18n, event.title)}</h1>
                        <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                    }.into_any(),
                }
            })}
        </Transition>
        <FormOutcome error=attend_error explain_fields=true />
    }
    .into_any()
}

#[component]
fn Event(
    detail: EventDetail,
    save: ServerAction<SaveEvent>,
    attend: ServerAction<SetAttendance>,
) -> impl IntoView {
    let i18n = use_i18n();
    let row = detail.row.clone();
    let (on, kind) = (row.held_on, row.kind);
    let event_id = row.id;
    let can_edit = detail.can_edit;
    let attendance = detail.takes_attendance.then(|| {
        let attendees = detail.attendees.clone();
        view! {
            <section class="panel" aria-labelledby="attendance-heading">
                <h2 id="attendance-heading">{t!(i18n, event.attendance)}" ("{attendees.len()}")"</h2>
                {if attendees.is_empty() {
                    view! { <p>{t!(i18n, event.no_attendees)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list" id="attendees">
                            {attendees.into_iter().map(|attendee| {
                                let kind = attendee.kind;
                                view! {
                                    <li>
                                        <a href=format!("/guardians/{}", attendee.guardian_id)>{attendee.name.clone()}</a>" "
                                        <span class="hint">{move || label_or_blank(kind, i18n.get_locale())}</span>
                                        {can_edit.then(|| view! {
                                            <ActionForm action=attend attr:class="inline-form">
                                                <input type="hidden" name="event_id" value=event_id.to_string() />
                                                <input type="hidden" name="guardian_id" value=attendee.guardian_id.to_string() />
                                                <button class="button button--small" type="submit">
                                                    {t!(i18n, event.remove_attendee)}
                                                    <span class="visually-hidden">" "{attendee.name.clone()}</span>
                                                </button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {can_edit.then(|| view! {
                    <ActionForm action=attend attr:class="form">
                        <input type="hidden" name="event_id" value=event_id.to_string() />
                        <input type="hidden" name="attended" value="yes" />
                        <GuardianPicker name="guardian_id" id="attendee" label=t_string!(i18n, event.attendee).to_string() required=true />
                        <button class="button" type="submit">{t!(i18n, event.add_attendee)}</button>
                    </ActionForm>
                })}
            </section>
        }
    });
    view! {
        <h1>{row.title.clone()}</h1>
        <dl class="facts">
            <div><dt>{t!(i18n, event.kind)}</dt><dd>{move || label_or_blank(kind, i18n.get_locale())}</dd></div>
            <div><dt>{t!(i18n, event.held_on)}</dt><dd>{move || date_label(on, i18n.get_locale())}</dd></div>
            <div><dt>{t!(i18n, event.venue)}</dt><dd>{row.venue.clone()}</dd></div>
            <div><dt>{t!(i18n, event.audience)}</dt><dd>{row.audience.clone()}</dd></div>
            <div><dt>{t!(i18n, event.participants)}</dt><dd id="event-participant-count">{row.participants.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())}</dd></div>
        </dl>
        {attendance}
        {can_edit.then(|| view! {
            <details class="panel">
                <summary><h2 class="summary-heading">{t!(i18n, event.edit)}</h2></summary>
                <EventForm save initial=Some(detail) />
            </details>
        })}
    }
    .into_any()
}

/// A guardian's support history on their page, with the form to record a session.
#[component]
pub fn SupportHistorySection(guardian_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let record = ServerAction::<RecordSupportSession>::new();
    let recorded = successes(record);
    let history =
        Resource::new(move || (guardian_id, recorded.get()), |(id, _)| get_support_history(id));
    let error = action_error(record);
    let saved = Signal::derive(move || {
        matches!(record.value().get(), Some(Ok(_)))
            .then(|| t_string!(i18n, guardian_support.saved).to_owned())
    });
    view! {
        <section class="panel" aria-labelledby="guardian-support-heading">
            <h2 id="guardian-support-heading">{t!(i18n, guardian_support.heading)}</h2>
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, users.loading)}</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(history) => view! { <History history guardian_id record error /> }.into_any(),
                        Err(error) => view! {
                            <p class="message message--error" role="alert">{move || error_message(&error, i18n.get_locale())}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
            <FormOutcome error success=saved />
        </section>
    }
    .into_any()
}

#[component]
fn History(
    history: SupportHistory,
    guardian_id: Uuid,
    record: ServerAction<RecordSupportSession>,
    error: Signal<Option<crate::api::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let SupportHistory { sessions, events, can_record } = history;
    view! {
        {can_record.then(|| view! {
            <details class="activity-form">
                <summary>{t!(i18n, guardian_support.record)}</summary>
                <ActionForm action=record attr:class="form">
                    <input type="hidden" name="guardian_id" value=guardian_id.to_string() />
                    <div class="form__row">
                        <DateField id="support-held-on" name="held_on" label=t_string!(i18n, guardian_support.held_on).to_owned() value=Some(japan_today()) error />
                        <div class="field">
                            <label for="support-topic">{t!(i18n, guardian_support.topic)}</label>
                            <select id="support-topic" name="topic" required
                                aria-invalid=invalid(error, "topic") aria-describedby=error_id("support-topic")>
                                <CategoryOptions<SupportTopic> selected=None blank=t_string!(i18n, case.choose).to_string() />
                            </select>
                            <FieldProblem error field="topic" input_id="support-topic" />
                        </div>
                        <div class="field">
                            <label for="support-mode">{t!(i18n, guardian_support.mode)}</label>
                            <select id="support-mode" name="mode" required
                                aria-invalid=invalid(error, "mode") aria-describedby=error_id("support-mode")>
                                <CategoryOptions<SupportMode> selected=None blank=t_string!(i18n, case.choose).to_string() />
                            </select>
                            <FieldProblem error field="mode" input_id="support-mode" />
                        </div>
                        <div class="field">
                            <label for="support-duration">{t!(i18n, activity.duration)}</label>
                            <input id="support-duration" name="duration_minutes" type="number" min="1" max="1440" inputmode="numeric"
                                aria-invalid=invalid(error, "duration_minutes") aria-describedby=error_id("support-duration") />
                            <FieldProblem error field="duration_minutes" input_id="support-duration" />
                        </div>
                    </div>
                    <TextField id="support-notes" name="notes" label=t_string!(i18n, guardian_support.notes).to_owned() error rows=3 />
                    <button class="button" type="submit">{t!(i18n, guardian_support.save)}</button>
                </ActionForm>
            </details>
        })}
        {if sessions.is_empty() {
            view! { <p>{t!(i18n, guardian_support.none)}</p> }.into_any()
        } else {
            view! {
                <ol class="activity-list" id="support-sessions">
                    {sessions.into_iter().map(|session| {
                        let (on, topic, mode) = (session.held_on, session.topic, session.mode);
                        view! {
                            <li class="activity">
                                <p class="activity__meta">
                                    <strong>{move || date_label(on, i18n.get_locale())}" "{move || label_or_blank(topic, i18n.get_locale())}</strong>
                                    " · "{move || label_or_blank(mode, i18n.get_locale())}
                                    {session.duration_minutes.map(|m| view! { " · "{m}{t!(i18n, activity.minutes)} })}
                                    " "<span class="hint">{session.recorded_by.clone()}</span>
                                </p>
                                {(!session.notes.is_empty()).then(|| view! { <p class="activity__notes">{session.notes.clone()}</p> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {(!events.is_empty()).then(|| view! {
            <h3>{t!(i18n, guardian_support.events)}</h3>
            <ul class="plain-list" id="attended-events">
                {events.into_iter().map(|event| {
                    let (on, kind) = (event.held_on, event.kind);
                    view! {
                        <li>
                            {move || date_label(on, i18n.get_locale())}" "
                            <a href=format!("/events/{}", event.id)>{event.title.clone()}</a>" "
                            <span class="hint">{move || label_or_blank(kind, i18n.get_locale())}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
    .into_any()
}
