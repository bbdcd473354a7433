import Foundation

/// Computes a stream of work items on threads of its own and hands the results back in input order, with no barrier
/// between items: whichever worker is free takes the next item from `source`, computes it whole, and goes on to the
/// next while the caller (``next()``) takes the results one by one in the order the items came.
///
/// A worker keeps an item from its input to its output, so that nothing of it crosses to another core on the way;
/// items of one stretch of input and the next flow without waiting for each other. The results do not depend on the
/// number of workers: each item's result is computed from the item alone (the caller's contract), and results come
/// back in item order. Workers run about ``window`` items ahead of the caller (at most `window + workers − 1`: the
/// workers that find room at once may each take an item), which bounds the memory held.
///
/// `source` is called by one worker at a time (under a lock of its own, so that a worker waiting for input does not
/// hold up the others' results), `work` on every worker at once with a scratch `State` of each worker's own
/// (``init(workers:window:source:state:work:close:)``). `close` is called once, when the source is no longer needed:
/// after it returned `nil`, or at ``stop()``, by whichever thread is not inside `source` then.
///
/// `@unchecked Sendable`: the queue of results, the counts and the flags are read and written only under `lock`;
/// `source` and `close` only under `sourceLock`, or by the one thread that finds `sourceBusy` false under `lock`.
final class OrderedPipeline<Item, Output, State>: @unchecked Sendable {
    private let lock = NSCondition()
    private let sourceLock = NSLock()
    private let source: () -> Item?
    private let makeState: () -> State
    private let work: (Item, inout State) -> Output
    private let close: () -> Void
    /// Results computed and not yet taken, by ticket.
    private var results: [Int: Output] = [:]
    /// Tickets handed out with an item, and the next ticket ``next()`` returns.
    private var issued = 0
    private var taken = 0
    /// Whether `source` returned `nil` (every ticket is then issued).
    private var exhausted = false
    private var stopped = false
    /// Whether a worker is inside `source`, and whether `close` ran.
    private var sourceBusy = false
    private var closed = false
    /// Workers still running.
    private var running: Int
    /// Items handed out and not yet taken by ``next()`` above which a worker waits before taking another.
    let window: Int

    /// Starts `workers` threads (at least one) that take items from `source` until it returns `nil` or ``stop()``.
    ///
    /// - Parameters:
    ///   - workers: the number of threads.
    ///   - window: how many items at most are computed or waiting ahead of ``next()`` (at least `workers`).
    ///   - source: the items in input order; called by one worker at a time, and never again after it returns `nil`.
    ///   - state: a worker's scratch space, made once per worker; it must not influence results.
    ///   - work: an item's result, from the item alone.
    ///   - close: called once when `source` is done with (after `nil`, or at ``stop()``).
    init(
        workers: Int, window: Int, source: @escaping () -> Item?, state: @escaping () -> State,
        work: @escaping (Item, inout State) -> Output, close: @escaping () -> Void = {}
    ) {
        let workers = max(1, workers)
        self.source = source
        self.makeState = state
        self.work = work
        self.close = close
        self.window = max(window, workers)
        running = workers
        for _ in 0..<workers {
            let thread = Thread { [self] in runWorker() }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func runWorker() {
        var state = makeState()
        defer {
            lock.lock()
            running -= 1
            lock.broadcast()
            lock.unlock()
        }
        while let (ticket, item) = take() {
            let output = work(item, &state)
            lock.lock()
            results[ticket] = output
            if ticket == taken { lock.broadcast() }
            lock.unlock()
        }
    }

    /// The next item and its ticket, or `nil` when the source is done or the pipeline stopped.
    private func take() -> (Int, Item)? {
        lock.lock()
        while !stopped && !exhausted && issued - taken >= window { lock.wait() }
        if stopped || exhausted {
            lock.unlock()
            return nil
        }
        lock.unlock()
        sourceLock.lock()
        defer { sourceLock.unlock() }
        lock.lock()
        if stopped || exhausted {
            lock.unlock()
            return nil
        }
        sourceBusy = true
        lock.unlock()
        let item = source()
        lock.lock()
        sourceBusy = false
        var closing = false
        var result: (Int, Item)?
        if let item, !stopped {
            result = (issued, item)
            issued += 1
        } else {
            exhausted = exhausted || item == nil
            closing = !closed
            closed = true
        }
        lock.broadcast()
        lock.unlock()
        if closing { close() }
        return result
    }

    /// The result of the next item in input order, waiting for it to be computed; `nil` after the last item (or
    /// after ``stop()``).
    func next() -> Output? {
        lock.lock()
        defer { lock.unlock() }
        while !stopped {
            if let output = results.removeValue(forKey: taken) {
                taken += 1
                lock.broadcast()
                return output
            }
            if exhausted && taken == issued { return nil }
            lock.wait()
        }
        return nil
    }

    /// Waits until every worker has returned (after ``next()`` gave `nil` at the end of the items).
    func waitForWorkers() {
        lock.lock()
        while running > 0 { lock.wait() }
        lock.unlock()
    }

    /// Stops taking items: workers finish the item in hand and return. Does not wait for them (one may be waiting
    /// for input inside `source`, which then closes the source when it returns); `close` runs now unless a worker
    /// is inside `source`.
    func stop() {
        lock.lock()
        stopped = true
        let closing = !sourceBusy && !closed
        if closing { closed = true }
        lock.broadcast()
        lock.unlock()
        if closing { close() }
    }
}
