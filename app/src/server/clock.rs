//! The application's time source. Production reads the system clock; tests provide a clock
//! they move by hand, to prove session timeouts and lockouts without waiting.

use chrono::{DateTime, Utc};
use leptos::prelude::use_context;
use std::sync::Arc;

#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>);

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(Utc::now))
    }

    pub fn from_fn(now: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(now))
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.0)()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

/// The clock in the request's context, or the system clock.
pub fn clock() -> Clock {
    use_context::<Clock>().unwrap_or_else(Clock::system)
}
