/// Character shingles of a text and their one-permutation MinHash signature.
///
/// ## Shingle hashes
/// The folded scalar stream (white space dropped, ASCII letters lower-cased) is read once. A polynomial rolling
/// hash over the last `k` scalar values, `R = Σ_{i<k} c_i·B^(k−1−i) mod 2⁶⁴` with an odd multiplier `B`, is updated
/// in O(1) per scalar; the shingle's hash is `h = fmix64(R ⊕ seedKey)` (the 64-bit finaliser of MurmurHash3), which
/// spreads the rolling value over all 64 bits and stands in for a random permutation of the shingle universe.
///
/// ## One-permutation hashing (Li, Owen & Zhang, NIPS 2012)
/// Instead of `K` independent permutations, one hash is split into `K` equal ranges ("bins"): the bin of a shingle
/// is `⌊h·K / 2⁶⁴⌋` (the high word of the 128-bit product) and the bin keeps the smallest `h` that falls in it.
/// One pass over the shingles gives all `K` values.
///
/// ## Densification (Shrivastava & Li, "Improved Densification of One Permutation Hashing", UAI 2014)
/// A short text leaves some bins empty, and two empty bins would "agree" without evidence. Every empty bin `j`
/// borrows from the nearest non-empty bin in a direction fixed per bin by the seed (left or right, circularly), at
/// distance `d`, and takes `fmix64(min_t + d·C)`: two documents agree in a densified bin only if they borrowed the
/// same value from the same distance. With this scheme the probability that two documents agree in any one bin is
/// their Jaccard similarity (Theorem 1 of the paper), so the signature feeds LSH bands like `K` ordinary MinHashes
/// (Broder, "On the resemblance and containment of documents", 1997).
struct ShingleHasher: Sendable {
    let settings: NearDuplicateSettings
    /// Bits mixed into every shingle hash.
    let seedKey: UInt64
    /// `B^(k−1) mod 2⁶⁴`, to take the oldest scalar out of the rolling hash.
    let leadingPower: UInt64
    /// Per bin: borrow from the right (`true`) or the left when the bin is empty.
    let borrowsRight: [Bool]

    static let multiplier: UInt64 = 0x100_0000_01B3 &* 0x9E37_79B9 | 1
    static let densifyOffset: UInt64 = 0xD6E8_FEB8_6659_FD93

    init(settings: NearDuplicateSettings) {
        self.settings = settings
        seedKey = fmix64(settings.seed ^ 0x5EED_5EED_5EED_5EED)
        var power: UInt64 = 1
        for _ in 0..<max(0, settings.shingleLength - 1) { power = power &* Self.multiplier }
        leadingPower = power
        let directionKey = fmix64(settings.seed &+ 0x0123_4567_89AB_CDEF)
        borrowsRight = (0..<settings.signatureSize).map { bin in
            fmix64(directionKey ^ UInt64(bin) &* 0x9E37_79B9_7F4A_7C15) & 1 == 1
        }
    }

    /// Calls `body` with the hash of every shingle of `text`, in order (a repeated shingle is reported again).
    /// Returns the number of folded scalars and a 64-bit key of the whole folded stream (FNV-1a over the scalar
    /// values): texts with equal keys are copies up to white space and ASCII case.
    @inline(__always)
    @discardableResult
    func forEachShingle(in text: String, _ body: (UInt64) -> Void) -> (count: Int, key: UInt64) {
        if let result = text.utf8.withContiguousStorageIfAvailable({ forEachShingle(utf8: $0, body) }) {
            return result
        }
        return Array(text.utf8).withUnsafeBufferPointer { forEachShingle(utf8: $0, body) }
    }

    /// ``forEachShingle(in:_:)`` over valid UTF-8 bytes, decoded here (the hot loop of near-duplicate detection).
    @inline(__always)
    func forEachShingle(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) -> (count: Int, key: UInt64) {
        let k = settings.shingleLength
        let window = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: k)
        defer { window.deallocate() }
        window.initialize(repeating: 0)
        let multiplier = Self.multiplier
        let leadingPower = self.leadingPower
        let seedKey = self.seedKey
        var rolling: UInt64 = 0
        var whole: UInt64 = 0xCBF2_9CE4_8422_2325
        var count = 0
        var slot = 0
        var index = 0
        let end = bytes.count
        while index < end {
            let lead = UInt32(bytes[index])
            var value: UInt32
            if lead < 0x80 {
                index += 1
                if lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) { continue }
                value = lead >= 0x41 && lead <= 0x5A ? lead + 0x20 : lead
            } else if lead < 0xE0 {
                value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
                if value == 0x85 || value == 0xA0 { continue }
            } else if lead < 0xF0 {
                value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
                if value == 0x1680 || (value >= 0x2000 && value <= 0x200A) || value == 0x2028 || value == 0x2029
                    || value == 0x202F || value == 0x205F || value == 0x3000
                {
                    continue
                }
            } else {
                value =
                    (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                    | UInt32(bytes[index + 3] & 0x3F)
                index += 4
            }
            if count >= k { rolling = rolling &- UInt64(window[slot]) &* leadingPower }
            rolling = rolling &* multiplier &+ UInt64(value)
            window[slot] = value
            slot += 1
            if slot == k { slot = 0 }
            whole = (whole ^ UInt64(value)) &* 0x0000_0100_0000_01B3
            count += 1
            if count >= k { body(fmix64(rolling ^ seedKey)) }
        }
        if count > 0 && count < k { body(fmix64(rolling ^ seedKey)) }
        return (count, fmix64(whole ^ UInt64(count)))
    }

    /// The sorted, distinct shingle hashes of `text`.
    func shingleSet(of text: String) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(text.utf8.count / 2)
        forEachShingle(in: text) { hashes.append($0) }
        hashes.sort()
        var kept = 0
        for index in hashes.indices where index == 0 || hashes[index] != hashes[kept - 1] {
            hashes[kept] = hashes[index]
            kept += 1
        }
        hashes.removeLast(hashes.count - kept)
        return hashes
    }

    /// The densified one-permutation signature of `text` (`nil` for a text without a shingle) and the key of its
    /// folded stream.
    func signature(of text: String) -> (values: [UInt64]?, key: UInt64) {
        let size = settings.signatureSize
        var bins = [UInt64](repeating: .max, count: size)
        var filled = [Bool](repeating: false, count: size)
        var any = false
        let key = bins.withUnsafeMutableBufferPointer { bins in
            filled.withUnsafeMutableBufferPointer { filled in
                forEachShingle(in: text) { hash in
                    let bin = Int(hash.multipliedFullWidth(by: UInt64(size)).high)
                    if hash < bins[bin] || !filled[bin] {
                        bins[bin] = hash
                        filled[bin] = true
                    }
                    any = true
                }
                .key
            }
        }
        guard any else { return (nil, key) }
        var signature = bins
        for bin in 0..<size where !filled[bin] {
            var distance = 1
            var source = bin
            while true {
                source = borrowsRight[bin] ? (bin + distance) % size : (bin - distance + size) % size
                if filled[source] { break }
                distance += 1
            }
            signature[bin] = fmix64(bins[source] &+ UInt64(distance) &* Self.densifyOffset)
        }
        return (signature, key)
    }
}

/// The 64-bit finaliser of MurmurHash3 (Appleby): a bijection that spreads every input bit over the output.
@inline(__always)
func fmix64(_ value: UInt64) -> UInt64 {
    var x = value
    x ^= x >> 33
    x = x &* 0xFF51_AFD7_ED55_8CCD
    x ^= x >> 33
    x = x &* 0xC4CE_B9FE_1A85_EC53
    x ^= x >> 33
    return x
}

/// Counts the elements two sorted, distinct arrays share (a merge).
func sortedIntersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            var i = 0
            var j = 0
            var shared = 0
            while i < a.count && j < b.count {
                let x = a[i]
                let y = b[j]
                if x == y {
                    shared += 1
                    i += 1
                    j += 1
                } else if x < y {
                    i += 1
                } else {
                    j += 1
                }
            }
            return shared
        }
    }
}
