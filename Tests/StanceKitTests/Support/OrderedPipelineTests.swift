import Foundation
import Testing
import _StanceTestSupport

@testable import StanceKit

@Suite struct OrderedPipelineTests {
    /// A source of the numbers `0..<count`, called by one worker at a time, that counts its calls.
    final class Numbers: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private(set) var calls = 0
        let count: Int

        init(count: Int) { self.count = count }

        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            calls += 1
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
    }

    /// Work whose cost differs from item to item (so that workers finish out of order): a seeded number of rounds
    /// of a multiply chain.
    static func work(_ item: Int) -> [UInt64] {
        var generator = SeededGenerator(seed: UInt64(item))
        var value = UInt64(item)
        for _ in 0..<Int.random(in: 0..<20_000, using: &generator) { value = value &* 6_364_136_223_846_793_005 &+ 1 }
        return [UInt64(item), value]
    }

    @Test(arguments: [1, 2, 3, 5])
    func resultsComeBackInItemOrderAndTheSourceClosesOnce(workers: Int) {
        let numbers = Numbers(count: 500)
        let closed = Numbers(count: 0)
        let pipeline = OrderedPipeline(
            workers: workers, window: 2 * workers, source: numbers.take, state: { 0 },
            work: { item, calls in
                calls += 1
                return (Self.work(item), calls)
            },
            close: { _ = closed.take() })
        var outputs: [[UInt64]] = []
        var perWorkerCalls = 0
        while let (output, calls) = pipeline.next() {
            outputs.append(output)
            perWorkerCalls = max(perWorkerCalls, calls)
        }
        pipeline.waitForWorkers()
        #expect(outputs == (0..<500).map(Self.work))
        // Each worker's scratch lives across its items; the source is asked once past its end per worker at most.
        #expect(perWorkerCalls > 1)
        #expect(numbers.calls == 501)
        #expect(closed.calls == 1)
        #expect(pipeline.next() == nil)
    }

    /// No worker runs more than the window ahead of the consumer.
    @Test func workersStayWithinTheWindow() {
        let numbers = Numbers(count: 200)
        let pipeline = OrderedPipeline(
            workers: 3, window: 4, source: numbers.take, state: {}, work: { item, _ in item })
        var taken = 0
        while let item = pipeline.next() {
            #expect(item == taken)
            taken += 1
            // A slow consumer: the workers would run far ahead if nothing held them back.
            usleep(200)
            // Items handed out (source calls) never exceed the items taken plus the window, and the items of
            // workers that passed the window's check together.
            #expect(numbers.calls <= taken + 4 + 3)
        }
        pipeline.waitForWorkers()
        #expect(taken == 200)
    }

    /// Stopping early closes the source once and lets the workers return; results not yet taken are dropped.
    @Test(arguments: [1, 2, 4])
    func stoppingEarlyClosesTheSourceOnce(workers: Int) {
        let numbers = Numbers(count: 100_000)
        let closed = Numbers(count: 0)
        let pipeline = OrderedPipeline(
            workers: workers, window: 8, source: numbers.take, state: {}, work: { item, _ in Self.work(item) },
            close: { _ = closed.take() })
        for expected in 0..<10 { #expect(pipeline.next()?.first == UInt64(expected)) }
        pipeline.stop()
        #expect(pipeline.next() == nil)
        pipeline.waitForWorkers()
        #expect(closed.calls == 1)
        #expect(numbers.calls < 100)
    }
}
