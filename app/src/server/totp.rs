//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): the codes authenticator apps
//! show. SHA-1, six digits, 30-second steps: the parameters every app supports.

use hmac::{KeyInit, Mac};

pub const STEP_SECONDS: i64 = 30;
const DIGITS: u32 = 6;
/// Codes of the previous and next step are accepted too: phone clocks drift.
const ALLOWED_DRIFT_STEPS: i64 = 1;
/// 160 bits, the size RFC 4226 recommends for an HMAC-SHA-1 key.
pub const SECRET_BYTES: usize = 20;

/// The 30-second step an instant (Unix seconds) falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code of one step (RFC 4226 section 5.3's dynamic truncation).
pub fn code_at_step(secret: &[u8], step: i64) -> String {
    let mut mac =
        hmac::Hmac::<sha1::Sha1>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:0width$}", binary % 10u32.pow(DIGITS), width = DIGITS as usize)
}

/// The step whose code `code` is, if it is one of the steps around `unix_seconds` and later
/// than `last_used_step` (a code is never accepted twice, so one seen over a shoulder or
/// phished is worthless once used).
pub fn verify(
    secret: &[u8],
    code: &str,
    unix_seconds: i64,
    last_used_step: Option<i64>,
) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_seconds);
    (now - ALLOWED_DRIFT_STEPS..=now + ALLOWED_DRIFT_STEPS)
        .filter(|step| last_used_step.is_none_or(|last| *step > last))
        .find(|step| constant_time_eq(code_at_step(secret, *step).as_bytes(), code.as_bytes()))
}

/// Compares without stopping at the first difference, so timing does not reveal how many
/// leading digits were right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

const BASE32_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding: how authenticator apps take a secret.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32_ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32_ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes [`base32_encode`]'s output (case-insensitive, spaces ignored).
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value =
            BASE32_ALPHABET.iter().position(|a| char::from(*a) == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | u32::try_from(value).ok()?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn provisioning_uri(issuer: &str, account: &str, secret_base32: &str) -> String {
    let label = percent_encode(&format!("{issuer}:{account}"));
    format!(
        "otpauth://totp/{label}?secret={secret_base32}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        percent_encode(issuer)
    )
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B: the SHA-1 secret is the ASCII "12345678901234567890".
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        // The RFC lists eight digits; six-digit codes are their last six.
        for (time, eight_digits) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at_step(RFC_SECRET, step_at(time)), eight_digits[2..]);
        }
    }

    #[test]
    fn a_code_is_accepted_within_one_step_of_drift_and_never_twice() {
        let now = 1_234_567_890;
        let code = code_at_step(RFC_SECRET, step_at(now));
        let step = verify(RFC_SECRET, &code, now, None).unwrap();
        assert_eq!(step, step_at(now));
        assert_eq!(verify(RFC_SECRET, &code, now + 30, None), Some(step), "phone 30 s behind");
        assert_eq!(verify(RFC_SECRET, &code, now + 90, None), None, "too old");
        assert_eq!(verify(RFC_SECRET, &code, now, Some(step)), None, "already used");
        assert_eq!(
            verify(RFC_SECRET, &format!(" {} {} ", &code[..3], &code[3..]), now, None),
            Some(step)
        );
    }

    #[test]
    fn anything_but_six_digits_is_refused() {
        for wrong in ["", "12345", "1234567", "abcdef", "12345x"] {
            assert_eq!(verify(RFC_SECRET, wrong, 59, None), None, "{wrong:?}");
        }
    }

    #[test]
    fn base32_matches_rfc_4648_and_round_trips() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_encode(b"f"), "MY");
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert_eq!(base32_decode("MZXW6YTBOI======").unwrap(), b"foobar");
        assert_eq!(base32_decode("not base32!"), None);
        let secret = [7u8; SECRET_BYTES];
        assert_eq!(base32_decode(&base32_encode(&secret)).unwrap(), secret);
    }

    #[test]
    fn the_provisioning_uri_names_issuer_account_and_parameters() {
        assert_eq!(
            provisioning_uri("Kōken Desk", "tanaka", "MZXW6YTBOI"),
            "otpauth://totp/K%C5%8Dken%20Desk:tanaka?secret=MZXW6YTBOI&issuer=K%C5%8Dken%20Desk&algorithm=SHA1&digits=6&period=30"
        );
    }
}
