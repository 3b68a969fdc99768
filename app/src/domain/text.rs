//! Text as people type and read it: full-width ASCII and the ideographic space folded to their
//! ASCII forms, as NFKC would fold them (without pulling a Unicode normalisation table into the
//! browser's wasm), and counts with their thousands grouped.

/// Full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their ASCII forms; every
/// other character as it is.
pub fn fold_full_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        other => other,
    }
}

/// A count with its thousands grouped, as both Japanese and English write it: 50,000.
pub fn grouped_digits(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped_digits(0), "0");
        assert_eq!(grouped_digits(999), "999");
        assert_eq!(grouped_digits(50_000), "50,000");
        assert_eq!(grouped_digits(1_234_567), "1,234,567");
    }

    #[test]
    fn full_width_ascii_and_the_ideographic_space_fold() {
        let folded: String = "Ａｂ１２　＝＠～あ".chars().map(fold_full_width).collect();
        assert_eq!(folded, "Ab12 =@~あ");
    }
}
