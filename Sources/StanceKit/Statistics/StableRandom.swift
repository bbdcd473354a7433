/// A seeded pseudo-random generator whose output is fixed forever: the same seed gives the same numbers in every
/// version of `stance`, on every platform and at every thread count.
///
/// The generator is SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
///
/// ```
/// state ← state + 0x9E3779B97F4A7C15
/// z ← (state ⊕ (state ≫ 30)) · 0xBF58476D1CE4E5B9
/// z ← (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB
/// next = z ⊕ (z ≫ 31)
/// ```
///
/// Bounded integers use Lemire's multiply-and-reject method ("Fast random integer generation in an interval",
/// ACM TOMACS 2019) and shuffles are Fisher–Yates from the last index down, both written here rather than taken
/// from the standard library, whose algorithms may change between releases. Changing any of this breaks the promise
/// that published seeds reproduce published folds and intervals: do not.
public struct StableRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator started from `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for stream `stream` of `seed`: used to give every bootstrap replicate, fold repeat or group its
    /// own independent sequence, so results do not depend on the order in which work is done.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = StableRandom(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`.
    ///
    /// - Precondition: `bound > 0`.
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let range = UInt64(bound)
        var product = range.multipliedFullWidth(by: next())
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = range.multipliedFullWidth(by: next())
            }
        }
        return Int(product.high)
    }

    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Shuffles `elements` in place (Fisher–Yates, Durstenfeld's form).
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        var index = elements.count - 1
        while index > 0 {
            let other = nextIndex(below: index + 1)
            elements.swapAt(index, other)
            index -= 1
        }
    }
}
