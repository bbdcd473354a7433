import StanceKit
import Testing
import _StanceTestSupport

@Suite struct FoldAssignmentTests {
    /// 60 A and 40 B interleaved irregularly.
    private static let labels: [String] = (0..<100).map { ($0 * 7) % 10 < 6 ? "A" : "B" }

    @Test func stratifiesLabelsAndBalancesSizes() throws {
        let labels = Self.labels
        #expect(labels.filter { $0 == "A" }.count == 60)
        let folds = try assignFolds(labels: labels, folds: 5, seed: 42)
        #expect(folds.count == 100)
        for fold in 0..<5 {
            let members = folds.indices.filter { folds[$0] == fold }
            let a = members.filter { labels[$0] == "A" }.count
            // 60 / 5 = 12 A and 40 / 5 = 8 B per fold, within one document.
            #expect(abs(a - 12) <= 1)
            #expect(abs(members.count - a - 8) <= 1)
            #expect(abs(members.count - 20) <= 1)
        }
    }

    @Test func groupsAreNeverSplit() throws {
        var random = SeededGenerator(seed: 7)
        var labels: [String] = []
        var groups: [String] = []
        for group in 0..<30 {
            let size = Int.random(in: 1...6, using: &random)
            for _ in 0..<size {
                labels.append(Bool.random(using: &random) ? "FAVOR" : "AGAINST")
                groups.append("outlet-\(group)")
            }
        }
        let folds = try assignFolds(labels: labels, groups: groups, folds: 5, seed: 1)
        var foldOfGroup: [String: Int] = [:]
        for (document, group) in groups.enumerated() {
            if let fold = foldOfGroup[group] {
                #expect(fold == folds[document], "group \(group) is split")
            } else {
                foldOfGroup[group] = folds[document]
            }
        }
        let sizes = (0..<5).map { fold in folds.filter { $0 == fold }.count }
        #expect(sizes.allSatisfy { $0 > 0 })
        // Greedy placement keeps the folds within one largest group (6 documents) of each other.
        #expect(sizes.max()! - sizes.min()! <= 6)
    }

    @Test func groupedFoldsStayStratified() throws {
        // 40 outlets of 3 articles: 20 all FAVOR, 20 all AGAINST. Four folds of 10 outlets should each get about
        // 15 FAVOR and 15 AGAINST articles; a split blind to labels could put 8 FAVOR outlets (24 articles) in one.
        var labels: [String] = []
        var groups: [String] = []
        for outlet in 0..<40 {
            labels += Array(repeating: outlet % 2 == 0 ? "FAVOR" : "AGAINST", count: 3)
            groups += Array(repeating: "outlet-\(outlet)", count: 3)
        }
        for seed: UInt64 in [1, 2, 3, 4] {
            let folds = try assignFolds(labels: labels, groups: groups, folds: 4, seed: seed)
            for fold in 0..<4 {
                let members = folds.indices.filter { folds[$0] == fold }
                let favor = members.filter { labels[$0] == "FAVOR" }.count
                #expect(members.count == 30)
                #expect(abs(favor - 15) <= 3)
            }
        }
    }

    @Test func duplicatesShareAFold() throws {
        let labels = Self.labels
        // Documents 0, 10, 20, …, 90 are one text; 1 and 2 another.
        let keys: [UInt64] = (0..<100).map { (index: Int) -> UInt64 in
            if index % 10 == 0 { return 999 }
            if index == 1 || index == 2 { return 555 }
            return UInt64(index)
        }
        for seed: UInt64 in [1, 2, 3] {
            let folds = try assignFolds(labels: labels, duplicateKeys: keys, folds: 5, seed: seed)
            let copies = stride(from: 0, to: 100, by: 10).map { folds[$0] }
            #expect(Set(copies).count == 1)
            #expect(folds[1] == folds[2])
        }
    }

    @Test func sameSeedSameFoldsDifferentSeedDifferentFolds() throws {
        let a = try assignFolds(labels: Self.labels, folds: 5, seed: 123)
        let b = try assignFolds(labels: Self.labels, folds: 5, seed: 123)
        let c = try assignFolds(labels: Self.labels, folds: 5, seed: 124)
        #expect(a == b)
        #expect(a != c)
        let repeats = try assignRepeatedFolds(labels: Self.labels, folds: 5, repeats: 3, seed: 9)
        #expect(repeats.count == 3)
        #expect(repeats[0] != repeats[1] && repeats[1] != repeats[2])
        #expect(try assignRepeatedFolds(labels: Self.labels, folds: 5, repeats: 3, seed: 9) == repeats)
    }

    @Test func fewerGroupsThanFoldsThrows() {
        let labels = ["A", "B", "A", "B", "A", "B"]
        let groups = ["x", "x", "y", "y", "z", "z"]
        #expect(throws: EvaluationError.fewerGroupsThanFolds(groups: 3, folds: 5)) {
            try assignFolds(labels: labels, groups: groups, folds: 5, seed: 0)
        }
    }

    @Test func onlyTwoGroupsThrows() {
        let labels = ["A", "B", "A", "B"]
        let groups = ["x", "x", "y", "y"]
        #expect(throws: EvaluationError.onlyTwoGroups) {
            try assignFolds(labels: labels, groups: groups, folds: 2, seed: 0)
        }
        #expect(EvaluationError.onlyTwoGroups.exitStatus == .dataError)
    }

    @Test func singleClassTrainingFoldThrows() {
        // Every B sits in group g1, which lands in one fold alone: that fold's training set holds only A.
        let labels = Array(repeating: "B", count: 10) + Array(repeating: "A", count: 9)
        let groups = Array(repeating: "g1", count: 10) + (0..<9).map { "g\(2 + $0 % 3)" }
        #expect(throws: EvaluationError.self) {
            try assignFolds(labels: labels, groups: groups, folds: 3, seed: 0)
        }
        do {
            _ = try assignFolds(labels: labels, groups: groups, folds: 3, seed: 0)
        } catch let error as EvaluationError {
            guard case .singleClassTrainingFold(_, let label) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(label == "A")
            #expect(error.description.contains("only the label \"A\""))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func fewerDistinctDocumentsThanFoldsThrows() {
        let labels = (0..<10).map { $0 % 2 == 0 ? "A" : "B" }
        let keys = [UInt64](repeating: 1, count: 10)
        #expect(throws: EvaluationError.fewerDocumentsThanFolds(documents: 1, folds: 5)) {
            try assignFolds(labels: labels, duplicateKeys: keys, folds: 5, seed: 0)
        }
        #expect(throws: EvaluationError.self) { try assignFolds(labels: labels, folds: 1, seed: 0) }
    }

    @Test func stableRandomIsFixed() {
        // SplitMix64 from seed 0: the first output is a published constant of the algorithm.
        var random = StableRandom(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        var bounded = StableRandom(seed: 5)
        for _ in 0..<1000 {
            let value = bounded.nextIndex(below: 7)
            #expect((0..<7).contains(value))
        }
        #expect(["b", "a", "中", "Z", "ab"].sortedByCodePoint() == ["Z", "a", "ab", "b", "中"])
    }
}
