import ArgumentParser
import StanceKit

/// The options of near-duplicate detection, shared by `corpus`, `eval` and `score`.
struct NearDuplicateOptions: ParsableArguments {
    @Flag(help: "Find near-duplicate texts (MinHash LSH over character shingles, confirmed on the exact shingle sets).")
    var nearDuplicates = false
    @Option(help: "Near-duplicates: the smallest Jaccard similarity of two shingle sets.")
    var nearJaccard = 0.5
    @Option(help: "Near-duplicates: the smallest containment of the smaller shingle set in the larger.")
    var nearContainment = 0.8
    @Option(help: "Near-duplicates: Unicode scalars per shingle (white space dropped).")
    var nearShingleLength = 8
    @Option(help: "Near-duplicates: LSH bands.")
    var nearBands = 32
    @Option(help: "Near-duplicates: MinHash values per band.")
    var nearRows = 4
    @Option(help: "Near-duplicates: the seed of the hash functions.")
    var nearSeed: UInt64 = 0

    var settings: NearDuplicateSettings {
        var settings = NearDuplicateSettings()
        settings.jaccard = nearJaccard
        settings.containment = nearContainment
        settings.shingleLength = nearShingleLength
        settings.bands = nearBands
        settings.rows = nearRows
        settings.seed = nearSeed
        return settings
    }

    func validate() throws {
        do {
            try settings.validate()
        } catch let error as NearDuplicateError {
            throw ValidationError(error.description)
        }
    }
}
