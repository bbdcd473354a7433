/// The parameters of near-duplicate detection (``NearDuplicateDetector``).
///
/// ## Shingles
/// A text is read as a stream of Unicode scalars with white space dropped and ASCII letters lower-cased, so that two
/// copies differing in line breaks, spacing around punctuation or title case still match. Its shingles are the runs
/// of `shingleLength` consecutive scalars of that stream (a text shorter than that is one shingle). Eight scalars
/// are about four Chinese words or one and a half English words: long enough that unrelated news texts share few
/// shingles, short enough that one edited word changes only eight of them.
///
/// ## Signature and bands
/// The MinHash signature has `bands × rows` values (one-permutation hashing with densification, see
/// ``NearDuplicateDetector``). Two documents become a *candidate pair* when all `rows` values of at least one band
/// agree. Each value agrees with probability equal to the Jaccard similarity `s` of the two shingle sets, so
///
/// ```
/// P(candidate | s) = 1 − (1 − s^rows)^bands
/// ```
///
/// With the default 32 bands of 4 rows (128 values) this S-curve is 0.003 at s = 0.1, 0.050 at 0.2, 0.23 at 0.3,
/// 0.56 at 0.4, 0.87 at 0.5, 0.988 at 0.6, 0.9998 at 0.7 and above 0.9999999 from 0.8; its threshold,
/// `(1/bands)^(1/rows)`, is at s ≈ 0.42.
///
/// ## Confirmation
/// Every candidate pair is checked on its exact shingle sets: it is a near-duplicate pair when the Jaccard similarity
/// `|A ∩ B| / |A ∪ B|` is at least `jaccard`, or when the containment of the smaller set in the larger,
/// `|A ∩ B| / min(|A|, |B|)`, is at least `containment` and the smaller set has at least `minimumContainedShingles`
/// shingles (a short headline is not a copy of every article that quotes it). Containment catches a truncated
/// repost or an article with an appended sidebar, as long as the pair became a candidate: the S-curve above is in
/// the Jaccard similarity, so a text contained in one twice its length (s = 0.5) is found 87% of the time, one three
/// times its length (s = 0.33) 32% of the time.
public struct NearDuplicateSettings: Hashable, Sendable {
    /// Unicode scalars per shingle (after white space is dropped).
    public var shingleLength = 8
    /// LSH bands.
    public var bands = 32
    /// Signature values per band.
    public var rows = 4
    /// The smallest exact Jaccard similarity of a near-duplicate pair.
    public var jaccard = 0.5
    /// The smallest containment of the smaller shingle set in the larger for a near-duplicate pair.
    public var containment = 0.8
    /// The smallest shingle set for which containment alone makes a pair.
    public var minimumContainedShingles = 100
    /// Documents of one LSH bucket paired with each other at most: a bucket of more documents pairs each of them
    /// with only the first `maximumBucketPairs` of the bucket (in input order), which bounds the work on a corpus
    /// of hundreds of copies of one text.
    public var maximumBucketPairs = 200
    /// The seed of the shingle hash and of the densification directions.
    public var seed: UInt64 = 0

    public init() {}

    /// Signature values per document.
    public var signatureSize: Int { bands * rows }

    /// The probability that a pair with Jaccard similarity `s` becomes a candidate: `1 − (1 − s^rows)^bands`.
    public func candidateProbability(jaccard s: Double) -> Double {
        var power = 1.0
        for _ in 0..<rows { power *= s }
        var miss = 1.0
        for _ in 0..<bands { miss *= 1 - power }
        return 1 - miss
    }

    /// Checks that the settings make sense.
    ///
    /// - Throws: ``NearDuplicateError/invalidSettings(_:)``.
    public func validate() throws {
        if shingleLength < 1 { throw NearDuplicateError.invalidSettings("the shingle length must be at least 1") }
        if bands < 1 || rows < 1 { throw NearDuplicateError.invalidSettings("bands and rows must be at least 1") }
        if signatureSize > 4096 {
            throw NearDuplicateError.invalidSettings("bands × rows must be at most 4096, not \(signatureSize)")
        }
        if !(jaccard > 0 && jaccard <= 1) {
            throw NearDuplicateError.invalidSettings("the Jaccard threshold must be in (0, 1], not \(jaccard)")
        }
        if !(containment > 0 && containment <= 1) {
            throw NearDuplicateError.invalidSettings("the containment threshold must be in (0, 1], not \(containment)")
        }
        if maximumBucketPairs < 2 {
            throw NearDuplicateError.invalidSettings("the bucket pairing limit must be at least 2")
        }
    }
}

/// An error of near-duplicate detection.
public enum NearDuplicateError: StanceFailure, Equatable {
    /// Settings that cannot work (exit status 64).
    case invalidSettings(String)

    public var exitStatus: ExitStatus { .usage }

    public var description: String {
        switch self {
        case .invalidSettings(let message): "near-duplicate settings: \(message)"
        }
    }
}
