import StanceKit
import Testing

@Suite struct ThreadBudgetTests {
    @Test func atLeastOneThreadDecidedOnce() {
        #expect(ThreadBudget(requested: 0) == nil)
        #expect(ThreadBudget(requested: -3) == nil)
        #expect(ThreadBudget(requested: 4)?.count == 4)
        #expect(ThreadBudget.single.count == 1)
        #expect(ThreadBudget.machine.count >= 1)
    }

    @Test func workersAndShares() throws {
        let four = try #require(ThreadBudget(requested: 4))
        #expect(four.workers(for: 10) == 4)
        #expect(four.workers(for: 3) == 3)
        #expect(four.workers(for: 0) == 1)
        #expect(four.limited(to: 2).count == 2)
        // 5 folds on 4 threads: two side by side get 2 each; one alone gets all 4; more parts than threads get 1.
        #expect(four.shared(among: 2).count == 2)
        #expect(four.shared(among: 1).count == 4)
        #expect(four.shared(among: 7).count == 1)
        #expect(four.shared(among: 0).count == 4)
        #expect(four.isParallel && !ThreadBudget.single.isParallel)
    }
}
