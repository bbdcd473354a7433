import StanceKit
import Testing

/// `OutletFeatureFilter` on a matrix worked by hand, and `--drop-outlet-features` through the trainer.
@Suite struct OutletFeatureFilterTests {
    /// Four outlets, two per class, two documents each. Column 0 is framing (1 in class 1, 0 in class 0, whatever
    /// the outlet); column 1 is house style (only outlet B of class 0 and outlet D of class 1 use it); column 2
    /// separates classes (means 0.75 vs 0.25) but also outlets within class 1 (1.0 vs 0.5): within 0.5 ≥ between 0.5.
    /// Column 3 is a lexicon column and always stays.
    @Test func dropsWhatSeparatesOutletsWithinAClass() throws {
        var matrix = SparseMatrix(columnCount: 4)
        let rows: [[(Int32, Double)]] = [
            [(3, 1)], [(3, 1)],  // A, class 0
            [(1, 1), (2, 0.5), (3, 1)], [(1, 1), (2, 0.5), (3, 1)],  // B, class 0
            [(0, 1), (2, 1)], [(0, 1), (2, 1)],  // C, class 1
            [(0, 1), (1, 1), (2, 0.5)], [(0, 1), (1, 1), (2, 0.5)],  // D, class 1
        ]
        for row in rows { matrix.appendRow(row) }
        let labels = [0, 0, 0, 0, 1, 1, 1, 1]
        let outlets: [String?] = ["A", "A", "B", "B", "C", "C", "D", "D"]
        let filter = OutletFeatureFilter(ratio: 1, minimumDocuments: 2)
        #expect(try filter.keptColumns(matrix, labels: labels, outlets: outlets, nGramColumns: 3) == [0])
        // A looser ratio keeps column 2 (within 0.5 < 1.5 · between 0.5 = 0.75) but not the house-style column 1.
        let loose = OutletFeatureFilter(ratio: 1.5, minimumDocuments: 2)
        #expect(try loose.keptColumns(matrix, labels: labels, outlets: outlets, nGramColumns: 3) == [0, 2])
        // With outlets too small to compare, it says so.
        #expect(throws: OutletFeatureError.noClassWithTwoOutlets(minimumDocuments: 3)) {
            try OutletFeatureFilter(minimumDocuments: 3).keptColumns(
                matrix, labels: labels, outlets: outlets, nGramColumns: 3)
        }
    }

    @Test func trainingDropsHouseStyleAndRecordsTheSetting() throws {
        // Class "state": outlets P and Q; class "independent": outlets R and S, five texts each. "harmony" and
        // "crackdown" are framing; "wire" and "desk" are the house style of one outlet per class.
        let styles: [(label: String, outlet: String, prefix: String, word: String)] = [
            ("state", "P", "", "harmony"), ("state", "Q", "wire: ", "harmony"),
            ("independent", "R", "", "crackdown"), ("independent", "S", "desk: ", "crackdown"),
        ]
        let fillers = ["today", "in the region", "again", "returns", "widens"]
        var documents: [Document] = []
        for style in styles {
            for (k, filler) in fillers.enumerated() {
                documents.append(
                    Document(
                        id: "\(style.outlet)\(k)", text: "\(style.prefix)\(style.word) \(filler)", label: style.label,
                        source: style.outlet))
            }
        }
        var settings = TrainingSettings(features: FeatureConfiguration(wordNGrams: 1...1, charNGrams: nil))
        let plain = try StanceTrainer(settings: settings).train(documents)
        settings.dropOutletFeatures = 1
        let filtered = try StanceTrainer(settings: settings).train(documents)
        let before = plain.subModels[0].vocabulary.terms
        let after = filtered.subModels[0].vocabulary.terms
        #expect(before.contains("w:wire") && before.contains("w:desk"))
        #expect(!after.contains("w:wire") && !after.contains("w:desk"))
        #expect(after.contains("w:harmony") && after.contains("w:crackdown"))
        #expect(filtered.settings.dropOutletFeatures == 1)
        #expect(filtered.settings.json.rendered().contains(#""drop_outlet_features": 1"#))
        #expect(!plain.settings.json.rendered().contains("drop_outlet_features"))
    }
}
