//! Latencies collected in the process, summed up as wrk sums up its own.

use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct Timings {
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub errors: usize,
}

impl Timings {
    pub fn of(mut latencies: Vec<Duration>, elapsed: Duration, errors: usize) -> Timings {
        latencies.sort_unstable();
        let at = |fraction: f64| {
            let index = ((latencies.len() as f64 * fraction).ceil() as usize).saturating_sub(1);
            latencies.get(index).copied().unwrap_or_default()
        };
        Timings {
            per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
            p50: at(0.50),
            p99: at(0.99),
            errors,
        }
    }
}

impl From<super::wrk::Figures> for Timings {
    fn from(figures: super::wrk::Figures) -> Timings {
        Timings {
            per_second: figures.requests_per_second,
            p50: figures.p50,
            p99: figures.p99,
            errors: usize::try_from(figures.errors).unwrap_or(usize::MAX),
        }
    }
}
