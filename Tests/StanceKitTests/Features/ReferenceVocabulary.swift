import Foundation
import Testing

@testable import StanceKit

extension FeatureExtractor {
    /// The vocabulary of `texts`, fitted the slow and obvious way as a reference for the production paths
    /// (``fitTransform(_:threads:)``, ``countTexts(_:threads:)``, ``countCorpus(_:threads:)``): each text's n-grams
    /// from ``nGramCounts(in:)`` (the ``NGramGenerator`` engine, not the ``NGramBlockCounter`` the production paths
    /// count with); the terms with `minDF ≤ df ≤ maxDF · n` and no mask token; the `maxFeatures` with the highest
    /// total count, ties by the name's UTF-8 bytes; columns in UTF-8 byte order; `idf = ln((1 + n) / (1 + df)) + 1`.
    /// Settings out of range are refused first, as the production paths refuse them.
    func referenceVocabulary(_ texts: [NormalizedText]) throws -> FittedVocabulary {
        try configuration.validate()
        var df: [String: Int] = [:]
        var total: [String: Int] = [:]
        for text in texts {
            for (term, count) in nGramCounts(in: text) where count > 0 {
                df[term, default: 0] += 1
                total[term, default: 0] += count
            }
        }
        let n = texts.count
        func bytesPrecede(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
        var kept = df.keys.filter {
            df[$0]! >= configuration.minDF && Double(df[$0]!) <= configuration.maxDF * Double(n)
                && !MaskTokenFilter.holdsMask($0)
        }
        if let maxFeatures = configuration.maxFeatures, kept.count > maxFeatures {
            kept.sort { total[$0]! != total[$1]! ? total[$0]! > total[$1]! : bytesPrecede($0, $1) }
            kept.removeLast(kept.count - maxFeatures)
        }
        kept.sort(by: bytesPrecede)
        return try FittedVocabulary(
            configuration: configuration, terms: kept,
            idf: kept.map { log(Double(1 + n) / Double(1 + df[$0]!)) + 1 }, documentCount: n,
            lexicon: configuration.useLexicons ? lexicon : nil)
    }
}
