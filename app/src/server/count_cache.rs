//! Counts already made, kept by what was counted: the officials' comparison
//! page counts the same ballots with every rule (seconds of CPU on a large
//! campaign), and reloading it or switching the campaign's rule must not
//! count them all again.
//!
//! Keyed by the input digest ([`super::tally::TallyInput::digest`]), which
//! fixes the projects, their order and costs, the budget and the ballots,
//! hence every rule's outcome. Only one count runs through a cache at a
//! time: a request for the same input waits for it and then finds it ready,
//! and a burst of requests cannot occupy every core.

use std::collections::VecDeque;
use std::sync::Arc;

use tokio::sync::Mutex;

use crate::error::AppError;

/// How many inputs are kept; the least recently used leaves first.
const KEPT: usize = 8;

/// Values computed on a blocking thread, kept per input digest. Cheap to
/// clone (shared).
#[derive(Clone)]
pub struct CountCache<V> {
    kept: Arc<Mutex<Kept<V>>>,
}

/// Values by digest, the most recently used last.
type Kept<V> = VecDeque<(String, Arc<V>)>;

impl<V> Default for CountCache<V> {
    fn default() -> Self {
        Self {
            kept: Arc::new(Mutex::new(VecDeque::with_capacity(KEPT))),
        }
    }
}

impl<V: Send + Sync + 'static> CountCache<V> {
    /// The value kept for `digest`, else `count()` run on a blocking thread
    /// and kept.
    ///
    /// # Errors
    /// [`AppError::Internal`] if `count` panicked (nothing is kept then).
    pub async fn get_or_count(
        &self,
        digest: &str,
        count: impl FnOnce() -> V + Send + 'static,
    ) -> Result<Arc<V>, AppError> {
        let mut kept = self.kept.lock().await;
        if let Some(at) = kept.iter().position(|(d, _)| d == digest) {
            let entry = kept.remove(at).ok_or(AppError::Internal)?;
            let value = Arc::clone(&entry.1);
            kept.push_back(entry);
            return Ok(value);
        }
        let value = tokio::task::spawn_blocking(count)
            .await
            .map(Arc::new)
            .map_err(|error| {
                tracing::error!(%error, "count interrupted");
                AppError::Internal
            })?;
        if kept.len() == KEPT {
            kept.pop_front();
        }
        kept.push_back((digest.to_owned(), Arc::clone(&value)));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Counts through `cache`, noting each real count in `counted`.
    async fn count(cache: &CountCache<String>, digest: &str, counted: &Arc<AtomicUsize>) -> String {
        let (counted, owned) = (Arc::clone(counted), digest.to_owned());
        let value = cache
            .get_or_count(digest, move || {
                counted.fetch_add(1, Ordering::SeqCst);
                format!("outcome of {owned}")
            })
            .await
            .expect("counted");
        value.as_str().to_owned()
    }

    #[tokio::test]
    async fn the_same_input_is_counted_once() {
        let (cache, counted) = (CountCache::default(), Arc::new(AtomicUsize::new(0)));
        assert_eq!(count(&cache, "a", &counted).await, "outcome of a");
        assert_eq!(count(&cache, "a", &counted).await, "outcome of a");
        assert_eq!(counted.load(Ordering::SeqCst), 1);
        assert_eq!(count(&cache, "b", &counted).await, "outcome of b");
        assert_eq!(counted.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn concurrent_requests_share_one_count() {
        let (cache, counted) = (CountCache::default(), Arc::new(AtomicUsize::new(0)));
        let (first, second) =
            tokio::join!(count(&cache, "a", &counted), count(&cache, "a", &counted));
        assert_eq!(
            (first.as_str(), second.as_str()),
            ("outcome of a", "outcome of a")
        );
        assert_eq!(counted.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn the_least_recently_used_input_leaves_first() {
        let (cache, counted) = (CountCache::default(), Arc::new(AtomicUsize::new(0)));
        for i in 0..KEPT {
            count(&cache, &i.to_string(), &counted).await;
        }
        // "0" is used again, so "1" is the one to leave for a new input.
        count(&cache, "0", &counted).await;
        count(&cache, "new", &counted).await;
        assert_eq!(counted.load(Ordering::SeqCst), KEPT + 1);
        count(&cache, "0", &counted).await;
        assert_eq!(counted.load(Ordering::SeqCst), KEPT + 1);
        count(&cache, "1", &counted).await;
        assert_eq!(counted.load(Ordering::SeqCst), KEPT + 2);
    }

    #[tokio::test]
    async fn a_count_that_panics_is_an_internal_error_and_is_not_kept() {
        let cache: CountCache<String> = CountCache::default();
        let failed = cache.get_or_count("a", || panic!("engine bug")).await;
        assert_eq!(failed.err(), Some(AppError::Internal));
        let counted = Arc::new(AtomicUsize::new(0));
        assert_eq!(count(&cache, "a", &counted).await, "outcome of a");
        assert_eq!(counted.load(Ordering::SeqCst), 1);
    }
}
