//! One module per screen, and the sections of the main navigation.

pub mod account;
pub mod admin;
pub mod cases;
pub mod coming_soon;
pub mod consultations;
pub mod deadlines;
pub mod guardians;
pub mod home;
pub mod login;
pub mod not_found;
pub mod persons;
pub mod second_factor;

use crate::domain::access::{Actor, Area, can_read};
use crate::i18n::{Locale, td_string};

/// The sections of the application, in the order of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Cases,
    Guardians,
    Deadlines,
    Dashboard,
    Statistics,
    Admin,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Cases,
        Section::Guardians,
        Section::Deadlines,
        Section::Dashboard,
        Section::Statistics,
        Section::Admin,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Section::Cases => "/cases",
            Section::Guardians => "/guardians",
            Section::Deadlines => "/deadlines",
            Section::Dashboard => "/dashboard",
            Section::Statistics => "/statistics",
            Section::Admin => "/admin",
        }
    }

    /// The part of the permission policy that decides who sees the section.
    pub fn area(self) -> Area {
        match self {
            Section::Cases => Area::Cases,
            Section::Guardians => Area::Guardians,
            Section::Deadlines => Area::Deadlines,
            Section::Dashboard => Area::Dashboard,
            Section::Statistics => Area::Statistics,
            Section::Admin => Area::Users,
        }
    }

    /// The sections an actor may open, in navigation order.
    pub fn visible_to(actor: Option<&Actor>) -> Vec<Section> {
        Section::ALL.into_iter().filter(|section| can_read(actor, section.area())).collect()
    }

    /// The section's name in the navigation.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Section::Cases => td_string!(locale, nav.cases),
            Section::Guardians => td_string!(locale, nav.guardians),
            Section::Deadlines => td_string!(locale, nav.deadlines),
            Section::Dashboard => td_string!(locale, nav.dashboard),
            Section::Statistics => td_string!(locale, nav.statistics),
            Section::Admin => td_string!(locale, nav.admin),
        }
    }

    /// One line on what the section is for.
    pub fn description(self, locale: Locale) -> &'static str {
        match self {
            Section::Cases => td_string!(locale, sections.cases),
            Section::Guardians => td_string!(locale, sections.guardians),
            Section::Deadlines => td_string!(locale, sections.deadlines),
            Section::Dashboard => td_string!(locale, sections.dashboard),
            Section::Statistics => td_string!(locale, sections.statistics),
            Section::Admin => td_string!(locale, sections.admin),
        }
    }
}
