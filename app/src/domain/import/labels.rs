//! Category labels as ledgers spell them, matched to the app's categories and master data: the
//! Japanese or English label, the code, or a known other name (後見開始 for 後見), in any width
//! and spacing. A near miss (保左 for 保佐) is not taken: it is refused with the suggestion, so
//! the coordinator confirms it by fixing the file. Several values in one cell (motives) are
//! separated by 「、」 or 「;」.

use crate::domain::categories::Category;
use crate::domain::text::fold_full_width;

/// How a cell's text matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch<T> {
    /// The label, the code or the English label, as written (width and spaces aside).
    Exact(T),
    /// Another name the centre's sheets use for it (後見開始): taken, and listed in the report.
    Alias(T),
    /// No match, but one label is a character or two away: "did you mean …?"
    NearMiss(T),
    /// Two different entries go by this name (as compared): which one is not guessed.
    Ambiguous,
    Unknown,
}

/// The longest cell text a near miss is looked for in: labels are short, a long cell is no typo.
const NEAR_MISS_MAX_CHARS: usize = 40;

/// The text as compared: full-width folded, spaces removed, ASCII lower case.
pub fn comparable(text: &str) -> String {
    text.chars()
        .map(fold_full_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Matches `text` against names (each with its value) and other names. `None` for an empty
/// cell.
pub fn match_name<T: Copy + PartialEq>(
    text: &str,
    names: &[(&str, T)],
    aliases: &[(&str, T)],
) -> Option<NameMatch<T>> {
    let wanted = comparable(text);
    if wanted.is_empty() {
        return None;
    }
    for (index, candidates) in [names, aliases].into_iter().enumerate() {
        let mut same = candidates.iter().filter(|(name, _)| comparable(name) == wanted);
        if let Some((_, value)) = same.next() {
            if same.any(|(_, other)| other != value) {
                return Some(NameMatch::Ambiguous);
            }
            return Some(if index == 0 {
                NameMatch::Exact(*value)
            } else {
                NameMatch::Alias(*value)
            });
        }
    }
    // The nearest name, if it is near enough to be a typo and nearer than any other. A name
    // whose length differs by more than the allowance cannot be that near: it is not measured
    // (so a long cell costs no more than its length).
    let allowed = if wanted.chars().count() <= 4 { 1 } else { 2 };
    let wanted_length = wanted.chars().count();
    if wanted_length > NEAR_MISS_MAX_CHARS {
        return Some(NameMatch::Unknown);
    }
    let mut distances: Vec<(usize, T)> = names
        .iter()
        .chain(aliases)
        .map(|(name, value)| (comparable(name), *value))
        .filter(|(name, _)| name.chars().count().abs_diff(wanted_length) <= allowed)
        .map(|(name, value)| (edit_distance(&name, &wanted), value))
        .collect();
    distances.sort_by_key(|(distance, _)| *distance);
    let Some(&(best, value)) = distances.first() else {
        return Some(NameMatch::Unknown);
    };
    let tied = distances.iter().any(|(distance, other)| *distance == best && *other != value);
    Some(if best <= allowed && !tied { NameMatch::NearMiss(value) } else { NameMatch::Unknown })
}

/// Matches a category by its labels (Japanese, English) and code, and the given other names.
pub fn match_category<K: Category>(text: &str, aliases: &[(&str, K)]) -> Option<NameMatch<K>> {
    let names: Vec<(&str, K)> = K::all()
        .iter()
        .flat_map(|value| {
            [(value.label(true), *value), (value.label(false), *value), (value.code(), *value)]
        })
        .collect();
    match_name(text, &names, aliases)
}

/// The values of a cell that holds several: separated by 、 ; , (in either width) or a line
/// break, each trimmed, empty ones dropped.
pub fn split_list(text: &str) -> Vec<&str> {
    text.split(['、', ';', '；', ',', '，', '\n'])
        .map(|part| part.trim_matches(|c: char| c.is_whitespace()))
        .filter(|part| !part.is_empty())
        .collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cases::CaseType;
    use crate::domain::categories::{Motive, Sex};

    #[test]
    fn labels_codes_and_english_match_in_any_width() {
        assert_eq!(
            match_category::<CaseType>("保佐", &[]),
            Some(NameMatch::Exact(CaseType::Curatorship))
        );
        assert_eq!(
            match_category::<CaseType>(" curatorship ", &[]),
            Some(NameMatch::Exact(CaseType::Curatorship))
        );
        assert_eq!(
            match_category::<CaseType>("Curatorship", &[]),
            Some(NameMatch::Exact(CaseType::Curatorship))
        );
        assert_eq!(match_category::<Sex>("女　性", &[]), Some(NameMatch::Exact(Sex::Female)));
        assert_eq!(match_category::<CaseType>("", &[]), None);
        assert_eq!(match_category::<CaseType>("　", &[]), None);
    }

    #[test]
    fn other_names_are_taken_and_said() {
        let aliases = [("後見開始", CaseType::Guardianship), ("保佐開始", CaseType::Curatorship)];
        assert_eq!(
            match_category("後見開始", &aliases),
            Some(NameMatch::Alias(CaseType::Guardianship))
        );
        assert_eq!(
            match_category("女", &[("女", Sex::Female), ("男", Sex::Male)]),
            Some(NameMatch::Alias(Sex::Female))
        );
    }

    #[test]
    fn a_near_miss_is_a_suggestion_never_a_match() {
        assert_eq!(
            match_category::<CaseType>("保左", &[]),
            Some(NameMatch::NearMiss(CaseType::Curatorship))
        );
        assert_eq!(
            match_category::<CaseType>("guardianshp", &[]),
            Some(NameMatch::NearMiss(CaseType::Guardianship))
        );
        // Two labels equally near: no suggestion rather than a coin toss.
        assert_eq!(match_name("ab", &[("aa", 1), ("bb", 2)], &[]), Some(NameMatch::Unknown));
        assert_eq!(match_category::<CaseType>("全然違う", &[]), Some(NameMatch::Unknown));
        assert_eq!(
            match_category::<CaseType>(&"保".repeat(100_000), &[]),
            Some(NameMatch::Unknown)
        );
    }

    #[test]
    fn two_entries_of_one_name_are_not_guessed_between() {
        let districts = [("北地区", 1), ("北 地区", 2), ("南地区", 3)];
        assert_eq!(match_name("北地区", &districts, &[]), Some(NameMatch::Ambiguous));
        assert_eq!(match_name("南地区", &districts, &[]), Some(NameMatch::Exact(3)));
    }

    #[test]
    fn several_values_in_a_cell() {
        assert_eq!(
            split_list("身上保護、相続手続;  介護保険契約 ；"),
            ["身上保護", "相続手続", "介護保険契約"]
        );
        assert_eq!(split_list(" 、 "), Vec::<&str>::new());
        let motives: Vec<_> = split_list("身上保護、相続手続")
            .into_iter()
            .map(|m| match_category::<Motive>(m, &[]))
            .collect();
        assert_eq!(
            motives,
            [
                Some(NameMatch::Exact(Motive::PersonalWelfare)),
                Some(NameMatch::Exact(Motive::Inheritance))
            ]
        );
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("保左", "保佐"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
