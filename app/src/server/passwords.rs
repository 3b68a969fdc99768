//! Password hashing with Argon2id (the `password-auth` crate, OWASP's parameters: 19 MiB,
//! two passes). Hashing takes tens of milliseconds of CPU and the memory above, so it runs on
//! the blocking pool, at most one hash per core at a time: a burst of sign-ins queues here
//! instead of starving the server's async workers.

use crate::api::AppError;
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
