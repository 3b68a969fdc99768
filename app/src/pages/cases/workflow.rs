//! Moving a case to its next stage. The stages offered are those the workflow rules allow
//! from here; a move the rules refuse says which rule, in the user's language.

use crate::api::AppError;
use crate::api::cases::{CaseDetail, MoveCase};
use crate::components::choices::{CategoryOptions, label};
use crate::components::form::{
    FieldProblem, FormOutcome, action_error, error_id, invalid, problem_message,
};
use crate::domain::cases::{Stage, TerminationReason};
use crate::i18n::{t, t_string, use_i18n};
use crate::pages::cases::detail::Reload;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn StageMoveForm(case: CaseDetail) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<MoveCase>::new();
    let error = action_error(action);
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            reload.now();
        }
    });
    let closing_possible = case.moves.contains(&Stage::Closed);
    // Refusals that no field of this form holds (a date of the petition data): listed here.
    let refusals = move || {
        let locale = i18n.get_locale();
        match error.get() {
            Some(AppError::Validation(problems)) => problems
                .into_iter()
                .filter(|problem| {
                    !["termination_reason", "termination_date", "comment"]
                        .contains(&problem.field.as_str())
                })
                .map(|problem| problem_message(&problem.code, locale))
                .collect::<Vec<_>>(),
            _ => Vec::new(),
        }
    };
    if case.moves.is_empty() {
        return view! {
            <section class="panel" aria-labelledby="move-heading">
                <h2 id="move-heading">{t!(i18n, case.move_heading)}</h2>
                <p>{t!(i18n, case.no_moves)}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="panel" aria-labelledby="move-heading">
            <h2 id="move-heading">{t!(i18n, case.move_heading)}</h2>
            <ActionForm action attr:class="form" attr:id="move-form">
                <input type="hidden" name="id" value=case.id.to_string() />
                <input type="hidden" name="version" value=case.version />
                <div class="field">
                    <label for="move-to">{t!(i18n, case.move_to)}</label>
                    <select id="move-to" name="to" required>
                        {case.moves.iter().map(|stage| {
                            let stage = *stage;
                            view! { <option value=stage.code()>{move || label(stage, i18n.get_locale())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="move-comment">{t!(i18n, case.move_comment)}</label>
                    <textarea id="move-comment" name="comment" rows="2"></textarea>
                </div>
                {closing_possible.then(|| view! {
                    <fieldset class="fieldset">
                        <legend>{t!(i18n, case.closing_legend)}</legend>
                        <div class="field">
                            <label for="move-reason">{t!(i18n, case.termination_reason)}</label>
                            <select id="move-reason" name="termination_reason" aria-describedby=error_id("move-reason")
                                aria-invalid=invalid(error, "termination_reason")>
                                <CategoryOptions<TerminationReason> selected=None blank=t_string!(i18n, case.choose).to_string() />
                            </select>
                            <FieldProblem error field="termination_reason" input_id="move-reason" />
                        </div>
                        <div class="field">
                            <label for="move-date">{t!(i18n, case.termination_date)}</label>
                            <input id="move-date" name="termination_date" type="date" aria-describedby=error_id("move-date")
                                aria-invalid=invalid(error, "termination_date") />
                            <FieldProblem error field="termination_date" input_id="move-date" />
                        </div>
                    </fieldset>
                })}
                <div class="move-refusal" role="alert" id="move-refusal">
                    {move || refusals().into_iter().map(|text| view! { <p class="message message--error">{text}</p> }).collect_view()}
                </div>
                <FormOutcome error />
                <button class="button button--primary" type="submit">{t!(i18n, case.move_button)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
