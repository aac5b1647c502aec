//! The one place threads are spawned: a map over owned items on all cores, in order (files are
//! read and parsed independently, and a 10,000-item roadmap should not wait for one core), a
//! producer in the background (`git log` read while its first commits are compared), and a
//! pipeline whose first stage runs beside the calling thread (a workbook's rows laid out while
//! the library writes the ones before).

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

/// Runs `produce` on a thread of its own and hands back what it sends, as it sends it: a
/// producer (reading `git log`) goes on while the caller works on what came before.
pub fn background<T: Send + 'static>(
    produce: impl FnOnce(std::sync::mpsc::Sender<T>) + Send + 'static,
) -> std::sync::mpsc::Receiver<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || produce(tx));
    rx
}

/// Maps `f` over `items` on a thread of its own while the calling thread takes each result, in
/// order, with `take`: two stages of work where the second must stay on the calling thread (a
/// writer that is neither `Send` nor shareable), so that the first runs on the other core. Items
/// go a batch at a time (a wake-up of the other thread per item costs more than a row's work),
/// and at most two batches are in flight, so what is held stays small. The first error `take`
/// returns stops the map and is returned; a panic in `f` is resumed here.
pub fn pipeline<T: Send, R: Send, E>(
    items: impl Iterator<Item = T>,
    f: impl Fn(T) -> R + Sync,
    mut take: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    const BATCH: usize = 64;
    const IN_FLIGHT: usize = 2;
    if threads() < 2 {
        return items.map(f).try_for_each(take);
    }
    // Fused: the batches below ask for more after the end.
    let mut items = items.fuse();
    let f = &f;
    std::thread::scope(|scope| {
        let (to_map, to_worker) = std::sync::mpsc::sync_channel::<Vec<T>>(IN_FLIGHT);
        let (from_worker, mapped) = std::sync::mpsc::sync_channel::<Vec<R>>(IN_FLIGHT);
        let worker = scope.spawn(move || {
            for batch in to_worker {
                let done: Vec<R> = batch.into_iter().map(f).collect();
                if from_worker.send(done).is_err() {
                    break;
                }
            }
        });
        // Batches sent and not yet taken: never more than either channel holds, so neither
        // thread waits on a full channel while the other waits on it.
        let mut in_flight = 0;
        let mut result = Ok(());
        loop {
            while in_flight < IN_FLIGHT {
                let batch: Vec<T> = items.by_ref().take(BATCH).collect();
                if batch.is_empty() || to_map.send(batch).is_err() {
                    break;
                }
                in_flight += 1;
            }
            if in_flight == 0 {
                break;
            }
            // The worker's end closes only when it stops, and it stops early only by a panic.
            let Ok(done) = mapped.recv() else { break };
            in_flight -= 1;
            if let Err(e) = done.into_iter().try_for_each(&mut take) {
                result = Err(e);
                break;
            }
        }
        drop(to_map);
        drop(mapped);
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
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
            let out = super::map(items, |i| i * 2);
            assert_eq!(out, (0..n).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_pipeline_takes_every_result_in_order() {
        for n in [0, 1, 63, 64, 65, 129, 1000] {
            let mut taken = Vec::new();
            let done: Result<(), ()> = super::pipeline(
                0..n,
                |i| i * 2,
                |r| {
                    taken.push(r);
                    Ok(())
                },
            );
            assert_eq!(done, Ok(()));
            assert_eq!(taken, (0..n).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_pipeline_stops_at_the_first_error() {
        let mut taken = Vec::new();
        let mapped = std::sync::atomic::AtomicUsize::new(0);
        let done = super::pipeline(
            0..100_000,
            |i| {
                mapped.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            },
            |r| {
                if r == 100 {
                    return Err(r);
                }
                taken.push(r);
                Ok(())
            },
        );
        assert_eq!(done, Err(100));
        assert_eq!(taken, (0..100).collect::<Vec<_>>());
        // Nothing far past the error was mapped: at most the batches in flight.
        assert!(mapped.into_inner() < 1000);
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
}
