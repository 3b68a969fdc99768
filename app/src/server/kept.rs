//! A table of values computed from the database, all as of one data version
//! ([`DataVersion`](crate::server::data_version::DataVersion)): a newer version empties it,
//! since none of them can be served again. The building block of the read cache.

use sea_orm::DbErr;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Entries a table holds at most unless told otherwise: keys a user chooses (a search text)
/// could otherwise grow it without bound between two writes. Full, it starts again empty.
const MOST_ENTRIES: usize = 1_000;

pub struct Kept<K, V> {
    table: Mutex<(String, HashMap<K, V>)>,
    most_entries: usize,
    /// Held while computing when the values are costly to compute: when the data changes under
    /// 32 waiting requests, the first computes and the others take its value instead of
    /// computing 31 more times.
    computing: tokio::sync::Mutex<()>,
    /// How many times a value was computed (rather than taken from the table).
    computed: AtomicU64,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept::holding_at_most(MOST_ENTRIES)
    }
}

impl<K, V> Kept<K, V> {
    /// A table of at most `most_entries` values (for large values).
    pub fn holding_at_most(most_entries: usize) -> Self {
        Kept {
            table: Mutex::new((String::new(), HashMap::new())),
            most_entries,
            computing: Default::default(),
            computed: AtomicU64::new(0),
        }
    }
}

/// Whether concurrent requests for values not yet kept compute them one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Computing {
    /// Costly figures (aggregates over the whole centre): one computes, the others wait.
    OneAtATime,
    /// Cheap reads with keys of their own (a session, a list page): each computes its own.
    Concurrently,
}

impl<K: Eq + Hash, V: Clone> Kept<K, V> {
    /// The kept value for `key` if the data is still at the version it was computed at, else
    /// `compute`d and kept. `version` asks the database for its current version.
    pub async fn through<E, Version, Computed>(
        &self,
        version: impl Fn() -> Version,
        computing: Computing,
        key: K,
        compute: impl FnOnce() -> Computed,
    ) -> Result<V, E>
    where
        E: From<DbErr>,
        Version: Future<Output = Result<String, DbErr>>,
        Computed: Future<Output = Result<V, E>>,
    {
        let seen = version().await?;
        if let Some(value) = self.get(&key, &seen) {
            return Ok(value);
        }
        let (_turn, version) = match computing {
            Computing::Concurrently => (None, seen),
            Computing::OneAtATime => {
                let turn = self.computing.lock().await;
                // Another request may have computed it while this one waited.
                let version = version().await?;
                if let Some(value) = self.get(&key, &version) {
                    return Ok(value);
                }
                (Some(turn), version)
            }
        };
        // The version was read before computing: a write committed meanwhile moves it again,
        // so a value is never kept under a version newer than the data it saw.
        let value = compute().await?;
        self.computed.fetch_add(1, Ordering::Relaxed);
        self.keep(key, version, value.clone());
        Ok(value)
    }

    /// How many times a value was computed since the table was made.
    pub fn computed(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }

    fn get(&self, key: &K, version: &str) -> Option<V> {
        let table = self.table.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if table.0 == version { table.1.get(key).cloned() } else { None }
    }

    fn keep(&self, key: K, version: String, value: V) {
        let mut table = self.table.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if table.0 != version || table.1.len() >= self.most_entries {
            *table = (version, HashMap::new());
        }
        table.1.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn at(version: &'static str) -> impl Fn() -> std::future::Ready<Result<String, DbErr>> {
        move || std::future::ready(Ok(version.to_owned()))
    }

    async fn read(
        kept: &Kept<u32, String>,
        version: &'static str,
        key: u32,
        calls: &AtomicUsize,
    ) -> String {
        kept.through::<DbErr, _, _>(at(version), Computing::Concurrently, key, || async {
            let call = calls.fetch_add(1, Ordering::Relaxed);
            Ok(format!("{key} computed {call}"))
        })
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn a_value_is_computed_once_per_key_and_version() {
        let kept = Kept::default();
        let calls = AtomicUsize::new(0);
        assert_eq!(read(&kept, "v1", 7, &calls).await, "7 computed 0");
        assert_eq!(read(&kept, "v1", 7, &calls).await, "7 computed 0");
        assert_eq!(read(&kept, "v1", 8, &calls).await, "8 computed 1");
        assert_eq!(kept.computed(), 2);
        // A new version computes again, and forgets the old version's values.
        assert_eq!(read(&kept, "v2", 7, &calls).await, "7 computed 2");
        assert_eq!(read(&kept, "v2", 8, &calls).await, "8 computed 3");
        assert_eq!(kept.computed(), 4);
    }

    #[tokio::test]
    async fn a_failed_computation_keeps_nothing() {
        let kept: Kept<u32, String> = Kept::default();
        let failed = kept
            .through::<DbErr, _, _>(at("v1"), Computing::OneAtATime, 1, || async {
                Err(DbErr::Custom("down".into()))
            })
            .await;
        assert!(failed.is_err());
        let calls = AtomicUsize::new(0);
        assert_eq!(read(&kept, "v1", 1, &calls).await, "1 computed 0");
    }

    #[tokio::test]
    async fn a_full_table_starts_again_empty() {
        let kept = Kept::default();
        let calls = AtomicUsize::new(0);
        for key in 0..MOST_ENTRIES as u32 {
            read(&kept, "v1", key, &calls).await;
        }
        read(&kept, "v1", 0, &calls).await;
        assert_eq!(kept.computed(), MOST_ENTRIES as u64, "still kept while not full");
        read(&kept, "v1", MOST_ENTRIES as u32, &calls).await;
        read(&kept, "v1", 0, &calls).await;
        assert_eq!(kept.computed(), MOST_ENTRIES as u64 + 2, "emptied when full");
    }
}
