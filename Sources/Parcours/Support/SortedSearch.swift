extension RandomAccessCollection where Element: Comparable {
    /// Where `value` is in this collection, sorted in ascending order (a binary search): the
    /// content listing, the pages read in its order, the ids of the pages indexed.
    func sortedIndex(of value: Element) -> Index? {
        var low = startIndex, high = endIndex
        while low < high {
            let middle = index(low, offsetBy: distance(from: low, to: high) / 2)
            if self[middle] < value { low = index(after: middle) } else { high = middle }
        }
        return low < endIndex && self[low] == value ? low : nil
    }
}
