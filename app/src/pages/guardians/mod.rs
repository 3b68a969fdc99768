//! The guardian register: the list, one guardian's page, and the register form.

pub mod detail;
pub mod form;
pub mod list;

use crate::components::choices::label;
use crate::domain::guardians::{ExpiryWarning, GuardianStatus};
use crate::i18n::{Locale, td_string};

/// A derived status in the user's language.
pub fn status_label(status: GuardianStatus, locale: Locale) -> &'static str {
    match status {
        GuardianStatus::InTraining => td_string!(locale, guardian.status_in_training),
        GuardianStatus::Registered => td_string!(locale, guardian.status_registered),
        GuardianStatus::Appointed => td_string!(locale, guardian.status_appointed),
        GuardianStatus::Suspended => td_string!(locale, guardian.status_suspended),
        GuardianStatus::Removed => td_string!(locale, guardian.status_removed),
        GuardianStatus::Available => td_string!(locale, guardian.status_available),
    }
}

pub const STATUSES: [GuardianStatus; 6] = [
    GuardianStatus::InTraining,
    GuardianStatus::Registered,
    GuardianStatus::Appointed,
    GuardianStatus::Suspended,
    GuardianStatus::Removed,
    GuardianStatus::Available,
];

/// A registration that needs renewing, said in words.
pub fn expiry_text(warning: ExpiryWarning, locale: Locale) -> String {
    match warning {
        ExpiryWarning::Expired => td_string!(locale, guardian.expired).to_owned(),
        ExpiryWarning::ExpiresSoon { days_left } => {
            format!(
                "{} ({days_left}{})",
                td_string!(locale, guardian.expires_soon),
                td_string!(locale, guardian.days)
            )
        }
    }
}

/// "2 / 3" cases, or the count alone when no limit is recorded.
pub fn load_text(active: u32, capacity: Option<u32>, locale: Locale) -> String {
    match capacity {
        Some(capacity) => format!("{active} / {capacity}"),
        None => format!("{active} ({})", td_string!(locale, guardian.no_limit)),
    }
}

/// A category label, for the pages of this module.
pub fn category<T: crate::domain::categories::Category>(value: T, locale: Locale) -> &'static str {
    label(value, locale)
}
