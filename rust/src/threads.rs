//! The thread pool of the kernels: one rayon pool, sized to the cores by default and replaceable
//! at runtime (`TF_SetNumThreads`).
//!
//! Every parallel branch of a kernel runs inside `install`, so its rayon iterators use this pool
//! (never rayon's global one, which cannot be resized). Small work never calls `install`: it stays
//! on the calling thread with no hop to a worker. The default size is rayon's: `RAYON_NUM_THREADS`
//! when set to a positive number, else the number of logical CPUs; honouring the variable keeps
//! the behaviour the library had on rayon's global pool and the convention rayon users know.
//!
//! Replacing the pool never blocks running work: `install` clones the `Arc` of the current pool
//! and releases the lock before running, so a kernel that started on the old pool finishes there
//! and the old threads exit once it drops.

use crate::error::{Error, Result};
use crate::team::Team;
use rayon::{ThreadPool, ThreadPoolBuilder};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, RwLock};

/// Most threads `set_num_threads` accepts: more is certainly a mistake on any CPU this runs on,
/// and asking the OS for millions of threads would take minutes to fail.
pub const MAX_THREADS: usize = 1024;

static POOL: RwLock<Option<Arc<ThreadPool>>> = RwLock::new(None);

/// The spinning team of the hot loops (`crate::team`), `num_threads() - 1` workers plus the caller.
static TEAM: RwLock<Option<Arc<Team>>> = RwLock::new(None);

fn build(n: usize) -> Result<Arc<ThreadPool>> {
    ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("tenflowers-{i}"))
        .build()
        .map(Arc::new)
        .map_err(|e| Error::new(crate::error::Code::Internal, format!("could not start the thread pool: {e}")))
}

/// The current pool, created with the default size on first use.
pub fn pool() -> Arc<ThreadPool> {
    if let Some(p) = POOL.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return p.clone();
    }
    let mut slot = POOL.write().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = slot.as_ref() {
        return p.clone();
    }
    // A failure to start threads at all is not recoverable here; the C boundary reports the panic.
    let p = build(0).or_else(|_| build(1)).expect("could not start any worker thread");
    *slot = Some(p.clone());
    p
}

/// Runs `f` (which uses rayon's parallel iterators) on the pool. Call it only around work large
/// enough to be split: it hands `f` to a worker thread and waits, a few microseconds.
pub fn install<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    pool().install(f)
}

/// `install(f)` when `parallel`, else `f()` on the calling thread.
pub fn install_if<R: Send>(parallel: bool, f: impl FnOnce() -> R + Send) -> R {
    if parallel {
        install(f)
    } else {
        f()
    }
}

/// Replaces the pool by one of `n` threads (1..=MAX_THREADS). Work already running finishes on
/// the old pool.
pub fn set_num_threads(n: i64) -> Result<()> {
    if n <= 0 || n as u64 > MAX_THREADS as u64 {
        return Err(Error::invalid(format!("the number of threads must be in 1..={MAX_THREADS}, got {n}")));
    }
    let n = n as usize;
    let mut slot = POOL.write().unwrap_or_else(|e| e.into_inner());
    if slot.as_ref().is_some_and(|p| p.current_num_threads() == n) {
        return Ok(());
    }
    *slot = Some(build(n)?);
    THREADS.store(n, Relaxed);
    drop(slot);
    // The next job starts a team of the new size; the old one's workers exit once it is dropped.
    *TEAM.write().unwrap_or_else(|e| e.into_inner()) = None;
    Ok(())
}

/// The current team, started with `num_threads() - 1` workers on first use.
fn team() -> Arc<Team> {
    if let Some(t) = TEAM.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return t.clone();
    }
    let mut slot = TEAM.write().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = slot.as_ref() {
        return t.clone();
    }
    // Without worker threads every job still runs, on its caller.
    let t = Arc::new(Team::new(num_threads() - 1).or_else(|_| Team::new(0)).expect("a team without workers starts no thread"));
    *slot = Some(t.clone());
    t
}

/// Runs `f(i)` for `i` in `0..tasks` on the calling thread and the team (see `crate::team`).
pub fn run_tasks(tasks: usize, f: &(dyn Fn(usize) + Sync)) {
    if tasks <= 1 {
        return (0..tasks).for_each(f);
    }
    team().run(tasks, f)
}

/// Calls `f(start, piece)` for each `chunk`-sized piece of `out` (`start`: the piece's offset in
/// `out`), in parallel on the team when there is more than one piece.
pub fn for_chunks<U: Send>(out: &mut [U], chunk: usize, f: impl Fn(usize, &mut [U]) + Sync) {
    let chunk = chunk.max(1);
    let n = out.len();
    if n <= chunk {
        return f(0, out);
    }
    let base = SendPtr(out.as_mut_ptr());
    run_tasks(n.div_ceil(chunk), &|i| {
        let start = i * chunk;
        let len = chunk.min(n - start);
        // SAFETY: task i alone gets elements start..start+len of `out`, which `run_tasks` borrows
        // for its whole duration; every task index runs exactly once.
        let piece = unsafe { std::slice::from_raw_parts_mut(base.get().add(start), len) };
        f(start, piece)
    });
}

/// A pointer the tasks of one job share; each task derives a disjoint piece from it.
pub(crate) struct SendPtr<T>(pub *mut T);
impl<T> Clone for SendPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for SendPtr<T> {}
// SAFETY: only used to hand disjoint pieces of one borrowed buffer to the tasks of one job.
unsafe impl<T: Send> Send for SendPtr<T> {}
unsafe impl<T: Send> Sync for SendPtr<T> {}
impl<T> SendPtr<T> {
    pub(crate) fn get(self) -> *mut T {
        self.0
    }
}

/// Threads of the current pool. Cached: every kernel asks, and the pool's lock and reference
/// count cost more than a small kernel's own bookkeeping.
pub fn num_threads() -> usize {
    match THREADS.load(Relaxed) {
        0 => {
            let n = pool().current_num_threads();
            // Only if set_num_threads has not stored a newer count in between.
            let _ = THREADS.compare_exchange(0, n, Relaxed, Relaxed);
            n
        }
        n => n,
    }
}

/// `num_threads()`, 0 until the pool exists; written under the pool's write lock.
static THREADS: AtomicUsize = AtomicUsize::new(0);

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use rayon::prelude::*;
    use std::collections::HashSet;
    use std::sync::Mutex;

    /// Held by every test that changes the thread count (tests run in parallel).
    pub(crate) static THREADS_LOCK: Mutex<()> = Mutex::new(());

    /// Distinct worker indices seen by work that waits long enough for every worker to join.
    fn workers_used() -> usize {
        install(|| {
            let seen = Mutex::new(HashSet::new());
            (0..64).into_par_iter().for_each(|_| {
                seen.lock().unwrap().insert(rayon::current_thread_index());
                std::thread::sleep(std::time::Duration::from_millis(2));
            });
            let seen = seen.into_inner().unwrap();
            assert!(!seen.contains(&None), "ran outside the pool");
            seen.len()
        })
    }

    #[test]
    fn set_get_round_trip_and_work_runs_on_n_threads() {
        let _g = THREADS_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let before = num_threads();
        assert!(before >= 1);
        for n in [1, 3, 2] {
            set_num_threads(n).unwrap();
            assert_eq!(num_threads(), n as usize);
            assert_eq!(workers_used(), n as usize);
            // Nested install on a worker runs in place.
            assert_eq!(install(|| install(|| rayon::current_num_threads())), n as usize);
        }
        for bad in [0, -1, i64::MIN, MAX_THREADS as i64 + 1] {
            let e = set_num_threads(bad).unwrap_err();
            assert_eq!(e.code, crate::error::Code::InvalidArgument);
            assert!(e.message.contains(&bad.to_string()), "{}", e.message);
        }
        assert_eq!(num_threads(), 2, "a rejected value changes nothing");
        set_num_threads(before as i64).unwrap();
    }

    #[test]
    fn for_chunks_hands_each_piece_its_offset_once() {
        let _g = THREADS_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let before = num_threads();
        for threads in [1, 2, 3] {
            set_num_threads(threads).unwrap();
            for (n, chunk) in [(0, 4), (1, 4), (4, 4), (5, 4), (1000, 7), (100_000, 4096), (10, 0)] {
                let mut v = vec![usize::MAX; n];
                for_chunks(&mut v, chunk, |start, piece| {
                    assert!(piece.len() <= chunk.max(1));
                    for (i, x) in piece.iter_mut().enumerate() {
                        assert_eq!(*x, usize::MAX, "element written twice");
                        *x = start + i;
                    }
                });
                assert!(v.iter().enumerate().all(|(i, &x)| x == i), "threads {threads} n {n} chunk {chunk}");
            }
        }
        set_num_threads(before as i64).unwrap();
    }

    #[test]
    fn install_if_small_stays_on_the_caller() {
        let me = std::thread::current().id();
        assert_eq!(install_if(false, || std::thread::current().id()), me);
        assert_eq!(install_if(true, || rayon::current_thread_index().is_some()), true);
    }

    #[test]
    fn random_draws_do_not_depend_on_the_thread_count() {
        use crate::dtype::DType;
        use crate::ops::random::{manual_seed, random, Dist};
        let _g = THREADS_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let before = num_threads();
        let draw = |threads: i64| {
            set_num_threads(threads).unwrap();
            // The generator is global: every Rust test that draws holds THREADS_LOCK.
            manual_seed(11);
            let n = random(DType::F32, &[300_001], Dist::Normal).unwrap().to_vec::<f32>();
            let u = random(DType::F64, &[200_003], Dist::Uniform).unwrap().to_vec::<f64>();
            let i = crate::ops::creation_ext::randint(DType::I64, &[250_007], -5, 9).unwrap().to_vec::<i64>();
            (n, u, i)
        };
        let one = draw(1);
        let two = draw(2);
        set_num_threads(before as i64).unwrap();
        assert!(one == two, "draws differ between 1 and 2 threads");
        assert!(one.2.iter().all(|&v| (-5..9).contains(&v)));
    }
}
