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

    /// The same text with some parts replaced: `changes` by part index (the last change of
    /// an index wins; an index out of range changes nothing).
    mutating func replace(_ changes: [(index: Int, part: String)]) {
        let changes = Dictionary(changes.filter { ends.indices.contains($0.index) }.map { ($0.index, $0.part) },
                                 uniquingKeysWith: { _, last in last })
            .map { (index: $0.key, part: $0.value) }.sorted { $0.index < $1.index }
        // Where each replaced part starts in the old text, and the new text's length: it is
        // written once, into room made once (3 MB for the search index of 10,000 pages).
        let starts = changes.map { $0.index == 0 ? prefix : ends[$0.index - 1] + separator.utf8.count }
        let deltas = zip(changes, starts).map { change, start in change.part.utf8.count - (ends[change.index] - start) }
        guard !changes.isEmpty else { return }
        let length = text.utf8.count + deltas.reduce(0, +)
        var source = text
        text = source.withUTF8 { old in
            String(unsafeUninitializedCapacity: length) { new in
                var copied = 0, written = 0
                func append(_ bytes: UnsafeBufferPointer<UInt8>) {
                    guard let from = bytes.baseAddress, let to = new.baseAddress, written + bytes.count <= new.count else { return }
                    (to + written).update(from: from, count: bytes.count)
                    written += bytes.count
                }
                for (change, start) in zip(changes, starts) {
                    append(UnsafeBufferPointer(rebasing: old[copied..<start]))
                    var part = change.part
                    part.withUTF8 { append($0) }
                    copied = ends[change.index]
                }
                append(UnsafeBufferPointer(rebasing: old[copied...]))
                return written
            }
        }
        var shift = 0, nextChange = 0
        for index in ends.indices {
            if nextChange < changes.count, changes[nextChange].index == index {
                shift += deltas[nextChange]
                nextChange += 1
            }
            ends[index] += shift
        }
    }
}
