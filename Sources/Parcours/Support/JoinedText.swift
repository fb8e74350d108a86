/// A long text made of many parts in order, with a separator between them (the search
/// index's entries), kept with where each part ends: a rebuild that changes a few parts
/// writes those and copies the bytes of the others, without joining thousands of strings
/// again (issue 15).
struct JoinedText: Sendable {
    private(set) var text: String
    private let prefix: Int
    private let separator: String
    /// The end of each part in `text`'s UTF-8, separators and prefix included before it.
    private var ends: [Int]

    init(_ parts: [String], separator: String, prefix: String = "", suffix: String = "") {
        self.separator = separator
        self.prefix = prefix.utf8.count
        var ends: [Int] = []
        ends.reserveCapacity(parts.count)
        var length = self.prefix
        for (index, part) in parts.enumerated() {
            length += (index == 0 ? 0 : separator.utf8.count) + part.utf8.count
            ends.append(length)
        }
        self.ends = ends
        text = prefix + parts.joined(separator: separator) + suffix
    }

    var count: Int { ends.count }

    /// The same text with some parts replaced: `changes` by part index, each at most once.
    mutating func replace(_ changes: [(index: Int, part: String)]) {
        guard !changes.isEmpty else { return }
        let changes = changes.sorted { $0.index < $1.index }
        var source = text
        var shift = 0
        var nextChange = 0
        text = source.withUTF8 { old -> String in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(old.count + changes.reduce(0) { $0 + $1.part.utf8.count })
            var copied = 0
            // The end of the part before, in the old text (`ends` moves to the new one as it goes).
            var oldEndBefore = prefix
            for index in ends.indices {
                let end = ends[index]
                defer { oldEndBefore = end }
                if nextChange < changes.count, changes[nextChange].index == index {
                    let start = index == 0 ? prefix : oldEndBefore + separator.utf8.count
                    let part = changes[nextChange].part
                    nextChange += 1
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: old[copied..<start]))
                    bytes.append(contentsOf: part.utf8)
                    copied = end
                    shift += part.utf8.count - (end - start)
                }
                ends[index] = end + shift
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: old[copied...]))
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
