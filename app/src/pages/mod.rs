//! One module per screen, and the sections of the main navigation.

pub mod account;
pub mod admin;
pub mod calendar_feed;
pub mod cases;
pub mod consultations;
pub mod dashboard;
pub mod deadlines;
pub mod guardians;
pub mod home;
pub mod imports;
pub mod inbox;
pub mod login;
pub mod not_found;
pub mod outreach;
pub mod persons;
pub mod portal;
pub mod second_factor;
pub mod statistics;
pub mod support;

use crate::domain::access::{Actor, Area, Role, can_read};
use crate::i18n::{Locale, td_string};

/// The sections of the application, in the order of the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// A citizen guardian's own cases and deadlines.
    MyWork,
    /// What needs doing across the cases in reach (centre staff).
    Inbox,
    Cases,
    Guardians,
    Deadlines,
    /// Questions guardians ask the centre (their own; all of them for the centre).
    Support,
    /// Training, seminars, briefings and outreach lectures.
    Events,
    Dashboard,
    Statistics,
    Admin,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::MyWork,
        Section::Inbox,
        Section::Cases,
        Section::Guardians,
        Section::Deadlines,
        Section::Support,
        Section::Events,
        Section::Dashboard,
        Section::Statistics,
        Section::Admin,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Section::MyWork => "/my",
            Section::Inbox => "/inbox",
            Section::Cases => "/cases",
            Section::Guardians => "/guardians",
            Section::Deadlines => "/deadlines",
            Section::Support => "/support",
            Section::Events => "/events",
            Section::Dashboard => "/dashboard",
            Section::Statistics => "/statistics",
            Section::Admin => "/admin",
        }
    }

    /// The part of the permission policy that decides who sees the section.
    pub fn area(self) -> Area {
        match self {
            Section::MyWork | Section::Cases => Area::Cases,
            Section::Inbox => Area::Deadlines,
            Section::Guardians => Area::Guardians,
            Section::Deadlines => Area::Deadlines,
            Section::Support => Area::Support,
            Section::Events => Area::Guardians,
            Section::Dashboard => Area::Dashboard,
            Section::Statistics => Area::Statistics,
            Section::Admin => Area::Users,
        }
    }

    /// The sections an actor may open, in navigation order. A guardian's cases and deadlines
    /// are all in "my work"; the centre's lists are for its staff; support is for both.
    pub fn visible_to(actor: Option<&Actor>) -> Vec<Section> {
        let guardian = actor.is_some_and(|actor| actor.role == Role::Guardian);
        Section::ALL
            .into_iter()
            .filter(|section| match section {
                Section::MyWork => guardian,
                Section::Support => true,
                _ => !guardian,
            })
            .filter(|section| can_read(actor, section.area()))
            .collect()
    }

    /// The section's name in the navigation.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Section::MyWork => td_string!(locale, nav.my_work),
            Section::Inbox => td_string!(locale, nav.inbox),
            Section::Cases => td_string!(locale, nav.cases),
            Section::Guardians => td_string!(locale, nav.guardians),
            Section::Deadlines => td_string!(locale, nav.deadlines),
            Section::Support => td_string!(locale, nav.support),
            Section::Events => td_string!(locale, nav.events),
            Section::Dashboard => td_string!(locale, nav.dashboard),
            Section::Statistics => td_string!(locale, nav.statistics),
            Section::Admin => td_string!(locale, nav.admin),
        }
    }

    /// One line on what the section is for.
    pub fn description(self, locale: Locale) -> &'static str {
        match self {
            Section::MyWork => td_string!(locale, sections.my_work),
            Section::Inbox => td_string!(locale, sections.inbox),
            Section::Cases => td_string!(locale, sections.cases),
            Section::Guardians => td_string!(locale, sections.guardians),
            Section::Deadlines => td_string!(locale, sections.deadlines),
            Section::Support => td_string!(locale, sections.support),
            Section::Events => td_string!(locale, sections.events),
            Section::Dashboard => td_string!(locale, sections.dashboard),
            Section::Statistics => td_string!(locale, sections.statistics),
            Section::Admin => td_string!(locale, sections.admin),
        }
    }
}
