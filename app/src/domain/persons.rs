//! A person's record (本人情報): what a valid one holds, and how names are kept searchable.

use crate::domain::search::normalize_for_search;
use chrono::{Datelike, NaiveDate};

/// Longest name or kana the forms accept, in characters.
pub const NAME_MAX_CHARS: usize = 100;

/// The oldest birth year a record accepts: nobody alive was born before it.
const EARLIEST_BIRTH_YEAR: i32 = 1900;

/// What is wrong with a person's name, kana or date of birth. Codes are translated by pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonProblem {
    NameRequired,
    NameTooLong,
    KanaRequired,
    /// Kana holds something other than kana, spaces and the long-vowel mark.
    KanaNotKana,
    BirthInFuture,
    BirthTooEarly,
}

impl PersonProblem {
    pub fn code(self) -> &'static str {
        match self {
            PersonProblem::NameRequired => "required",
            PersonProblem::NameTooLong => "too_long",
            PersonProblem::KanaRequired => "required",
            PersonProblem::KanaNotKana => "kana_only",
            PersonProblem::BirthInFuture => "date_in_future",
            PersonProblem::BirthTooEarly => "birth_too_early",
        }
    }

    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            PersonProblem::NameRequired | PersonProblem::NameTooLong => "name",
            PersonProblem::KanaRequired | PersonProblem::KanaNotKana => "name_kana",
            PersonProblem::BirthInFuture | PersonProblem::BirthTooEarly => "date_of_birth",
        }
    }
}

/// A name as stored: trimmed, inner runs of spaces (ASCII or ideographic) made one
/// ideographic space, as Japanese forms write 姓　名.
pub fn tidy_name(name: &str) -> Result<String, PersonProblem> {
    let parts: Vec<&str> = name.split([' ', '\u{3000}', '\t']).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Err(PersonProblem::NameRequired);
    }
    let tidy = parts.join("\u{3000}");
    if tidy.chars().count() > NAME_MAX_CHARS {
        return Err(PersonProblem::NameTooLong);
    }
    Ok(tidy)
}

/// Kana as stored: full-width katakana, whatever the user typed (hiragana, half-width).
pub fn tidy_kana(kana: &str) -> Result<String, PersonProblem> {
    let tidy = tidy_name(kana).map_err(|problem| match problem {
        PersonProblem::NameRequired => PersonProblem::KanaRequired,
        other => other,
    })?;
    // normalize_for_search folds hiragana and half-width kana to katakana; its spaces are
    // dropped, so fold each part and join them again.
    let folded: Vec<String> = tidy.split('\u{3000}').map(normalize_for_search).collect();
    let is_kana = |c: char| ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー' || c == '・';
    if folded.iter().any(|part| !part.chars().all(is_kana)) {
        return Err(PersonProblem::KanaNotKana);
    }
    Ok(folded.join("\u{3000}"))
}

/// A date of birth a record accepts: not after `today`, not before 1900.
pub fn check_birth(date: NaiveDate, today: NaiveDate) -> Result<NaiveDate, PersonProblem> {
    if date > today {
        return Err(PersonProblem::BirthInFuture);
    }
    if date.year() < EARLIEST_BIRTH_YEAR {
        return Err(PersonProblem::BirthTooEarly);
    }
    Ok(date)
}

/// The text a person is found by: name and kana folded together.
pub fn search_text(name: &str, kana: &str) -> String {
    format!("{} {}", normalize_for_search(name), normalize_for_search(kana))
}

/// Full years of age on `on`, by calendar birthday (a 29 February birthday counts as passed
/// on 1 March in common years), as the court's statistics count age at petition.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth {
        return None;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn names_are_trimmed_and_spaced_with_one_ideographic_space() {
        assert_eq!(tidy_name("  山田   太郎 ").unwrap(), "山田\u{3000}太郎");
        assert_eq!(tidy_name("山田\u{3000}\u{3000}太郎").unwrap(), "山田\u{3000}太郎");
        assert_eq!(tidy_name(" \u{3000} "), Err(PersonProblem::NameRequired));
        assert_eq!(tidy_name(&"あ".repeat(101)), Err(PersonProblem::NameTooLong));
    }

    #[test]
    fn kana_is_stored_as_full_width_katakana_whatever_was_typed() {
        assert_eq!(tidy_kana("やまだ たろう").unwrap(), "ヤマダ\u{3000}タロウ");
        assert_eq!(tidy_kana("ﾔﾏﾀﾞ ﾀﾛｳ").unwrap(), "ヤマダ\u{3000}タロウ");
        assert_eq!(tidy_kana("サトウ　ユーコ").unwrap(), "サトウ\u{3000}ユーコ");
        assert_eq!(tidy_kana("山田 太郎"), Err(PersonProblem::KanaNotKana));
        assert_eq!(tidy_kana("Yamada"), Err(PersonProblem::KanaNotKana));
        assert_eq!(tidy_kana(""), Err(PersonProblem::KanaRequired));
    }

    #[test]
    fn a_birth_date_is_neither_in_the_future_nor_before_1900() {
        let today = day("2026-11-26");
        assert!(check_birth(day("1940-02-29"), today).is_ok());
        assert_eq!(check_birth(day("2026-11-27"), today), Err(PersonProblem::BirthInFuture));
        assert_eq!(check_birth(day("1899-12-31"), today), Err(PersonProblem::BirthTooEarly));
    }

    #[test]
    fn a_name_is_found_by_kanji_or_by_kana_in_any_script_or_width() {
        let text = search_text("山田\u{3000}太郎", "ヤマダ\u{3000}タロウ");
        for query in ["山田", "太郎", "やまだ", "ﾔﾏﾀﾞ", "ヤマダタロウ", "たろう"]
        {
            assert!(text.contains(&normalize_for_search(query)), "{query}");
        }
    }

    #[test]
    fn age_counts_full_years_and_a_leap_day_birthday_turns_on_the_first_of_march() {
        assert_eq!(age_on(day("1940-05-10"), day("2026-05-09")), Some(85));
        assert_eq!(age_on(day("1940-05-10"), day("2026-05-10")), Some(86));
        assert_eq!(age_on(day("1940-02-29"), day("2027-02-28")), Some(86));
        assert_eq!(age_on(day("1940-02-29"), day("2027-03-01")), Some(87));
        assert_eq!(age_on(day("2000-01-01"), day("1999-12-31")), None);
    }
}
