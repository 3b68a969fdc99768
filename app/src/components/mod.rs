//! Widgets shared by several pages.

pub mod footer;
pub mod header;
pub mod language_switch;
pub mod skip_link;

use crate::domain::access::Role;
use crate::i18n::{Locale, td_string};

/// A role's name for people.
pub fn role_label(role: Role, locale: Locale) -> &'static str {
    match role {
        Role::Admin => td_string!(locale, roles.admin),
        Role::Manager => td_string!(locale, roles.manager),
        Role::Coordinator => td_string!(locale, roles.coordinator),
        Role::Guardian => td_string!(locale, roles.guardian),
    }
}
