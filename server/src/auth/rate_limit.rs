//! The per-address limit on failed sign-ins. The per-account lockout stops guessing one
//! account's password; this stops one address from trying many accounts. Only failures count,
//! so a whole office signing in at nine behind one address is never slowed down.
//!
//! The count lives in this process's memory: behind a load balancer each server counts its own
//! share, which still bounds an attacker to a small multiple of the limit.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug)]
pub struct SignInLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
}

/// Beyond this many addresses, forgotten failures are swept out on the next record.
const SWEEP_ABOVE_ADDRESSES: usize = 10_000;

impl SignInLimiter {
    pub fn new(max_failures: usize, window: Duration) -> SignInLimiter {
        SignInLimiter { max_failures, window, failures: Mutex::new(HashMap::new()) }
    }

    /// Whether the address has used up its failures within the window.
    pub fn is_limited(&self, address: &str, now: DateTime<Utc>) -> bool {
        let failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        failures.get(address).is_some_and(|times| {
            times.iter().filter(|time| now - **time < self.window).count() >= self.max_failures
        })
    }

    pub fn record_failure(&self, address: &str, now: DateTime<Utc>) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if failures.len() > SWEEP_ABOVE_ADDRESSES {
            failures.retain(|_, times| times.iter().any(|time| now - *time < self.window));
        }
        let times = failures.entry(address.to_owned()).or_default();
        times.retain(|time| now - *time < self.window);
        times.push(now);
    }
}

impl Default for SignInLimiter {
    /// 30 failed sign-ins per address in 10 minutes.
    fn default() -> Self {
        SignInLimiter::new(30, Duration::minutes(10))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_limited_after_its_failures_until_the_window_passes() {
        let limiter = SignInLimiter::new(3, Duration::minutes(10));
        let start: DateTime<Utc> = "2026-04-01T09:00:00Z".parse().unwrap();
        for minute in 0..3 {
            assert!(!limiter.is_limited("192.0.2.7", start + Duration::minutes(minute)));
            limiter.record_failure("192.0.2.7", start + Duration::minutes(minute));
        }
        assert!(limiter.is_limited("192.0.2.7", start + Duration::minutes(3)));
        assert!(!limiter.is_limited("192.0.2.8", start + Duration::minutes(3)), "others are not");
        assert!(!limiter.is_limited("192.0.2.7", start + Duration::minutes(11)));
    }
}
