//! The case list's search, filters, sort and page, as they stand in the URL. The same type is
//! read from the address bar in the browser, from the query string on the server (the list
//! works as a plain GET form before the wasm loads), and written back into links.

use crate::domain::cases::{CaseType, Stage};
use crate::domain::categories::RightsViolation;
use crate::domain::paging;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Rows per page.
pub const PAGE_SIZE: u64 = 50;

/// Longest search text taken from the URL, in characters (the rest is ignored).
const QUERY_MAX_CHARS: usize = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortKey {
    /// Most recently changed first: what a coordinator worked on last.
    #[default]
    Updated,
    CaseNumber,
    Kana,
    Stage,
    Opened,
}

impl SortKey {
    pub const ALL: [SortKey; 5] =
        [SortKey::Updated, SortKey::CaseNumber, SortKey::Kana, SortKey::Stage, SortKey::Opened];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Updated => "updated",
            SortKey::CaseNumber => "number",
            SortKey::Kana => "kana",
            SortKey::Stage => "stage",
            SortKey::Opened => "opened",
        }
    }

    pub fn parse(code: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|key| key.code() == code)
    }

    /// The direction a column sorts in when first chosen.
    pub fn default_descending(self) -> bool {
        matches!(self, SortKey::Updated | SortKey::Opened)
    }
}

/// Which coordinator's cases to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CoordinatorFilter {
    /// Cases nobody is in charge of.
    Unassigned,
    User(Uuid),
}

/// Everything the case list is asked for. Unknown or malformed parameters are ignored rather
/// than refused: a bookmarked list keeps working after a filter value disappears.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseListQuery {
    pub text: String,
    pub stage: Option<Stage>,
    /// Open cases only (every stage but 終了) when no stage is chosen.
    pub include_closed: bool,
    pub case_type: Option<CaseType>,
    pub coordinator: Option<CoordinatorFilter>,
    pub office: Option<Uuid>,
    pub district: Option<Uuid>,
    pub flag: Option<RightsViolation>,
    pub sort: SortKey,
    pub descending: bool,
    /// Zero-based.
    pub page: u64,
}

impl Default for CaseListQuery {
    /// Open cases, most recently changed first, page one.
    fn default() -> CaseListQuery {
        CaseListQuery {
            text: String::new(),
            stage: None,
            include_closed: false,
            case_type: None,
            coordinator: None,
            office: None,
            district: None,
            flag: None,
            sort: SortKey::default(),
            descending: SortKey::default().default_descending(),
            page: 0,
        }
    }
}

impl CaseListQuery {
    /// Reads the query from URL parameters.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> CaseListQuery {
        let mut query = CaseListQuery::default();
        let mut direction = None;
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "q" => query.text = value.chars().take(QUERY_MAX_CHARS).collect(),
                "stage" => query.stage = Stage::parse(value),
                "closed" => query.include_closed = value == "1",
                "type" => query.case_type = CaseType::parse(value),
                "coordinator" => {
                    query.coordinator = match value {
                        "none" => Some(CoordinatorFilter::Unassigned),
                        other => other.parse().ok().map(CoordinatorFilter::User),
                    }
                }
                "office" => query.office = value.parse().ok(),
                "district" => query.district = value.parse().ok(),
                "flag" => query.flag = RightsViolation::parse(value),
                "sort" => query.sort = SortKey::parse(value).unwrap_or_default(),
                "dir" => direction = Some(value == "desc"),
                "page" => query.page = paging::page_from_url(value),
                _ => {}
            }
        }
        query.descending = direction.unwrap_or_else(|| query.sort.default_descending());
        query
    }

    /// The URL parameters of this query, defaults left out, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        if let Some(stage) = self.stage {
            pairs.push(("stage", stage.code().to_owned()));
        }
        if self.include_closed {
            pairs.push(("closed", "1".to_owned()));
        }
        if let Some(case_type) = self.case_type {
            pairs.push(("type", case_type.code().to_owned()));
        }
        match self.coordinator {
            Some(CoordinatorFilter::Unassigned) => pairs.push(("coordinator", "none".to_owned())),
            Some(CoordinatorFilter::User(id)) => pairs.push(("coordinator", id.to_string())),
            None => {}
        }
        if let Some(office) = self.office {
            pairs.push(("office", office.to_string()));
        }
        if let Some(district) = self.district {
            pairs.push(("district", district.to_string()));
        }
        if let Some(flag) = self.flag {
            pairs.push(("flag", flag.code().to_owned()));
        }
        if self.sort != SortKey::default() {
            pairs.push(("sort", self.sort.code().to_owned()));
        }
        if self.descending != self.sort.default_descending() {
            pairs.push(("dir", if self.descending { "desc" } else { "asc" }.to_owned()));
        }
        if let Some(page) = paging::page_to_url(self.page) {
            pairs.push(("page", page));
        }
        pairs
    }

    /// The same query on another page.
    pub fn on_page(&self, page: u64) -> CaseListQuery {
        CaseListQuery { page, ..self.clone() }
    }

    /// The same query sorted by `key`: the other direction if it already is, else the key's
    /// usual direction; back to the first page.
    pub fn sorted_by(&self, key: SortKey) -> CaseListQuery {
        let descending = if self.sort == key { !self.descending } else { key.default_descending() };
        CaseListQuery { sort: key, descending, page: 0, ..self.clone() }
    }
}

/// The number of pages `total` rows fill (at least one, so "page 1 of 1" reads right).
pub fn page_count(total: u64) -> u64 {
    paging::page_count(total, PAGE_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> CaseListQuery {
        let pairs: Vec<(&str, &str)> =
            query.split('&').filter_map(|pair| pair.split_once('=')).collect();
        CaseListQuery::from_pairs(pairs)
    }

    #[test]
    fn a_query_survives_the_round_trip_through_the_url() {
        let office = Uuid::from_u128(7);
        let query = CaseListQuery {
            text: "やまだ".to_owned(),
            stage: Some(Stage::PetitionSupport),
            include_closed: true,
            case_type: Some(CaseType::Curatorship),
            coordinator: Some(CoordinatorFilter::Unassigned),
            office: Some(office),
            district: Some(Uuid::from_u128(9)),
            flag: Some(RightsViolation::Abuse),
            sort: SortKey::Kana,
            descending: true,
            page: 3,
        };
        let pairs = query.to_pairs();
        let read = CaseListQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(read, query);
    }

    #[test]
    fn the_default_query_has_no_parameters() {
        assert!(CaseListQuery::default().to_pairs().is_empty());
        assert_eq!(parse(""), CaseListQuery::default());
        assert!(CaseListQuery::default().descending, "newest changes first");
    }

    #[test]
    fn malformed_parameters_are_ignored_not_refused() {
        let query = parse("stage=nonsense&office=not-a-uuid&page=0&page=x&flag=&sort=size");
        assert_eq!(query.stage, None);
        assert_eq!(query.office, None);
        assert_eq!(query.page, 0);
        assert_eq!(query.flag, None);
        assert_eq!(query.sort, SortKey::Updated);
    }

    #[test]
    fn choosing_the_sorted_column_again_flips_the_direction_and_returns_to_page_one() {
        let query = parse("sort=kana&page=4");
        assert!(!query.descending);
        let flipped = query.sorted_by(SortKey::Kana);
        assert!(flipped.descending);
        assert_eq!(flipped.page, 0);
        let other = flipped.sorted_by(SortKey::Opened);
        assert!(other.descending, "dates sort newest first when first chosen");
    }

    #[test]
    fn long_search_text_is_cut_and_pages_are_counted_up() {
        let long = "あ".repeat(500);
        assert_eq!(parse(&format!("q={long}")).text.chars().count(), 100);
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(50), 1);
        assert_eq!(page_count(51), 2);
    }
}
