/// Least-significant-digit radix sort of 64-bit integers by their high 32 bits, for the rows of a feature matrix
/// (`column << 32 | count`, columns distinct within a row).
enum RadixSort {
    /// Bits sorted per pass: 2¹¹ counters fit in the L1 cache.
    private static let digitBits = 11
    /// Below this many elements a comparison sort is faster than clearing and scanning the counters.
    private static let smallCount = 64

    /// Sorts `values` by `value >> 32`, whose values must be below `2^significantBits`; elements with equal high
    /// halves keep their order (the sort is stable). `scratch` is working space, reused between calls.
    ///
    /// - Complexity: O(n · ⌈significantBits / 11⌉).
    static func sortByHighHalf(_ values: inout [UInt64], scratch: inout [UInt64], significantBits: Int) {
        let count = values.count
        guard count >= smallCount else {
            insertionSortByHighHalf(&values)
            return
        }
        if scratch.count < count { scratch = [UInt64](repeating: 0, count: count) }
        let passes = max(1, (significantBits + digitBits - 1) / digitBits)
        let mask = UInt64(1 << digitBits - 1)
        var counts = [Int](repeating: 0, count: 1 << digitBits)
        values.withUnsafeMutableBufferPointer { values in
            scratch.withUnsafeMutableBufferPointer { scratch in
                var source = values
                var target = scratch
                for pass in 0..<passes {
                    let shift = UInt64(32 + pass * digitBits)
                    counts.withUnsafeMutableBufferPointer { counts in
                        counts.update(repeating: 0)
                        for index in 0..<count { counts[Int((source[index] >> shift) & mask)] += 1 }
                        var start = 0
                        for digit in counts.indices {
                            let size = counts[digit]
                            counts[digit] = start
                            start += size
                        }
                        for index in 0..<count {
                            let value = source[index]
                            let digit = Int((value >> shift) & mask)
                            target[counts[digit]] = value
                            counts[digit] += 1
                        }
                    }
                    swap(&source, &target)
                }
                if passes % 2 == 1 { _ = values.update(fromContentsOf: scratch[0..<count]) }
            }
        }
    }

    private static func insertionSortByHighHalf(_ values: inout [UInt64]) {
        values.withUnsafeMutableBufferPointer { values in
            for index in values.indices.dropFirst() {
                let value = values[index]
                var position = index
                while position > 0 && values[position - 1] >> 32 > value >> 32 {
                    values[position] = values[position - 1]
                    position -= 1
                }
                values[position] = value
            }
        }
    }
}
