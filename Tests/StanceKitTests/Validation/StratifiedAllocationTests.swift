import Testing

@testable import StanceKit

@Suite struct StratifiedAllocationTests {
    /// N = 14 in six strata (2, 2, 2, 3, 3, 2), n = 8. Quotas 8·2/14 = 1.143 and 8·3/14 = 1.714, none below 1;
    /// floors give 1 each (6 units); the 2 left go to the largest remainders, 0.714 (the two strata of 3).
    @Test func proportionalLargestRemainder() throws {
        let allocation = try StratifiedAllocation(
            keys: ["a", "b", "c", "d", "e", "f"], populations: [2, 2, 2, 3, 3, 2], total: 8)
        #expect(allocation.sizes == [1, 1, 1, 2, 2, 1])
        #expect(allocation.inclusionProbability(ofStratum: 0) == 0.5)
        #expect(allocation.inclusionProbability(ofStratum: 3) == 2.0 / 3.0)
    }

    /// N = 100 in (1, 2, 20, 77), n = 10: quotas 0.1 and 0.2 are below 1, so both strata get one unit (the first
    /// taken whole, π = 1). Left: 8 units over 97 documents: quotas 8·20/97 = 1.649 and 8·77/97 = 6.351; floors
    /// 1 + 6 = 7, the one left goes to remainder 0.649.
    @Test func atLeastOnePerStratumThenRecompute() throws {
        let allocation = try StratifiedAllocation(
            keys: ["a", "b", "c", "d"], populations: [1, 2, 20, 77], total: 10)
        #expect(allocation.sizes == [1, 1, 2, 6])
        #expect(allocation.inclusionProbability(ofStratum: 0) == 1)
        #expect(allocation.inclusionProbability(ofStratum: 1) == 0.5)
        #expect(allocation.inclusionProbability(ofStratum: 2) == 0.1)
        #expect(allocation.inclusionProbability(ofStratum: 3) == 6.0 / 77.0)
    }

    /// Three strata of 10, n = 5: quotas 5/3 each, floors 1, the 2 left tie on remainder and size and go by key.
    @Test func tiesGoByKey() throws {
        let allocation = try StratifiedAllocation(keys: ["c", "a", "b"], populations: [10, 10, 10], total: 5)
        #expect(allocation.sizes == [1, 2, 2])
    }

    /// Equal allocation of 12 over (1, 4, 10, 10): share 3, the stratum of 1 is taken whole; 11 left over three
    /// strata: share 3 each, 2 left go to the two largest strata (by key on the tie): (1, 3, 4, 4).
    @Test func equalAllocation() throws {
        let allocation = try StratifiedAllocation(
            keys: ["a", "b", "c", "d"], populations: [1, 4, 10, 10], total: 12, method: .equal)
        #expect(allocation.sizes == [1, 3, 4, 4])
        #expect(allocation.inclusionProbability(ofStratum: 0) == 1)
        #expect(allocation.inclusionProbability(ofStratum: 1) == 0.75)
        #expect(allocation.inclusionProbability(ofStratum: 2) == 0.4)
    }

    @Test func wholeCorpusAndEmptyStrataAndTooFewUnits() throws {
        let whole = try StratifiedAllocation(keys: ["a", "b"], populations: [3, 4], total: 50)
        #expect(whole.sizes == [3, 4])
        #expect(whole.inclusionProbability(ofStratum: 1) == 1)
        let withEmpty = try StratifiedAllocation(keys: ["a", "b", "c"], populations: [0, 6, 6], total: 4)
        #expect(withEmpty.sizes == [0, 2, 2])
        #expect(throws: SamplingError.fewerUnitsThanStrata(units: 2, strata: 3)) {
            try StratifiedAllocation(keys: ["a", "b", "c"], populations: [5, 5, 5], total: 2)
        }
    }
}
