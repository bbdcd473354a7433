import Foundation
import Testing

@testable import StanceKit

@Suite(.serialized) struct ParallelMapTests {
    /// Counts live instances, so a test can see whether results are released.
    final class Tracked: Sendable {
        static let live = Mutex()
        let value: Int

        init(_ value: Int) {
            self.value = value
            Self.live.add(1)
        }

        deinit { Self.live.add(-1) }
    }

    final class Mutex: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0

        func add(_ delta: Int) {
            lock.lock()
            count += delta
            lock.unlock()
        }

        var value: Int {
            lock.lock()
            defer { lock.unlock() }
            return count
        }
    }

    @Test(arguments: [1, 2, 3])
    func resultsComeBackInOrderAndAreReleasedAfterUse(threads: Int) {
        let before = Tracked.live.value
        do {
            let results = parallelMap(count: 1000, threads: ThreadBudget(requested: threads)!) { Tracked($0 * 7) }
            #expect(results.map(\.value) == (0..<1000).map { $0 * 7 })
            #expect(Tracked.live.value - before == 1000)
        }
        // Once the returned array is gone, nothing parallelMap made is still alive (each result used to leak on
        // more than one thread: `stance score` grew by ~28 KB per article on two threads).
        #expect(Tracked.live.value == before)
    }
}
