//! Relay plans on a case (リレー受任): planning the handover from one guardian to a successor,
//! the readiness and handover checklist, the petitions, the court's decisions (which end the
//! predecessor's appointment and start the successor's together) and completion.

use crate::api::appointments::{
    AddRelayItem, AppointmentsPanel, ChecklistRow, MoveRelay, PlanRelay, RecordRelayDecisions,
    RelayRow, SetRelayItem,
};
use crate::components::choices::{date_label, label, label_or_blank};
use crate::components::form::{
    DateField, FieldProblem, FormOutcome, action_error, error_id, invalid,
};
use crate::components::guardian_picker::GuardianPicker;
use crate::domain::relays::RelayStatus;
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::cases::detail::Reload;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Reloads the case after any successful relay action.
fn reload_on_success<I, O>(action: ServerAction<I>)
where
    I: leptos::server_fn::ServerFn<Output = O, Error = crate::api::AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    O: Clone + Send + Sync + 'static,
{
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
}

#[component]
pub fn RelayPanel(panel: AppointmentsPanel) -> impl IntoView {
    let i18n = use_i18n();
    let plan = ServerAction::<PlanRelay>::new();
    let plan_error = action_error(plan);
    reload_on_success(plan);
    let predecessors: Vec<_> = panel
        .active
        .iter()
        .filter(|row| !row.role.is_some_and(|role| role.is_supervisor()))
        .cloned()
        .collect();
    let can_plan = panel.can_appoint && !predecessors.is_empty();
    view! {
        <section class="panel" aria-labelledby="relay-heading">
            <h2 id="relay-heading">{t!(i18n, relay.heading)}</h2>
            {if panel.relays.is_empty() {
                view! { <p>{t!(i18n, relay.none)}</p> }.into_any()
            } else {
                panel.relays.clone().into_iter().map(|relay| view! { <Relay relay can_edit=panel.can_appoint /> }).collect_view().into_any()
            }}
            {can_plan.then(|| view! {
                <details class="subpanel" id="relay-plan-details">
                    <summary>{t!(i18n, relay.plan)}</summary>
                    <ActionForm action=plan attr:class="form" attr:id="relay-plan-form">
                        <div class="field">
                            <label for="relay-predecessor">{t!(i18n, relay.predecessor)}</label>
                            <select id="relay-predecessor" name="predecessor_id">
                                {predecessors.into_iter().map(|row| view! {
                                    <option value=row.id.to_string()>{row.guardian_name.clone()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <GuardianPicker name="successor_id" id="relay-successor" label=t_string!(i18n, relay.successor).to_string() required=true />
                        <FieldProblem error=plan_error field="successor_id" input_id="relay-successor" />
                        <DateField id="relay-target" name="target_date" label=t_string!(i18n, relay.target_date).to_string() value=None error=plan_error />
                        <div class="field">
                            <label for="relay-notes">{t!(i18n, case.notes)}</label>
                            <textarea id="relay-notes" name="notes" rows="2"></textarea>
                        </div>
                        <FormOutcome error=plan_error explain_fields=true />
                        <button class="button button--primary" type="submit">{t!(i18n, relay.plan_button)}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn Relay(relay: RelayRow, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let status = relay.status;
    let open = !matches!(status, Some(RelayStatus::Completed | RelayStatus::Cancelled));
    let editable = can_edit && open;
    let set_item = ServerAction::<SetRelayItem>::new();
    let add_item = ServerAction::<AddRelayItem>::new();
    let move_relay = ServerAction::<MoveRelay>::new();
    let decide = ServerAction::<RecordRelayDecisions>::new();
    reload_on_success(set_item);
    reload_on_success(add_item);
    reload_on_success(move_relay);
    reload_on_success(decide);
    let item_error = action_error(set_item);
    let add_error = action_error(add_item);
    let move_error = action_error(move_relay);
    let decide_error = action_error(decide);
    let (id, version) = (relay.id, relay.version);
    let done = relay.checklist.iter().filter(|item| item.done_on.is_some()).count();
    let all = relay.checklist.len();
    let dates = relay.clone();
    view! {
        <article class="relay" aria-labelledby=format!("relay-{id}-heading")>
            <h3 id=format!("relay-{id}-heading")>
                {relay.predecessor_name.clone()}" → "{relay.successor_name.clone()}" "
                <span class="stage stage--current relay__status">{move || label_or_blank(status, i18n.get_locale())}</span>
            </h3>
            <p>
                {move || format!("{}: {}", t_string!(i18n, relay.target_date), date_label(dates.target_date, i18n.get_locale()))}
                {move || dates.decided_on.map(|d| format!(" / {}: {}", t_string!(i18n, relay.resignation_on), date_label(d, i18n.get_locale())))}
                {move || dates.completed_on.map(|d| format!(" / {}: {}", t_string!(i18n, relay.completed_on), date_label(d, i18n.get_locale())))}
                {move || dates.on_time.map(|on_time| view! {
                    " "<span class=if on_time { "badge" } else { "badge badge--warning" }>
                        {if on_time { t_string!(i18n, relay.on_time) } else { t_string!(i18n, relay.late) }}
                    </span>
                })}
            </p>
            {(!relay.cancel_reason.is_empty()).then(|| view! { <p>{t!(i18n, relay.cancel_reason)}": "{relay.cancel_reason.clone()}</p> })}
            <h4 id=format!("relay-{id}-checklist")>{t!(i18n, relay.checklist)}" ("{done}" / "{all}")"</h4>
            <ul class="checklist" aria-labelledby=format!("relay-{id}-checklist")>
                {relay.checklist.clone().into_iter().map(|item| view! { <ChecklistLine item version editable set_item /> }).collect_view()}
            </ul>
            <FormOutcome error=item_error explain_fields=true />
            {editable.then(|| view! {
                <ActionForm action=add_item attr:class="form form--inline">
                    <input type="hidden" name="plan_id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    <div class="field">
                        <label for=format!("relay-{id}-new-item")>{t!(i18n, relay.add_item)}</label>
                        <input id=format!("relay-{id}-new-item") name="label" type="text" required />
                    </div>
                    <button class="button" type="submit">{t!(i18n, relay.add_item_button)}</button>
                </ActionForm>
                <FormOutcome error=add_error explain_fields=true />
            })}
            {(editable && status == Some(RelayStatus::Petitioned)).then(|| view! {
                <ActionForm action=decide attr:class="form" attr:id=format!("relay-{id}-decide")>
                    <input type="hidden" name="plan_id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    <h4>{t!(i18n, relay.decisions)}</h4>
                    <div class="field-row">
                        <DateField id="relay-resignation-on" name="resignation_on" label=t_string!(i18n, relay.resignation_on).to_string() value=None error=decide_error />
                        {(!relay.successor_on_case).then(|| view! {
                            <DateField id="relay-successor-decided" name="successor_decided_on" label=t_string!(i18n, relay.successor_decided_on).to_string() value=None error=decide_error />
                            <DateField id="relay-successor-effective" name="successor_effective_on" label=t_string!(i18n, relay.successor_effective_on).to_string() value=None error=decide_error />
                        })}
                    </div>
                    <div class="field">
                        <label for="relay-override">{t!(i18n, appointment.override_reason)}</label>
                        <textarea id="relay-override" name="capacity_override_reason" rows="2"
                            aria-invalid=invalid(decide_error, "capacity_override_reason")
                            aria-describedby=error_id("relay-override")></textarea>
                        <FieldProblem error=decide_error field="capacity_override_reason" input_id="relay-override" />
                    </div>
                    <FormOutcome error=decide_error explain_fields=true />
                    <button class="button button--primary" type="submit">{t!(i18n, relay.decide_button)}</button>
                </ActionForm>
            })}
            {editable.then(|| view! { <RelayMoves relay=relay.clone() move_relay /> })}
            <FormOutcome error=move_error explain_fields=true />
        </article>
    }
    .into_any()
}

#[component]
fn ChecklistLine(
    item: ChecklistRow,
    version: i32,
    editable: bool,
    set_item: ServerAction<SetRelayItem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = item.item;
    let custom = item.label.clone();
    let text = move || match name {
        Some(standard) => label(standard, i18n.get_locale()).to_owned(),
        None => custom.clone(),
    };
    let done_on = item.done_on;
    let input_id = format!("item-{}", item.id);
    view! {
        <li class="checklist__item" class:checklist__item--done=done_on.is_some()>
            <span class="checklist__label" id=format!("{input_id}-label")>{text}</span>" "
            {move || done_on.map(|d| view! { <span class="badge">{t!(i18n, relay.done)}" "{date_label(d, i18n.get_locale())}</span> })}
            {editable.then(|| view! {
                <ActionForm action=set_item attr:class="form form--inline checklist__form">
                    <input type="hidden" name="item_id" value=item.id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    {if done_on.is_none() {
                        view! {
                            <label class="visually-hidden" for=input_id.clone()>{t!(i18n, relay.done_on)}</label>
                            <input id=input_id.clone() name="done_on" type="date" required />
                            <button class="button button--small" type="submit"
                                aria-describedby=format!("{input_id}-label")>{t!(i18n, relay.tick)}</button>
                        }.into_any()
                    } else {
                        view! {
                            <input type="hidden" name="done_on" value="" />
                            <button class="button button--small" type="submit"
                                aria-describedby=format!("{input_id}-label")>{t!(i18n, relay.untick)}</button>
                        }.into_any()
                    }}
                </ActionForm>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn RelayMoves(relay: RelayRow, move_relay: ServerAction<MoveRelay>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, version) = (relay.id, relay.version);
    let next = match relay.status {
        Some(RelayStatus::Planned) => Some(RelayStatus::Petitioned),
        Some(RelayStatus::Decided) => Some(RelayStatus::Completed),
        _ => None,
    };
    let cancellable = matches!(relay.status, Some(RelayStatus::Planned | RelayStatus::Petitioned));
    view! {
        <div class="relay__moves">
            {next.map(|to| view! {
                <ActionForm action=move_relay attr:class="form form--inline">
                    <input type="hidden" name="plan_id" value=id.to_string() />
                    <input type="hidden" name="version" value=version.to_string() />
                    <input type="hidden" name="to" value=to.code() />
                    <button class="button button--primary" type="submit">
                        {move || format!("{} {}", t_string!(i18n, relay.move_to), label(to, i18n.get_locale()))}
                    </button>
                </ActionForm>
            })}
            {cancellable.then(|| view! {
                <details>
                    <summary>{t!(i18n, relay.cancel)}</summary>
                    <ActionForm action=move_relay attr:class="form form--inline">
                        <input type="hidden" name="plan_id" value=id.to_string() />
                        <input type="hidden" name="version" value=version.to_string() />
                        <input type="hidden" name="to" value="cancelled" />
                        <div class="field">
                            <label for=format!("relay-{id}-cancel")>{t!(i18n, relay.cancel_reason)}</label>
                            <input id=format!("relay-{id}-cancel") name="cancel_reason" type="text" required />
                        </div>
                        <button class="button" type="submit">{t!(i18n, relay.cancel_button)}</button>
                    </ActionForm>
                </details>
            })}
        </div>
    }
    .into_any()
}
