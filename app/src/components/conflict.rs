//! The notice a form shows when its save was refused because someone else saved the record
//! first: who, when and which fields they changed. The form keeps what the user typed and
//! takes the newer version, so saving again replaces the other change knowingly.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub struct ConflictNotice {
    pub by: Option<String>,
    /// When, in Japan time.
    pub at: String,
    /// The changed fields' names in the user's language.
    pub fields: Vec<&'static str>,
}

/// The names of the fields whose `(name, differs)` pair says they differ.
pub fn differing<const N: usize>(pairs: [(&'static str, bool); N]) -> Vec<&'static str> {
    pairs.into_iter().filter(|(_, differs)| *differs).map(|(name, _)| name).collect()
}

#[component]
pub fn ConflictMessage(
    notice: RwSignal<Option<ConflictNotice>>,
    id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        notice.get().map(|notice| {
            view! {
                <div class="message message--warning" role="alert" id=id>
                    <p><strong>{t!(i18n, case.conflict_heading)}</strong></p>
                    <p>{t!(i18n, case.conflict_by)}" "{notice.by.clone().unwrap_or_default()}" ("{notice.at.clone()}")"</p>
                    <p>{t!(i18n, case.conflict_fields)}" "{notice.fields.join("、")}</p>
                    <p>{t!(i18n, case.conflict_kept)}</p>
                </div>
            }
        })
    }
}
