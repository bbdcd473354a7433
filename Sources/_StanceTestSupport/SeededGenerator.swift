import StanceKit

/// The seeded generator of tests: StanceKit's own stable SplitMix64 (Steele, Lea & Flood 2014), so that tests and
/// the library draw from one implementation.
public typealias SeededGenerator = StableRandom
