//! Options, labels and dates shown the same way on every case page.

use crate::api::cases::Choice;
use crate::domain::categories::Category;
use crate::domain::dates::{english_date_label, japanese_date_label};
use crate::i18n::{Locale, use_i18n};
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

/// A category's label in the user's language.
pub fn label<T: Category>(value: T, locale: Locale) -> &'static str {
    value.label(locale == Locale::ja)
}

/// A category's label, or nothing when it is not recorded.
pub fn label_or_blank<T: Category>(value: Option<T>, locale: Locale) -> &'static str {
    value.map(|value| label(value, locale)).unwrap_or("")
}

/// A date as the user's language writes it (和暦 with the western year in Japanese).
pub fn date_label(date: NaiveDate, locale: Locale) -> String {
    if locale == Locale::ja { japanese_date_label(date) } else { english_date_label(date) }
}

/// The value of an `<input type="date">`.
pub fn date_value(date: Option<NaiveDate>) -> String {
    date.map(|date| date.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// `<option>`s for every value of a category, the selected one marked; `blank` adds an empty
/// first option with that text.
#[component]
pub fn CategoryOptions<T: Category>(
    selected: Option<T>,
    #[prop(optional)] blank: Option<String>,
    #[prop(optional)] only: Option<Vec<T>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let values: Vec<T> = only.unwrap_or_else(|| T::all().to_vec());
    view! {
        {blank.map(|text| view! { <option value="" selected=selected.is_none()>{text}</option> })}
        {values.into_iter().map(|value| view! {
            <option value=value.code() selected=selected == Some(value)>
                {move || label(value, i18n.get_locale())}
            </option>
        }).collect_view()}
    }
}

/// `<option>`s for records (districts, courts, coordinators), with an empty first option.
#[component]
pub fn ChoiceOptions(choices: Vec<Choice>, selected: Option<Uuid>, blank: String) -> impl IntoView {
    view! {
        <option value="" selected=selected.is_none()>{blank}</option>
        {choices.into_iter().map(|choice| view! {
            <option value=choice.id.to_string() selected=selected == Some(choice.id)>{choice.name}</option>
        }).collect_view()}
    }
}
