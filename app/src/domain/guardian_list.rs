//! The guardian register's search, filters, sort and page, as they stand in the URL (read on
//! the server for the plain GET form, in the browser for links), like the case list's.

use crate::domain::guardians::{GuardianKind, GuardianStatus};
use crate::domain::paging;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Rows per page.
pub const PAGE_SIZE: u64 = 50;

const QUERY_MAX_CHARS: usize = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum GuardianSort {
    /// By kana: how a register is read.
    #[default]
    Kana,
    /// Most free capacity first: who can take a case.
    FreeCapacity,
    /// Registration expiring soonest first: who needs renewing.
    Expiry,
}

impl GuardianSort {
    pub const ALL: [GuardianSort; 3] =
        [GuardianSort::Kana, GuardianSort::FreeCapacity, GuardianSort::Expiry];

    pub fn code(self) -> &'static str {
        match self {
            GuardianSort::Kana => "kana",
            GuardianSort::FreeCapacity => "free",
            GuardianSort::Expiry => "expiry",
        }
    }

    pub fn parse(code: &str) -> Option<GuardianSort> {
        GuardianSort::ALL.into_iter().find(|sort| sort.code() == code)
    }
}

/// What the register list is asked for. Unknown parameters are ignored, as on the case list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianListQuery {
    pub text: String,
    pub kind: Option<GuardianKind>,
    pub status: Option<GuardianStatus>,
    pub district: Option<Uuid>,
    /// Only those who can take another case (free capacity, or no limit recorded).
    pub free_only: bool,
    pub sort: GuardianSort,
    /// Zero-based.
    pub page: u64,
}

impl GuardianListQuery {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut query = GuardianListQuery::default();
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "q" => query.text = value.chars().take(QUERY_MAX_CHARS).collect(),
                "kind" => query.kind = GuardianKind::parse(value),
                "status" => query.status = GuardianStatus::parse(value),
                "district" => query.district = value.parse().ok(),
                "free" => query.free_only = value == "1",
                "sort" => query.sort = GuardianSort::parse(value).unwrap_or_default(),
                "page" => query.page = paging::page_from_url(value),
                _ => {}
            }
        }
        query
    }

    /// The URL parameters, defaults left out, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        if let Some(kind) = self.kind {
            pairs.push(("kind", kind.code().to_owned()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.code().to_owned()));
        }
        if let Some(district) = self.district {
            pairs.push(("district", district.to_string()));
        }
        if self.free_only {
            pairs.push(("free", "1".to_owned()));
        }
        if self.sort != GuardianSort::default() {
            pairs.push(("sort", self.sort.code().to_owned()));
        }
        if let Some(page) = paging::page_to_url(self.page) {
            pairs.push(("page", page));
        }
        pairs
    }

    pub fn on_page(&self, page: u64) -> Self {
        GuardianListQuery { page, ..self.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> GuardianListQuery {
        let pairs: Vec<(&str, &str)> =
            query.split('&').filter_map(|pair| pair.split_once('=')).collect();
        GuardianListQuery::from_pairs(pairs)
    }

    #[test]
    fn a_filtered_register_survives_the_round_trip_through_the_url() {
        let query = GuardianListQuery {
            text: "サトウ".to_owned(),
            kind: Some(GuardianKind::Citizen),
            status: Some(GuardianStatus::Registered),
            district: Some(Uuid::from_u128(7)),
            free_only: true,
            sort: GuardianSort::Expiry,
            page: 2,
        };
        let pairs = query.to_pairs();
        let back = GuardianListQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, query);
        assert!(GuardianListQuery::default().to_pairs().is_empty());
    }

    #[test]
    fn unknown_values_fall_back_to_the_defaults() {
        let query = parse("kind=wizard&status=&sort=age&page=0&free=yes&district=x");
        assert_eq!(query, GuardianListQuery::default());
    }
}
