//! CPU-heavy work (ranking a large feed, compressing a large answer) runs
//! here, on tokio's blocking threads and never on the async workers that
//! accept connections and answer `/healthz`; and at most one task per core
//! at a time, so that 64 clients asking at once queue (holding no thread
//! and no copy) instead of running 64 copies of the work side by side.

use tokio::sync::Semaphore;

pub struct Offload {
    permits: Semaphore,
}

impl Offload {
    /// One task per available core.
    pub fn per_core() -> Offload {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Offload { permits: Semaphore::new(cores) }
    }

    /// Runs `work` on a blocking thread once a core is free.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, OffloadError> {
        let _permit = self.permits.acquire().await.map_err(|_| OffloadError)?;
        tokio::task::spawn_blocking(work).await.map_err(|_| OffloadError)
    }
}

/// The work panicked (or the pool is closed): a bug, answered as a 500.
#[derive(Debug)]
pub struct OffloadError;

impl std::fmt::Display for OffloadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("background work failed")
    }
}

impl std::error::Error for OffloadError {}
