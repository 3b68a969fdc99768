//! Password hashing with Argon2id (the `password-auth` crate, OWASP's parameters: 19 MiB,
//! two passes). Hashing takes tens of milliseconds of CPU and the memory above, so it runs on
//! the blocking pool, at most one hash per core at a time: a burst of sign-ins queues here
//! instead of starving the server's async workers.

use crate::api::AppError;
use crate::domain::accounts::{LoginId, NewPassword};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

static HASHING_SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    Semaphore::new(cores)
});

/// A hash of a password nobody knows, verified against when the account does not exist, so
/// that "no such user" takes as long as "wrong password" and timing reveals nothing.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| password_auth::generate_hash("no account has this password"));

async fn on_blocking_pool<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _slot = HASHING_SLOTS.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        tracing::error!(%error, "password hashing task failed");
        AppError::Internal
    })
}

/// The PHC string to store for a new password.
pub async fn hash(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    on_blocking_pool(move || password_auth::generate_hash(password)).await
}

/// Whether the password matches the stored hash. Without a hash (unknown account) the work is
/// done all the same and the answer is no.
pub async fn verify(password: &str, stored_hash: Option<&str>) -> Result<bool, AppError> {
    let password = password.to_owned();
    let stored = stored_hash.map(str::to_owned);
    on_blocking_pool(move || match stored {
        Some(hash) => password_auth::verify_password(password, &hash).is_ok(),
        None => {
            let _ = password_auth::verify_password(password, &DUMMY_HASH);
            false
        }
    })
    .await
}

/// Letters and digits that cannot be mistaken for each other when read aloud or copied from a
/// screen (no 0/o, 1/l/i).
const ONE_TIME_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A one-time password an administrator hands over (16 characters, about 79 bits, in groups of
/// four). The user must replace it at the next sign-in.
pub fn one_time_password() -> Result<String, AppError> {
    unambiguous_code(4, 4)
}

/// A one-time password the login id's password policy accepts (it must not contain the id;
/// a draw that does is drawn again).
pub fn one_time_password_for(login_id: &LoginId) -> Result<String, AppError> {
    loop {
        let candidate = one_time_password()?;
        if NewPassword::parse(&candidate, login_id).is_ok() {
            return Ok(candidate);
        }
    }
}

/// `groups` groups of `size` random characters from [`ONE_TIME_ALPHABET`], joined by dashes:
/// one-time passwords and recovery codes, read off a screen or paper.
pub fn unambiguous_code(groups: usize, size: usize) -> Result<String, AppError> {
    // Bytes at or above the largest multiple of the alphabet's size are dropped, so that every
    // character is equally likely.
    let limit = u8::try_from(256 / ONE_TIME_ALPHABET.len() * ONE_TIME_ALPHABET.len() - 1)
        .unwrap_or(u8::MAX);
    let count = groups * size;
    let mut characters = Vec::with_capacity(count);
    while characters.len() < count {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|error| {
            tracing::error!(%error, "no randomness for a one-time code");
            AppError::Internal
        })?;
        characters.extend(bytes.iter().filter(|byte| **byte <= limit).map(|byte| {
            char::from(ONE_TIME_ALPHABET[usize::from(*byte) % ONE_TIME_ALPHABET.len()])
        }));
    }
    characters.truncate(count);
    Ok(characters
        .chunks(size)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_time_passwords_are_four_groups_of_unambiguous_characters() {
        let password = one_time_password().unwrap();
        assert_eq!(password.len(), 19);
        let groups: Vec<&str> = password.split('-').collect();
        assert_eq!(groups.len(), 4);
        assert!(
            groups.iter().all(|group| group.len() == 4
                && group.bytes().all(|byte| ONE_TIME_ALPHABET.contains(&byte)))
        );
        assert_ne!(password, one_time_password().unwrap());
    }
}
