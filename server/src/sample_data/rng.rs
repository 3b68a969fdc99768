use app::domain::dates::japan_day_start;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// The PRNG

/// SplitMix64: tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
pub(super) struct Rng {
    state: u64,
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The stream for one purpose and one item (a person's index), from the run's seed.
    pub(super) fn stream(seed: u64, purpose: u64, index: u64) -> Rng {
        let key = mix(seed.wrapping_add(0x9E37_79B9_7F4A_7C15))
            ^ mix(purpose.wrapping_mul(0xD1B5_4A32_D192_ED03))
            ^ mix(index.wrapping_mul(0x8CB9_2BA7_2F3D_8DD7).wrapping_add(purpose));
        Rng { state: key }
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// A number in `0..n` (n > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `low..=high`.
    pub(super) fn range(&mut self, low: i64, high: i64) -> i64 {
        debug_assert!(low <= high, "{low}..={high}");
        let width = high.saturating_sub(low).max(0) as u64 + 1;
        low + self.below(width) as i64
    }

    pub(super) fn percent(&mut self, chance: u64) -> bool {
        self.below(100) < chance
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    pub(super) fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|(_, weight)| u64::from(*weight)).sum();
        let mut ticket = self.below(total);
        for (item, weight) in items {
            let weight = u64::from(*weight);
            if ticket < weight {
                return *item;
            }
            ticket -= weight;
        }
        items[items.len() - 1].0
    }

    /// A random (version 4) UUID from the stream: reproducible, unlike `Uuid::new_v4`.
    pub(super) fn uuid(&mut self) -> Uuid {
        let bytes = (u128::from(self.next_u64()) << 64 | u128::from(self.next_u64())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    pub(super) fn date_between(&mut self, first: NaiveDate, last: NaiveDate) -> NaiveDate {
        if last <= first {
            return first;
        }
        first + Duration::days(self.range(0, (last - first).num_days()))
    }

    /// An instant on that day in Japan during office hours (9:00–17:00).
    pub(super) fn office_hours(&mut self, date: NaiveDate) -> DateTime<Utc> {
        japan_day_start(date) + Duration::minutes(self.range(9 * 60, 17 * 60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample_data::{STREAM_DETAILS, STREAM_PLAN};

    #[test]
    fn the_prng_is_reproducible_and_streams_differ() {
        let draw = |seed, purpose, index| {
            let mut rng = Rng::stream(seed, purpose, index);
            (0..4).map(|_| rng.next_u64()).collect::<Vec<_>>()
        };
        assert_eq!(draw(7, STREAM_PLAN, 3), draw(7, STREAM_PLAN, 3));
        assert_ne!(draw(7, STREAM_PLAN, 3), draw(7, STREAM_PLAN, 4));
        assert_ne!(draw(7, STREAM_PLAN, 3), draw(7, STREAM_DETAILS, 3));
        assert_ne!(draw(7, STREAM_PLAN, 3), draw(8, STREAM_PLAN, 3));
        let mut rng = Rng::stream(1, 1, 1);
        for _ in 0..1000 {
            let n = rng.range(-3, 3);
            assert!((-3..=3).contains(&n));
        }
        assert_eq!(rng.uuid().get_version_num(), 4);
    }
}
