import StanceKit

extension SeededGenerator {
    /// A random text of 1…`maxPieces` pieces, each followed by one of `gaps`: the number of pieces is drawn first,
    /// then each piece and its gap, so that a seed always gives the same text.
    public mutating func text(pieces: [String], gaps: [String], maxPieces: Int) -> String {
        var text = ""
        for _ in 0..<(1 + nextIndex(below: maxPieces)) {
            text += pieces[nextIndex(below: pieces.count)]
            text += gaps[nextIndex(below: gaps.count)]
        }
        return text
    }
}
