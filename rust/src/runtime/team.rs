//! A spin-then-park team of worker threads: every data-parallel loop of the kernels runs on it
//! (elementwise maps, reductions, the SGD update, matmul split into column blocks, sorting rows,
//! random fills), through `crate::runtime::threads`.
//!
//! Why not rayon (which the kernels used before): on a virtual machine, waking a sleeping thread costs a hypervisor
//! round trip. Measured on the 2-vCPU development VM: `install` of a 400 KB add on a one-thread
//! rayon pool took 106 us against 6 us for the same add on the calling thread, and the MLP step
//! spent 13% of its time in futex wake and wait. Rayon's workers sleep after a few microseconds
//! without work and the caller of `install` sleeps until the pool is done, so every parallel op
//! between two Python statements paid both wake-ups. OpenMP runtimes (PyTorch, OpenBLAS) avoid
//! that by spinning for a while after each parallel region; this team does the same, for a bounded
//! time (`TENFLOWERS_SPIN_US`, default 1000 us) after which workers park on a condvar and cost nothing.
//!
//! The caller takes part: it claims tasks from the same atomic counter as the workers, so a job
//! never waits for a worker to wake up. A parked worker is notified and joins late if the caller
//! has not already claimed every task; at worst the caller does all of them itself. The caller
//! then waits (spinning) only for tasks a worker has already started.
//!
//! One job runs at a time. A second caller (another thread, or a task that itself calls the team)
//! does not queue: it runs its tasks on its own thread.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering::*};
use std::sync::{Arc, Condvar, Mutex, TryLockError};
use std::time::{Duration, Instant};

/// How long a worker spins looking for the next job before it parks.
fn spin_time() -> Duration {
    let us = std::env::var("TENFLOWERS_SPIN_US").ok().and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(1000);
    Duration::from_micros(us)
}

/// One parallel loop: tasks `0..tasks`, each run exactly once by whichever thread claims it.
struct Job<'a> {
    f: &'a (dyn Fn(usize) + Sync),
    tasks: usize,
    next: AtomicUsize,
    panic: Mutex<Option<Box<dyn std::any::Any + Send>>>,
}

impl Job<'_> {
    fn run(&self) {
        loop {
            let i = self.next.fetch_add(1, Relaxed);
            if i >= self.tasks {
                return;
            }
            if let Err(p) = catch_unwind(AssertUnwindSafe(|| (self.f)(i))) {
                // Claim the rest so nobody starts new work; the caller re-raises the first panic.
                self.next.store(self.tasks, Relaxed);
                self.panic.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(p);
                return;
            }
        }
    }
}

struct Shared {
    /// `2 * jobs_started + 1` while a job is open, `2 * jobs_started` when none is: a worker joins
    /// a job at most once and never one that has closed.
    state: AtomicU64,
    /// The open job (a `Job` on the caller's stack, alive until `active` drops to 0 after closing).
    job: AtomicPtr<Job<'static>>,
    /// Workers inside the current job.
    active: AtomicUsize,
    sleeping: AtomicUsize,
    park: Mutex<()>,
    wake: Condvar,
    stop: AtomicBool,
    spin: Duration,
}

pub struct Team {
    shared: Arc<Shared>,
    /// Held by the caller of the running job.
    busy: Mutex<()>,
    workers: usize,
}

impl Team {
    /// A team of `workers` threads besides the caller (0: every job runs on the caller).
    pub fn new(workers: usize) -> std::io::Result<Team> {
        Team::with_spin(workers, spin_time())
    }

    /// As `new`, with the time a worker spins before it parks.
    pub fn with_spin(workers: usize, spin: Duration) -> std::io::Result<Team> {
        let shared = Arc::new(Shared {
            state: AtomicU64::new(0),
            job: AtomicPtr::new(std::ptr::null_mut()),
            active: AtomicUsize::new(0),
            sleeping: AtomicUsize::new(0),
            park: Mutex::new(()),
            wake: Condvar::new(),
            stop: AtomicBool::new(false),
            spin,
        });
        let team = Team { shared: shared.clone(), busy: Mutex::new(()), workers };
        for i in 0..workers {
            let sh = shared.clone();
            // On failure the team is dropped, which stops the workers already started.
            std::thread::Builder::new().name(format!("tenflowers-team-{i}")).spawn(move || worker(&sh))?;
        }
        Ok(team)
    }

    /// Runs `f(i)` for every `i` in `0..tasks` on the caller and the workers; returns when all
    /// have run. A panic in a task is re-raised here, on the caller, after every task has stopped.
    pub fn run(&self, tasks: usize, f: &(dyn Fn(usize) + Sync)) {
        let serial = || (0..tasks).for_each(f);
        if tasks <= 1 || self.workers == 0 {
            return serial();
        }
        // A panic re-raised below poisons `busy` as it unwinds; the team itself is still sound.
        let _busy = match self.busy.try_lock() {
            Ok(g) => g,
            Err(TryLockError::Poisoned(e)) => e.into_inner(),
            Err(TryLockError::WouldBlock) => return serial(),
        };
        let job = Job { f, tasks, next: AtomicUsize::new(0), panic: Mutex::new(None) };
        let sh = &*self.shared;
        // The lifetime is erased for the workers; `close` below keeps the job alive for them.
        sh.job.store(&job as *const Job as *mut Job<'static>, SeqCst);
        sh.state.fetch_add(1, SeqCst);
        if sh.sleeping.load(SeqCst) > 0 {
            let _g = sh.park.lock().unwrap_or_else(|e| e.into_inner());
            sh.wake.notify_all();
        }
        job.run();
        // Close: no worker joins after this, and the ones inside finish their current task.
        sh.state.fetch_add(1, SeqCst);
        let mut spins = 0u32;
        while sh.active.load(SeqCst) != 0 {
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(1024) {
                std::thread::yield_now();
            } else {
                std::hint::spin_loop();
            }
        }
        sh.job.store(std::ptr::null_mut(), SeqCst);
        if let Some(p) = job.panic.into_inner().unwrap_or_else(|e| e.into_inner()) {
            resume_unwind(p);
        }
    }
}

impl Drop for Team {
    fn drop(&mut self) {
        let sh = &*self.shared;
        sh.stop.store(true, SeqCst);
        let _g = sh.park.lock().unwrap_or_else(|e| e.into_inner());
        sh.wake.notify_all();
    }
}

fn open_job(s: u64, seen: u64) -> bool {
    s & 1 == 1 && s != seen
}

fn worker(sh: &Shared) {
    let mut seen = 0u64;
    loop {
        let t0 = Instant::now();
        let mut spins = 0u32;
        let s = loop {
            let s = sh.state.load(SeqCst);
            if open_job(s, seen) {
                break s;
            }
            if sh.stop.load(Relaxed) {
                return;
            }
            spins = spins.wrapping_add(1);
            std::hint::spin_loop();
            if spins.is_multiple_of(256) && t0.elapsed() >= sh.spin {
                let mut g = sh.park.lock().unwrap_or_else(|e| e.into_inner());
                sh.sleeping.fetch_add(1, SeqCst);
                while !open_job(sh.state.load(SeqCst), seen) && !sh.stop.load(SeqCst) {
                    g = sh.wake.wait(g).unwrap_or_else(|e| e.into_inner());
                }
                sh.sleeping.fetch_sub(1, SeqCst);
                drop(g);
                spins = 0;
            }
        };
        seen = s;
        sh.active.fetch_add(1, SeqCst);
        // Re-check after announcing ourselves: if the job closed in between, the caller may not
        // have seen `active` and its job may be gone.
        if sh.state.load(SeqCst) == s {
            // SAFETY: the job is open, so the caller is inside `run` and waits for `active` to
            // reach 0 before the job leaves its stack.
            let job = unsafe { &*sh.job.load(SeqCst) };
            job.run();
        }
        sh.active.fetch_sub(1, SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Runs `tasks` tasks on `team`; true when each ran exactly once.
    fn each_once(team: &Team, tasks: usize) -> bool {
        let hits: Vec<AtomicUsize> = (0..tasks).map(|_| AtomicUsize::new(0)).collect();
        team.run(tasks, &|i| {
            hits[i].fetch_add(1, SeqCst);
        });
        hits.iter().all(|h| h.load(SeqCst) == 1)
    }

    #[test]
    fn every_task_runs_exactly_once() {
        for workers in [0, 1, 3] {
            let team = Team::new(workers).unwrap();
            for tasks in [0, 1, 2, 7, 1000] {
                assert!(each_once(&team, tasks), "workers {workers} tasks {tasks}");
            }
        }
    }

    #[test]
    fn workers_take_part_and_parked_workers_wake() {
        let team = Team::with_spin(1, Duration::ZERO).unwrap();
        let me = std::thread::current().id();
        for round in 0..20 {
            // Let the worker park, then give it tasks long enough that it must join.
            std::thread::sleep(Duration::from_millis(2));
            let others = AtomicUsize::new(0);
            team.run(8, &|_| {
                if std::thread::current().id() != me {
                    others.fetch_add(1, SeqCst);
                }
                std::thread::sleep(Duration::from_millis(3));
            });
            if others.load(SeqCst) > 0 {
                return;
            }
            assert!(round < 19, "the worker never joined a job");
        }
    }

    #[test]
    fn a_panicking_task_reaches_the_caller_after_all_tasks_stop() {
        let team = Team::new(2).unwrap();
        let running = AtomicUsize::new(0);
        let r = catch_unwind(AssertUnwindSafe(|| {
            team.run(64, &|i| {
                running.fetch_add(1, SeqCst);
                std::thread::sleep(Duration::from_micros(200));
                if i == 5 {
                    panic!("task five");
                }
                running.fetch_sub(1, SeqCst);
            })
        }));
        let msg = r.unwrap_err().downcast::<&str>().map(|b| *b).unwrap_or("");
        assert_eq!(msg, "task five");
        // Only the panicking task left its count up: nothing was still running at the re-raise.
        assert_eq!(running.load(SeqCst), 1);
        // The team still works, with its worker.
        let me = std::thread::current().id();
        let others = AtomicUsize::new(0);
        let n = AtomicUsize::new(0);
        team.run(16, &|_| {
            n.fetch_add(1, SeqCst);
            if std::thread::current().id() != me {
                others.fetch_add(1, SeqCst);
            }
            std::thread::sleep(Duration::from_millis(2));
        });
        assert_eq!(n.load(SeqCst), 16);
        assert!(others.load(SeqCst) > 0, "after a panic the team ran jobs on the caller only");
    }

    #[test]
    fn concurrent_callers_each_get_all_their_tasks() {
        let team = Team::new(1).unwrap();
        std::thread::scope(|s| {
            for c in 0..4 {
                let team = &team;
                s.spawn(move || {
                    for round in 0..200 {
                        assert!(each_once(team, 1 + (c * 7 + round) % 13), "caller {c} round {round}");
                    }
                });
            }
        });
    }

    #[test]
    fn a_nested_job_runs_on_its_caller() {
        let team = Team::new(1).unwrap();
        let n = AtomicUsize::new(0);
        team.run(4, &|_| {
            team.run(3, &|_| {
                n.fetch_add(1, SeqCst);
            })
        });
        assert_eq!(n.load(SeqCst), 12);
    }
}
