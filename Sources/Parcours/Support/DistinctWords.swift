import Foundation

/// Words kept once each, in the order they first came, as one space-separated line of
/// UTF-8: the search index's `words`.
///
/// Why not a `Set<String>`: hashing a `String` (SipHash, and a normalisation check for
/// text that is not ASCII) was most of the cost of the search index, asked of every word
/// of every page (issue 15). Here a word is hashed once with FNV-1a over its bytes, and
/// compared as bytes against the line it was written into. Words are equal when their
/// bytes are: they come out of one folding, so equal words have equal bytes.
struct DistinctWords {
    /// The words so far, separated by spaces.
    private(set) var text: [UInt8] = []
    /// For each slot of the open-addressing table: 0 when empty, else the word's index + 1.
    private var slots = [Int32](repeating: 0, count: 256)
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []

    /// Adds the word unless it is there already; either way, gives its index (the order in
    /// which the distinct words came).
    @discardableResult
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>) -> (inserted: Bool, index: Int) {
        let hash = Self.hash(word)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if hashes[index] == hash, lengths[index] == word.count, isWord(at: starts[index], word) {
                return (false, index)
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        if !text.isEmpty { text.append(UInt8(ascii: " ")) }
        starts.append(text.count)
        lengths.append(word.count)
        hashes.append(hash)
        text.append(contentsOf: word)
        slots[slot] = Int32(truncatingIfNeeded: starts.count)
        if starts.count * 2 > slots.count { grow() }
        return (true, starts.count - 1)
    }

    @discardableResult
    mutating func insert(_ word: [UInt8]) -> (inserted: Bool, index: Int) {
        word.withUnsafeBufferPointer { insert($0) }
    }

    private func isWord(at start: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let wordStart = word.baseAddress else { return true }  // Both empty.
        return text.withUnsafeBufferPointer { text in
            guard let textStart = text.baseAddress else { return false }
            return memcmp(textStart + start, wordStart, word.count) == 0
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for index in hashes.indices {
            var slot = Int(truncatingIfNeeded: hashes[index]) & (slots.count - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(truncatingIfNeeded: index + 1)
        }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
