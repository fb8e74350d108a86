import Foundation

/// `map` over all cores; the results keep the order of the input.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let results = ResultSlots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, transform(items[index]))
        }
        return results.values
    }

    /// `map` on `width` threads, for work that waits on the disk rather than on a core.
    /// Each thread takes every `width`-th item.
    static func map<T: Sendable, R: Sendable>(_ items: [T], width: Int, _ transform: @escaping @Sendable (T) -> R) -> [R] {
        let results = ResultSlots<R>(count: items.count)
        let threads = max(1, min(width, items.count))
        let finished = DispatchGroup()
        for first in 0..<threads {
            finished.enter()
            let thread = Thread {
                for index in stride(from: first, to: items.count, by: threads) { results.set(index, transform(items[index])) }
                finished.leave()
            }
            thread.start()
        }
        finished.wait()
        return results.values
    }

    /// Each iteration writes only its own slot of a buffer allocated once, so no lock is needed.
    private final class ResultSlots<R>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<R?>
        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }
        deinit {
            slots.deinitialize()
            slots.deallocate()
        }
        func set(_ index: Int, _ value: R) { slots[index] = value }
        var values: [R] { slots.compactMap { $0 } }
    }
}
