//! The one place threads are spawned: a map over owned items on all cores, in order (files are
//! read and parsed independently, and a 10,000-item roadmap should not wait for one core), a
//! producer in the background (`git log` read while its first commits are compared), an ordered
//! map whose results the calling thread takes while the workers go on (a page's records written
//! as the next are rendered; as a pipeline, a workbook's rows laid out while the library writes
//! the ones before), jobs of very different sizes taken by whichever thread is free (a workbook's
//! sheets), and work done behind the caller when asked (a file's written part synced
//! while the rest is written).

/// Below this many items a map runs on the calling thread: spawning costs more than it saves.
const MIN_PARALLEL: usize = 64;

/// The number of cores, asked once. `available_parallelism` reads the process's cgroup files on
/// every call; `log` maps over a commit's few files thousands of times, and asking each time was
/// a tenth of its own CPU time.
fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Maps `f` over `items` on all cores, keeping the order; a panic in `f` is resumed here.
pub fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = threads();
    if threads < 2 || items.len() < MIN_PARALLEL {
        return items.into_iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut parts = Vec::with_capacity(threads);
    let mut rest = items;
    while rest.len() > chunk {
        let tail = rest.split_off(chunk);
        parts.push(rest);
        rest = tail;
    }
    parts.push(rest);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Runs `f` on each of `jobs`, at most `at_once` at a time (and no more than the cores), a
/// thread taking the next job as soon as it is free: jobs of very different sizes, a workbook's
/// sheets. The results come back in the jobs' order. The first job to fail (in the jobs' order)
/// gives the error, and no job is begun once one has failed or panicked; a panic in `f` is
/// resumed here.
pub fn as_free<T: Send, R: Send, E: Send>(
    jobs: Vec<T>,
    at_once: usize,
    f: impl Fn(T) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E> {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Mutex, PoisonError};
    /// Stops the others taking jobs when a job panics on this thread.
    struct StopOnPanic<'a>(&'a AtomicBool);
    impl Drop for StopOnPanic<'_> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                self.0.store(true, Ordering::Relaxed);
            }
        }
    }
    let threads = threads().min(at_once).min(jobs.len());
    if threads < 2 {
        return jobs.into_iter().map(f).collect();
    }
    let n = jobs.len();
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let done = Mutex::new(Vec::with_capacity(n));
    let stop = AtomicBool::new(false);
    let work = || {
        let _guard = StopOnPanic(&stop);
        while !stop.load(Ordering::Relaxed) {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((k, job)) = next else {
                return;
            };
            let r = f(job);
            if r.is_err() {
                stop.store(true, Ordering::Relaxed);
            }
            done.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((k, r));
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        work();
        for helper in helpers {
            if let Err(panic) = helper.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    // Jobs are taken in order, so every job before a failed one has ended: the error is the
    // same whichever thread was quicker.
    let mut done = done.into_inner().unwrap_or_else(PoisonError::into_inner);
    done.sort_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Runs `produce` on a thread of its own and hands back what it sends, as it sends it: a
/// producer (reading `git log`) goes on while the caller works on what came before.
pub fn background<T: Send + 'static>(
    produce: impl FnOnce(std::sync::mpsc::Sender<T>) + Send + 'static,
) -> std::sync::mpsc::Receiver<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || produce(tx));
    rx
}

/// Work done on a thread of its own when asked ([`behind`]), the asker never waiting.
#[derive(Debug)]
pub struct Behind {
    ask: Option<std::sync::mpsc::SyncSender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Behind {
    /// Asks for the work once more; dropped when it is already asked for and not yet begun.
    pub fn ask(&self) {
        if let Some(ask) = &self.ask {
            let _ = ask.try_send(());
        }
    }
}

impl Drop for Behind {
    /// Waits for the work under way, if any.
    fn drop(&mut self) {
        drop(self.ask.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Runs `work` on a thread of its own each time [`Behind::ask`] is called: the writer asks the
/// kernel to write out what it has written so far while it goes on writing, or to let go of the
/// cached pages of the file it replaces.
pub fn behind(mut work: impl FnMut() + Send + 'static) -> Behind {
    let (ask, asked) = std::sync::mpsc::sync_channel::<()>(1);
    let thread = std::thread::spawn(move || {
        for () in asked {
            work();
        }
    });
    Behind {
        ask: Some(ask),
        thread: Some(thread),
    }
}

/// Maps `f` over `items` on a thread of its own while the calling thread takes each result, in
/// order, with `take`: two stages of work where the second must stay on the calling thread (a
/// writer that is neither `Send` nor shareable) and keeps it busy, so that the first runs on the
/// other cores. Items go a batch at a time (a wake-up of the other thread per item costs more
/// than a row's work). As [`ordered`] otherwise.
pub fn pipeline<T, R: Send, E>(
    items: impl Iterator<Item = T> + Send,
    f: impl Fn(T) -> R + Sync,
    take: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    in_order_on(threads() - 1, 64, items, f, take)
}

/// Maps `f` over `items` on all cores while the calling thread takes each result, in order, with
/// `take`: a page written record by record (a report's items), where the records' work is most
/// of the time and writing them must stay in order on one thread.
///
/// Unlike [`map`] over batches, the workers never wait for the writer or for each other: each
/// takes the next few records as soon as it is free, so an uneven batch or the writing of the
/// one before leaves no core idle. The records themselves are made on the workers too (the
/// iterator is drawn from under a lock), at most `WINDOW` chunks ahead of what was taken, so what
/// is held stays small. The first error `take` returns stops the map and is returned; a panic in
/// `f` or the iterator is resumed here.
pub fn ordered<T, R: Send, E>(
    items: impl Iterator<Item = T> + Send,
    f: impl Fn(T) -> R + Sync,
    take: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    // Eight records a chunk: one wake-up of the writer per chunk, not per record.
    in_order_on(threads(), 8, items, f, take)
}

/// [`ordered`] on `workers` threads, which take `chunk` items at a time; on the calling thread
/// alone when there are none.
fn in_order_on<T, R: Send, E>(
    workers: usize,
    chunk: usize,
    items: impl Iterator<Item = T> + Send,
    f: impl Fn(T) -> R + Sync,
    mut take: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    use std::collections::BTreeMap;
    use std::sync::{Condvar, Mutex, PoisonError};
    /// Chunks taken and not yet written, per worker.
    const WINDOW: usize = 4;
    struct Source<I> {
        items: I,
        /// The next chunk's number.
        next: usize,
        /// Chunks written so far.
        written: usize,
        /// Set when the writer stopped or a worker panicked: nothing more is taken.
        stop: bool,
    }
    if workers == 0 {
        return items.map(f).try_for_each(take);
    }
    let window = WINDOW * workers;
    let source = Mutex::new(Source {
        items: items.fuse(),
        next: 0,
        written: 0,
        stop: false,
    });
    let room = Condvar::new();
    let lock = || source.lock().unwrap_or_else(PoisonError::into_inner);
    // Stops the others when a worker unwinds, so that none waits for room forever.
    struct StopOnPanic<'a, F: Fn()>(&'a F);
    impl<F: Fn()> Drop for StopOnPanic<'_, F> {
        fn drop(&mut self) {
            if std::thread::panicking() {
                (self.0)();
            }
        }
    }
    let stop = || {
        lock().stop = true;
        room.notify_all();
    };
    let f = &f;
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::channel::<(usize, Vec<R>)>();
        let workers: Vec<_> = (0..workers)
            .map(|_| {
                let done = done.clone();
                let (lock, room, stop) = (&lock, &room, &stop);
                scope.spawn(move || {
                    let _guard = StopOnPanic(stop);
                    loop {
                        let mut s = lock();
                        while !s.stop && s.next - s.written >= window {
                            s = room.wait(s).unwrap_or_else(PoisonError::into_inner);
                        }
                        if s.stop {
                            return;
                        }
                        let taken: Vec<T> = s.items.by_ref().take(chunk).collect();
                        if taken.is_empty() {
                            return;
                        }
                        let n = s.next;
                        s.next += 1;
                        drop(s);
                        let mapped = taken.into_iter().map(f).collect();
                        if done.send((n, mapped)).is_err() {
                            return;
                        }
                    }
                })
            })
            .collect();
        drop(done);
        let mut result = Ok(());
        let mut early: BTreeMap<usize, Vec<R>> = BTreeMap::new();
        let mut written = 0;
        // Ends when every worker has stopped: the records ran out, or one panicked.
        'taking: for (n, mapped) in &finished {
            early.insert(n, mapped);
            while let Some(mapped) = early.remove(&written) {
                if let Err(e) = mapped.into_iter().try_for_each(&mut take) {
                    result = Err(e);
                    break 'taking;
                }
                written += 1;
                lock().written = written;
                room.notify_all();
            }
        }
        stop();
        drop(finished);
        for worker in workers {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_on_any_number_of_threads() {
        for n in [0, 1, 63, 64, 65, 1000, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let out = super::map(items.clone(), |i| i * 2);
            assert_eq!(out, (0..n).map(|i| i * 2).collect::<Vec<_>>());
            // Jobs of uneven sizes, taken as threads come free, still answer in order.
            let out = super::as_free(items, 4, |i| {
                std::hint::black_box((0..(i % 7) * 1000).sum::<usize>());
                Ok::<_, ()>(i * 2)
            });
            assert_eq!(out, Ok((0..n).map(|i| i * 2).collect::<Vec<_>>()));
        }
    }

    /// The two ordered maps, called alike: a pipeline (a worker fewer than the cores, in batches)
    /// and `ordered` (a worker a core, in chunks).
    type OrderedMap = fn(
        std::ops::Range<usize>,
        &(dyn Fn(usize) -> usize + Sync),
        &mut dyn FnMut(usize) -> Result<(), usize>,
    ) -> Result<(), usize>;
    const ORDERED_MAPS: [OrderedMap; 2] = [
        |items, f, take| super::pipeline(items, f, take),
        |items, f, take| super::ordered(items, f, take),
    ];

    #[test]
    fn ordered_maps_take_every_result_in_order() {
        for map in ORDERED_MAPS {
            for n in [0, 1, 7, 8, 9, 63, 64, 65, 129, 1000, 1001] {
                let mut taken = Vec::new();
                let done = map(
                    0..n,
                    &|i| {
                        // Uneven records: later chunks often finish first.
                        if i % 13 == 0 {
                            std::thread::yield_now();
                        }
                        i * 2
                    },
                    &mut |r| {
                        taken.push(r);
                        Ok(())
                    },
                );
                assert_eq!(done, Ok(()));
                assert_eq!(taken, (0..n).map(|i| i * 2).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn ordered_maps_stop_at_the_first_error_without_mapping_far_past_it() {
        for map in ORDERED_MAPS {
            let mut taken = Vec::new();
            let mapped = std::sync::atomic::AtomicUsize::new(0);
            let done = map(
                0..100_000,
                &|i| {
                    mapped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    i
                },
                &mut |r| {
                    if r == 100 {
                        return Err(r);
                    }
                    taken.push(r);
                    Ok(())
                },
            );
            assert_eq!(done, Err(100));
            assert_eq!(taken, (0..100).collect::<Vec<_>>());
            // At most the window of chunks past the one written.
            assert!(mapped.into_inner() < 1000);
        }
    }

    #[test]
    #[should_panic(expected = "a row that cannot be laid out")]
    fn a_panic_in_the_map_reaches_the_caller() {
        let _ = super::pipeline(
            0..1000,
            |i| {
                assert!(i != 500, "a row that cannot be laid out");
                i
            },
            |_| Ok::<(), ()>(()),
        );
    }

    #[test]
    #[should_panic(expected = "a record that cannot be rendered")]
    fn a_panic_in_an_ordered_map_reaches_the_caller() {
        let _ = super::ordered(
            0..100_000,
            |i| {
                assert!(i != 500, "a record that cannot be rendered");
                i
            },
            |_| Ok::<(), ()>(()),
        );
    }

    #[test]
    #[should_panic(expected = "a sheet that cannot be written")]
    fn a_panic_in_a_job_reaches_the_caller() {
        let _ = super::as_free((0..8).collect(), 2, |i: usize| {
            assert!(i != 5, "a sheet that cannot be written");
            Ok::<_, ()>(i)
        });
    }

    #[test]
    fn jobs_stop_at_a_failure_and_the_first_in_order_is_the_error() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let begun = AtomicUsize::new(0);
        let out = super::as_free((0..1000).collect(), 2, |i: usize| {
            begun.fetch_add(1, Ordering::Relaxed);
            if i >= 10 { Err(i) } else { Ok(i) }
        });
        assert_eq!(out, Err(10));
        // The two threads may each have begun one more before they saw the failure.
        assert!(begun.load(Ordering::Relaxed) <= 13, "{begun:?}");
    }
}
