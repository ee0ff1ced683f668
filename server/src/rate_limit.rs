//! Posts per client: at most `limit` accepted posts in any sliding window of
//! `window` seconds.
//!
//! [`RateLimit`] is the one interface the API calls. [`InMemory`] keeps the
//! counts in this process (enough for one instance, the SQLite default); a
//! storage backend shared by several instances (PostgreSQL) implements the
//! same trait with its counts in the database, so that a client alternating
//! between instances is refused at the same count as on one.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::client::ClientKey;
use crate::store::StoreError;

/// Decides whether a client may post now.
///
/// Implementations must be cheap per call (O(1) in the number of clients)
/// and bounded in memory; `check` is called once per post that passed
/// validation, and counts that post when it returns `Ok(Ok(()))`. The key is
/// what the client is counted under (IPv4 address or IPv6 /64);
/// `key.to_string()` is a stable text form for a database column. It is
/// async and may fail because the counts may live in a database
/// (`store::Shared`).
#[async_trait::async_trait]
pub trait RateLimit: Send + Sync {
    /// Records one post by `client` now, or refuses it with the number of
    /// whole seconds (at least 1) after which a post would be accepted.
    async fn check(&self, client: &ClientKey) -> Result<Result<(), u64>, StoreError>;
}

/// Clients remembered per generation before the oldest generation is
/// dropped early (see [`InMemory`]).
pub const CLIENTS_PER_GENERATION: usize = 50_000;

/// The in-process limiter: a sliding log of up to `limit` post times per
/// client, in two generations of at most [`CLIENTS_PER_GENERATION`] clients
/// each. A client is looked up in the current generation, then in the
/// previous one (and moved to the current). Once the current generation is a
/// window old, the previous one is dropped whole: every client in it last
/// posted more than a window ago, so forgetting it changes no answer. Each
/// post is therefore O(1), and memory is bounded by 2 × 50 000 clients ×
/// `limit` times (about 13 MB at the default limit of 5). Only when more than
/// 50 000 clients post within one window is a generation dropped early, and
/// some clients forgotten before their window ends (logged).
pub struct InMemory {
    limit: usize,
    window: Duration,
    per_generation: usize,
    started: Instant,
    state: Mutex<Generations>,
}

#[derive(Default)]
struct Generations {
    current: HashMap<ClientKey, Posts>,
    previous: HashMap<ClientKey, Posts>,
    /// When `current` began, in ms since `started`.
    current_since: u64,
}

/// A client's accepted posts within the window, oldest first, in ms since
/// the limiter started.
type Posts = VecDeque<u64>;

impl InMemory {
    /// `limit` posts per `window_secs`; a limit of 0 allows everything.
    pub fn new(limit: u32, window_secs: u64) -> InMemory {
        InMemory::with_capacity(limit, window_secs, CLIENTS_PER_GENERATION)
    }

    fn with_capacity(limit: u32, window_secs: u64, per_generation: usize) -> InMemory {
        InMemory {
            limit: limit as usize,
            window: Duration::from_secs(window_secs.max(1)),
            per_generation,
            started: Instant::now(),
            state: Mutex::new(Generations::default()),
        }
    }

    /// Clients remembered now (both generations).
    pub fn clients(&self) -> usize {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.current.len() + state.previous.len()
    }

    fn check_at(&self, client: &ClientKey, now: Instant) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let now = now.saturating_duration_since(self.started).as_millis() as u64;
        let window = self.window.as_millis() as u64;
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let dropped = self.rotate(&mut state, now, window);
        let answer = self.record(&mut state, client, now, window);
        drop(state);
        // Freed outside the lock: other posts need not wait for it.
        drop(dropped);
        answer
    }

    /// Starts a new generation when the current one is a window old or full;
    /// returns the generation dropped.
    fn rotate(&self, state: &mut Generations, now: u64, window: u64) -> HashMap<ClientKey, Posts> {
        let aged = now.saturating_sub(state.current_since) >= window;
        let full = state.current.len() >= self.per_generation;
        if !aged && !full {
            return HashMap::new();
        }
        if full && !aged {
            tracing::warn!(
                clients = state.current.len() + state.previous.len(),
                "more clients than the rate limiter keeps posted within one window: forgetting the oldest"
            );
        }
        state.current_since = now;
        let current = std::mem::take(&mut state.current);
        std::mem::replace(&mut state.previous, current)
    }

    fn record(&self, state: &mut Generations, client: &ClientKey, now: u64, window: u64) -> Result<(), u64> {
        if !state.current.contains_key(client) {
            let earlier = state.previous.remove(client).unwrap_or_default();
            state.current.insert(*client, earlier);
        }
        let posts = state.current.get_mut(client).expect("inserted above");
        while posts.front().is_some_and(|&t| now.saturating_sub(t) >= window) {
            posts.pop_front();
        }
        if posts.len() >= self.limit {
            let oldest = posts.front().copied().unwrap_or(now);
            let wait_ms = window.saturating_sub(now.saturating_sub(oldest));
            return Err(wait_ms.div_ceil(1000).max(1));
        }
        posts.push_back(now);
        Ok(())
    }
}

#[async_trait::async_trait]
impl RateLimit for InMemory {
    async fn check(&self, client: &ClientKey) -> Result<Result<(), u64>, StoreError> {
        Ok(self.check_at(client, Instant::now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{IpAddr, Ipv4Addr};

    fn key(n: u32) -> ClientKey {
        ClientKey::of(IpAddr::V4(Ipv4Addr::from_bits(n)))
    }

    #[test]
    fn limits_per_client_and_says_how_long() {
        let limiter = InMemory::new(2, 60);
        let (a, b) = (key(1), key(2));
        let t0 = limiter.started;
        assert!(limiter.check_at(&a, t0).is_ok());
        assert!(limiter.check_at(&a, t0 + Duration::from_secs(10)).is_ok());
        assert_eq!(limiter.check_at(&a, t0 + Duration::from_secs(20)), Err(40));
        assert!(limiter.check_at(&b, t0 + Duration::from_secs(20)).is_ok(), "another client is not held");
        assert!(limiter.check_at(&a, t0 + Duration::from_secs(60)).is_ok(), "the window slides");
        assert_eq!(limiter.check_at(&a, t0 + Duration::from_millis(60_500)), Err(10));
        assert!(InMemory::new(0, 60).check_at(&a, t0).is_ok());
    }

    #[test]
    fn a_client_is_remembered_across_a_generation_change() {
        let limiter = InMemory::new(2, 60);
        let t0 = limiter.started;
        let a = key(1);
        assert!(limiter.check_at(&a, t0 + Duration::from_secs(50)).is_ok());
        assert!(limiter.check_at(&a, t0 + Duration::from_secs(55)).is_ok());
        // At 61 s another client starts a new generation; `a` is in the old one.
        assert!(limiter.check_at(&key(2), t0 + Duration::from_secs(61)).is_ok());
        assert_eq!(limiter.check_at(&a, t0 + Duration::from_secs(70)), Err(40));
        // Two windows later both generations are gone, and so are the posts.
        assert!(limiter.check_at(&key(3), t0 + Duration::from_secs(125)).is_ok());
        assert!(limiter.check_at(&key(4), t0 + Duration::from_secs(190)).is_ok());
        assert_eq!(limiter.clients(), 2, "only clients of the last two generations are kept");
        assert!(limiter.check_at(&a, t0 + Duration::from_secs(191)).is_ok());
    }

    #[test]
    fn memory_is_bounded_however_many_clients_post() {
        let limiter = InMemory::with_capacity(5, 60, 1_000);
        let t0 = limiter.started;
        for n in 0..25_000 {
            assert!(limiter.check_at(&key(n), t0 + Duration::from_millis(u64::from(n))).is_ok());
            assert!(limiter.clients() <= 2_000, "{} clients kept after {n}", limiter.clients());
        }
        // The most recent clients are still held to the limit.
        let recent = key(24_999);
        for _ in 0..4 {
            assert!(limiter.check_at(&recent, t0 + Duration::from_secs(25)).is_ok());
        }
        assert!(limiter.check_at(&recent, t0 + Duration::from_secs(25)).is_err());
    }

    #[test]
    fn stays_fast_with_many_active_clients() {
        // 100 000 posts from 60 000 clients within one window, each O(1) (the
        // limiter before this one scanned its whole table on every post above
        // 10 000 clients). Printed, not asserted.
        let limiter = InMemory::new(5, 60);
        let t0 = limiter.started;
        let started = Instant::now();
        for n in 0..100_000u32 {
            let _ = limiter.check_at(&key(n % 60_000), t0 + Duration::from_micros(u64::from(n)));
        }
        let elapsed = started.elapsed();
        println!("100 000 posts from 60 000 clients: {elapsed:?} ({:?} per post)", elapsed / 100_000);
        assert!(limiter.clients() <= 2 * CLIENTS_PER_GENERATION);
    }
}
