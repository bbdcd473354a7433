/// An Aho–Corasick automaton over UTF-8 bytes (Aho & Corasick 1975): a trie of the patterns with failure links and,
/// per node, the nearest pattern-ending suffix node, so that every pattern ending at a byte is reported in O(1) each.
struct AhoCorasickAutomaton: Sendable {
    /// Node `i`'s edges: `edgeBytes[edgeStart[i]..<edgeStart[i + 1]]` (sorted) to `edgeTargets[...]`.
    var edgeStart: [Int] = []
    var edgeBytes: [UInt8] = []
    var edgeTargets: [Int32] = []
    /// The root's transitions for every byte (0 = back to the root).
    var rootNext = [Int32](repeating: 0, count: 256)
    var fail: [Int32] = []
    /// The pattern that ends at a node, or -1.
    var output: [Int32] = []
    /// The nearest proper suffix node (along failure links) at which a pattern ends, or -1.
    var outputLink: [Int32] = []
    var patternTerms: [String] = []
    var patternLengths: [Int] = []
    var patternConcepts: [[Int32]] = []
    var needsLeftBoundary: [Bool] = []
    var needsRightBoundary: [Bool] = []

    init(entries: [Lexicon.Entry], conceptIndex: [String: Int32]) {
        // Patterns: distinct terms in entry order, each with its sorted distinct concepts.
        var patternOf: [String: Int] = [:]
        for entry in entries {
            guard let concept = conceptIndex[entry.concept] else { continue }
            if let pattern = patternOf[entry.term] {
                if !patternConcepts[pattern].contains(concept) { patternConcepts[pattern].append(concept) }
            } else {
                patternOf[entry.term] = patternTerms.count
                patternTerms.append(entry.term)
                patternConcepts.append([concept])
            }
        }
        for index in patternConcepts.indices { patternConcepts[index].sort() }
        // The trie.
        var children: [[UInt8: Int32]] = [[:]]
        var nodeOutput: [Int32] = [-1]
        for (pattern, term) in patternTerms.enumerated() {
            var node = 0
            let bytes = Array(term.utf8)
            for byte in bytes {
                if let child = children[node][byte] {
                    node = Int(child)
                } else {
                    let child = Int32(children.count)
                    children[node][byte] = child
                    children.append([:])
                    nodeOutput.append(-1)
                    node = Int(child)
                }
            }
            nodeOutput[node] = Int32(pattern)
            patternLengths.append(bytes.count)
            let scalars = Array(term.unicodeScalars)
            needsLeftBoundary.append(scalars.first.map { CharacterClass($0.value).continuesWord } ?? false)
            needsRightBoundary.append(scalars.last.map { CharacterClass($0.value).continuesWord } ?? false)
        }
        for node in children.indices {
            edgeStart.append(edgeBytes.count)
            for (byte, child) in children[node].sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(byte)
                edgeTargets.append(child)
            }
        }
        edgeStart.append(edgeBytes.count)
        for (byte, child) in children[0] { rootNext[Int(byte)] = child }
        output = nodeOutput
        // Failure and output links, breadth first.
        fail = [Int32](repeating: 0, count: children.count)
        outputLink = [Int32](repeating: -1, count: children.count)
        var queue: [Int32] = children[0].sorted(by: { $0.key < $1.key }).map(\.value)
        var head = 0
        while head < queue.count {
            let node = Int(queue[head])
            head += 1
            for (byte, child) in children[node].sorted(by: { $0.key < $1.key }) {
                var candidate = fail[node]
                var target: Int32 = 0
                while true {
                    if let next = edge(candidate, byte) {
                        target = next
                        break
                    }
                    if candidate == 0 { break }
                    candidate = fail[Int(candidate)]
                }
                fail[Int(child)] = target
                outputLink[Int(child)] = output[Int(target)] >= 0 ? target : outputLink[Int(target)]
                queue.append(child)
            }
        }
    }

    /// The child of `node` along `byte`, if any.
    @inline(__always)
    func edge(_ node: Int32, _ byte: UInt8) -> Int32? {
        if node == 0 {
            let next = rootNext[Int(byte)]
            return next == 0 ? nil : next
        }
        var low = edgeStart[Int(node)]
        var high = edgeStart[Int(node) + 1]
        while low < high {
            let mid = (low + high) / 2
            if edgeBytes[mid] < byte { low = mid + 1 } else { high = mid }
        }
        return low < edgeStart[Int(node) + 1] && edgeBytes[low] == byte ? edgeTargets[low] : nil
    }

    /// The state after reading `byte` in `state`.
    @inline(__always)
    func next(_ state: Int32, _ byte: UInt8) -> Int32 {
        var state = state
        while true {
            if let target = edge(state, byte) { return target }
            if state == 0 { return 0 }
            state = fail[Int(state)]
        }
    }

    /// Whether an occurrence of `pattern` at `start..<end` stands at the word boundaries it needs.
    func fitsBoundaries(_ pattern: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        if needsLeftBoundary[pattern] && start > 0 {
            let previous = UTF8Scalars.decode(bytes, at: UTF8Scalars.previousStart(bytes, before: start)).value
            if CharacterClass(previous).continuesWord { return false }
        }
        if needsRightBoundary[pattern] && end < bytes.count {
            if CharacterClass(UTF8Scalars.decode(bytes, at: end).value).continuesWord { return false }
        }
        return true
    }
}
