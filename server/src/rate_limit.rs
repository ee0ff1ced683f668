//! Posts per client: a sliding window of the last posts' times per address.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    limit: usize,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// `limit` posts per `window_secs`; a limit of 0 allows everything.
    pub fn new(limit: u32, window_secs: u64) -> RateLimiter {
        RateLimiter {
            limit: limit as usize,
            window: Duration::from_secs(window_secs.max(1)),
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Records a post now, or says how many seconds to wait.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        // Forget clients idle for a whole window, so the map stays small.
        if seen.len() > 10_000 {
            seen.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        let times = seen.entry(client).or_default();
        while times.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
            times.pop_front();
        }
        if times.len() >= self.limit {
            let oldest = *times.front().unwrap_or(&now);
            let wait = self.window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_client_and_says_how_long() {
        let limiter = RateLimiter::new(2, 60);
        let (a, b): (IpAddr, IpAddr) = ("127.0.0.1".parse().unwrap(), "127.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        assert!(limiter.check_at(a, t0).is_ok());
        assert!(limiter.check_at(a, t0 + Duration::from_secs(10)).is_ok());
        assert_eq!(limiter.check_at(a, t0 + Duration::from_secs(20)), Err(40));
        assert!(limiter.check_at(b, t0 + Duration::from_secs(20)).is_ok(), "another client is not held");
        assert!(limiter.check_at(a, t0 + Duration::from_secs(60)).is_ok(), "the window slides");
        assert!(RateLimiter::new(0, 60).check_at(a, t0).is_ok());
    }
}
