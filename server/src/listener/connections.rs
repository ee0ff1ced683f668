//! Every open connection, what it is doing and since when: the cap on
//! connections sheds the one that costs least to lose.
//!
//! A connection is *idle* (waiting for a request head: new, between
//! requests, or sending a head slowly), *receiving* (a request whose body is
//! still arriving) or *busy* (the server is answering). When the cap is
//! reached, the oldest idle connection is closed first, then the request
//! that has waited longest for its body; busy connections are never cut
//! (they finish in milliseconds, or fail the send timeout).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Phase {
    Idle = 0,
    Receiving = 1,
    Busy = 2,
}

/// One connection's state, shared by its reader, its service and the
/// registry.
pub struct Connection {
    id: u64,
    epoch: Instant,
    phase: AtomicU8,
    /// When the phase began, in ms since `epoch`.
    since: AtomicU64,
    /// Requests begun on this connection: a request's body and answer only
    /// move the phase while they are the current one.
    requests: AtomicU64,
    bytes_read: AtomicU64,
    /// `bytes_read` when the connection last became idle.
    read_at_idle: AtomicU64,
    /// Woken when the registry sheds the connection: its task drops it.
    pub shed: Notify,
}

impl Connection {
    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    pub fn phase(&self) -> Phase {
        match self.phase.load(Ordering::Acquire) {
            0 => Phase::Idle,
            1 => Phase::Receiving,
            _ => Phase::Busy,
        }
    }

    /// When the current phase began.
    pub fn phase_since(&self) -> Instant {
        self.epoch + Duration::from_millis(self.since.load(Ordering::Acquire))
    }

    fn enter(&self, phase: Phase) {
        self.since.store(self.now_ms(), Ordering::Release);
        if phase == Phase::Idle {
            self.read_at_idle.store(self.bytes_read.load(Ordering::Acquire), Ordering::Release);
        }
        self.phase.store(phase as u8, Ordering::Release);
    }

    /// A request head arrived; returns the request's number.
    pub fn begin_request(&self, has_body: bool) -> u64 {
        let request = self.requests.fetch_add(1, Ordering::AcqRel) + 1;
        self.enter(if has_body { Phase::Receiving } else { Phase::Busy });
        request
    }

    /// The request's body has all arrived.
    pub fn body_received(&self, request: u64) {
        if self.requests.load(Ordering::Acquire) == request && self.phase() == Phase::Receiving {
            self.enter(Phase::Busy);
        }
    }

    /// The request's answer has been handed over in full (or dropped).
    pub fn answered(&self, request: u64) {
        if self.requests.load(Ordering::Acquire) == request && self.phase() != Phase::Idle {
            self.enter(Phase::Idle);
        }
    }

    pub fn add_read(&self, bytes: usize) {
        self.bytes_read.fetch_add(bytes as u64, Ordering::AcqRel);
    }

    /// Whether the client sent anything since the connection last became idle.
    pub fn read_since_idle(&self) -> bool {
        self.bytes_read.load(Ordering::Acquire) > self.read_at_idle.load(Ordering::Acquire)
    }
}

/// The open connections.
pub struct Registry {
    epoch: Instant,
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Connection>>>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry { epoch: Instant::now(), next_id: AtomicU64::new(0), open: Mutex::new(HashMap::new()) }
    }

    fn open(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Connection>>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a new connection (idle); it leaves with [`Registry::remove`].
    pub fn add(&self) -> Arc<Connection> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let connection = Arc::new(Connection {
            id,
            epoch: self.epoch,
            phase: AtomicU8::new(Phase::Idle as u8),
            since: AtomicU64::new(self.epoch.elapsed().as_millis() as u64),
            requests: AtomicU64::new(0),
            bytes_read: AtomicU64::new(0),
            read_at_idle: AtomicU64::new(0),
            shed: Notify::new(),
        });
        self.open().insert(id, connection.clone());
        connection
    }

    pub fn remove(&self, connection: &Connection) {
        self.open().remove(&connection.id);
    }

    pub fn len(&self) -> usize {
        self.open().len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Closes the connection that costs least to lose (the oldest idle one,
    /// else the oldest still receiving a body); false when every connection
    /// is busy. A scan of at most the cap: microseconds, and only when full.
    pub fn shed_one(&self) -> bool {
        let mut open = self.open();
        let victim = open
            .values()
            .filter(|c| c.phase() != Phase::Busy)
            .min_by_key(|c| (c.phase(), c.since.load(Ordering::Acquire)))
            .map(|c| c.id);
        let Some(connection) = victim.and_then(|id| open.remove(&id)) else { return false };
        drop(open);
        tracing::debug!(phase = ?connection.phase(), "connection cap reached: closing the oldest idle connection");
        connection.shed.notify_one();
        true
    }
}

impl Default for Registry {
    fn default() -> Registry {
        Registry::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn sheds_the_oldest_idle_then_the_oldest_receiving_never_the_busy() {
        let registry = Registry::new();
        let step = || tokio::time::advance(Duration::from_millis(10));
        let busy = registry.add();
        busy.begin_request(false);
        step().await;
        let receiving_old = registry.add();
        receiving_old.begin_request(true);
        step().await;
        let idle_old = registry.add();
        step().await;
        let receiving_new = registry.add();
        receiving_new.begin_request(true);
        step().await;
        let idle_new = registry.add();
        // A connection that was busy long ago and is idle since now is "new".
        step().await;
        let request = busy.begin_request(false);
        busy.answered(request);

        let order: Vec<u64> = std::iter::from_fn(|| {
            let before: Vec<u64> = registry.open().keys().copied().collect();
            registry.shed_one().then(|| {
                let after = registry.open();
                *before.iter().find(|id| !after.contains_key(id)).expect("one removed")
            })
        })
        .collect();
        assert_eq!(order, [idle_old.id, idle_new.id, busy.id, receiving_old.id, receiving_new.id]);
        assert!(registry.is_empty());

        let working = registry.add();
        working.begin_request(false);
        assert!(!registry.shed_one(), "a busy connection is never shed");
        let request = working.begin_request(true);
        working.body_received(request);
        assert_eq!(working.phase(), Phase::Busy);
        working.answered(request - 1);
        assert_eq!(working.phase(), Phase::Busy, "an earlier request's answer does not end this one");
    }
}
