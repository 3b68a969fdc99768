//! Page numbers of the paged lists (cases, guardians, deadlines): how they stand in the URL,
//! where a page starts, and how many pages a count fills. Pages count from zero in the code and
//! from one in the address, where people read and type them.

/// The page a URL's `page=` value names, counted from zero; the first page for anything that is
/// not a page number, so a mistyped or stale bookmark still opens the list.
pub fn page_from_url(value: &str) -> u64 {
    value.trim().parse::<u64>().ok().and_then(|page| page.checked_sub(1)).unwrap_or(0)
}

/// The `page=` value for `page` (counted from zero); none for the first page, which the URL
/// leaves out.
pub fn page_to_url(page: u64) -> Option<String> {
    (page > 0).then(|| (page + 1).to_string())
}

/// The first row of `page`, counted from zero; none past any list this app could hold, so a
/// page number typed into the URL cannot overflow the OFFSET the drivers bind as a signed
/// 64-bit number (a page that far out is simply empty).
pub fn first_row(page: u64, page_size: u64) -> Option<u64> {
    page.checked_mul(page_size).filter(|offset| *offset < 1 << 40)
}

/// The number of pages `total` rows fill: at least one, so "page 1 of 1" reads right.
pub fn page_count(total: u64, page_size: u64) -> u64 {
    total.div_ceil(page_size).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_pages_count_from_one_and_anything_else_is_the_first() {
        assert_eq!(page_from_url("1"), 0);
        assert_eq!(page_from_url(" 3 "), 2);
        for junk in ["0", "", "x", "-2", "1.5", "99999999999999999999999"] {
            assert_eq!(page_from_url(junk), 0, "{junk:?}");
        }
        assert_eq!(page_to_url(0), None);
        assert_eq!(page_to_url(2).as_deref(), Some("3"));
        for page in [0, 1, 7, 1_000] {
            let written = page_to_url(page).unwrap_or_else(|| "1".to_owned());
            assert_eq!(page_from_url(&written), page);
        }
    }

    #[test]
    fn rows_start_where_the_page_does_and_far_pages_have_none() {
        assert_eq!(first_row(0, 50), Some(0));
        assert_eq!(first_row(3, 50), Some(150));
        assert_eq!(first_row(u64::MAX / 50 + 1, 50), None);
        assert_eq!(first_row(1 << 40, 50), None);
    }

    #[test]
    fn a_count_fills_whole_pages_and_never_none() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
        assert_eq!(page_count(101, 25), 5);
    }
}
