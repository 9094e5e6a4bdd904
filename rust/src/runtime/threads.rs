//! The threads of the kernels: the calling thread plus a team of workers (`crate::runtime::team`), sized
//! to the cores by default and replaceable at runtime (`TF_SetNumThreads`).
//!
//! Every parallel loop of a kernel goes through `run_tasks` (or `for_chunks` / `for_rows` over an
//! output buffer). Small work never does: it stays on the calling thread with no hop to a worker.
//! The default size is `RAYON_NUM_THREADS` when set to a positive number (the variable the
//! library honoured when its kernels ran on rayon), else the number of logical CPUs.
//!
//! Replacing the team never blocks running work: a job holds an `Arc` of the team it started on,
//! and the old workers exit once the last such job is done.

use crate::error::{Error, Result};
use crate::runtime::team::Team;

/// Elementwise work below this many elements stays on the calling thread: spreading it over the
/// pool costs more than it saves.
pub(crate) const PARALLEL_MIN: usize = 1 << 16;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, RwLock};

/// Most threads `set_num_threads` accepts: more is certainly a mistake on any CPU this runs on,
/// and asking the OS for millions of threads would take minutes to fail.
pub const MAX_THREADS: usize = 1024;

/// The team of the current thread count, started on first use, and the `FORKS` count it was
/// started at: a child forked from a process with a team has the team's memory but not its threads.
static TEAM: RwLock<Option<(usize, Arc<Team>)>> = RwLock::new(None);

/// Forks this process has gone through (counted in the child by a `pthread_atfork` handler): an
/// atomic load per parallel op tells a team inherited through fork, where a `getpid` would be a
/// system call.
static FORKS: AtomicUsize = AtomicUsize::new(0);

/// Counts a fork. The C boundary registers a `pthread_atfork` child handler that calls this
/// (`capi::runtime::watch_forks`, run on the first call into the library): C callbacks live in
/// `capi/`, and this module knows nothing above it.
pub(crate) fn note_fork() {
    FORKS.fetch_add(1, Relaxed);
}

/// The thread count (the caller included); 0 until set or first asked for.
static THREADS: AtomicUsize = AtomicUsize::new(0);

fn default_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
        .min(MAX_THREADS)
}

fn start(threads: usize) -> Result<Team> {
    Team::new(threads - 1)
        .map_err(|e| Error::new(crate::error::TF_Code::TF_INTERNAL, format!("could not start {threads} threads: {e}")))
}

/// Sets the thread count to `n` (1..=MAX_THREADS), the calling thread included. Work already
/// running finishes on the old team.
pub fn set_num_threads(n: i64) -> Result<()> {
    if n <= 0 || n as u64 > MAX_THREADS as u64 {
        return Err(Error::invalid(format!("the number of threads must be in 1..={MAX_THREADS}, got {n}")));
    }
    let n = n as usize;
    let mut slot = TEAM.write().unwrap_or_else(|e| e.into_inner());
    if slot.as_ref().is_some_and(|(forks, _)| *forks == FORKS.load(Relaxed)) && THREADS.load(Relaxed) == n {
        return Ok(());
    }
    let team = Arc::new(start(n)?);
    let old = slot.replace((FORKS.load(Relaxed), team));
    forget_if_forked(old);
    THREADS.store(n, Relaxed);
    Ok(())
}

/// The thread count, the calling thread included.
pub fn num_threads() -> usize {
    match THREADS.load(Relaxed) {
        0 => {
            // Only if set_num_threads has not stored a count in between.
            let _ = THREADS.compare_exchange(0, default_threads(), Relaxed, Relaxed);
            THREADS.load(Relaxed)
        }
        n => n,
    }
}

/// The current team, started with `num_threads() - 1` workers on first use (and again in a
/// forked child).
fn team() -> Arc<Team> {
    let forks = FORKS.load(Relaxed);
    if let Some((at, t)) = TEAM.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        if *at == forks {
            return t.clone();
        }
    }
    let mut slot = TEAM.write().unwrap_or_else(|e| e.into_inner());
    if let Some((at, t)) = slot.as_ref() {
        if *at == forks {
            return t.clone();
        }
    }
    // Without worker threads every job still runs, on its caller.
    let t = Arc::new(start(num_threads()).or_else(|_| start(1)).expect("a team without workers starts no thread"));
    let old = slot.replace((FORKS.load(Relaxed), t.clone()));
    forget_if_forked(old);
    t
}

/// Drops a replaced team, unless it was inherited through fork: its workers do not exist in this
/// process, and dropping it would wait on a lock one of them may have held at the fork.
fn forget_if_forked(old: Option<(usize, Arc<Team>)>) {
    if let Some((at, t)) = old {
        if at != FORKS.load(Relaxed) {
            std::mem::forget(t);
        }
    }
}

/// Runs `f(i)` for `i` in `0..tasks` on the calling thread and the team (see `crate::runtime::team`).
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

/// Calls `f(i, row)` for each `row_len`-long row `i` of `out`. `row_work` is the work of one row
/// in elements (its input length, say): rows are grouped into tasks of about PARALLEL_MIN
/// elements of work, so output with less work than that in all stays on the calling thread.
pub fn for_rows<U: Send>(out: &mut [U], row_len: usize, row_work: usize, f: impl Fn(usize, &mut [U]) + Sync) {
    if row_len == 0 {
        return;
    }
    let rows_per_task = (PARALLEL_MIN / row_work.max(1)).max(1);
    for_chunks(out, rows_per_task * row_len, |start, rows| {
        for (r, row) in rows.chunks_mut(row_len).enumerate() {
            f(start / row_len + r, row)
        }
    })
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


#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;

    /// Held by every test that changes the thread count (tests run in parallel).
    pub(crate) static THREADS_LOCK: Mutex<()> = Mutex::new(());

    /// Distinct threads seen by work that waits long enough for every worker to join.
    fn workers_used() -> usize {
        let seen = Mutex::new(HashSet::new());
        run_tasks(64, &|_| {
            seen.lock().unwrap().insert(std::thread::current().id());
            std::thread::sleep(std::time::Duration::from_millis(2));
        });
        let n = seen.into_inner().unwrap().len();
        n
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
        }
        for bad in [0, -1, i64::MIN, MAX_THREADS as i64 + 1] {
            let e = set_num_threads(bad).unwrap_err();
            assert_eq!(e.code, crate::error::TF_Code::TF_INVALID_ARGUMENT);
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
    fn small_work_stays_on_the_caller() {
        let me = std::thread::current().id();
        let mut v = vec![0u8; 100];
        for_chunks(&mut v, 1000, |_, _| assert_eq!(std::thread::current().id(), me));
        run_tasks(1, &|_| assert_eq!(std::thread::current().id(), me));
    }

    #[test]
    fn random_draws_do_not_depend_on_the_thread_count() {
        use crate::dtype::DType;
        use crate::kernels::random::{manual_seed, random, Dist};
        let _g = THREADS_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let before = num_threads();
        let draw = |threads: i64| {
            set_num_threads(threads).unwrap();
            // The generator is global: every Rust test that draws holds THREADS_LOCK.
            manual_seed(11);
            let n = random(DType::F32, &[300_001], Dist::Normal).unwrap().to_vec::<f32>();
            let u = random(DType::F64, &[200_003], Dist::Uniform).unwrap().to_vec::<f64>();
            let i = crate::kernels::random::randint(DType::I64, &[250_007], -5, 9).unwrap().to_vec::<i64>();
            (n, u, i)
        };
        let one = draw(1);
        let two = draw(2);
        set_num_threads(before as i64).unwrap();
        assert!(one == two, "draws differ between 1 and 2 threads");
        assert!(one.2.iter().all(|&v| (-5..9).contains(&v)));
    }
}
