import Foundation

/// Requests per address, as a bucket of tokens: `burst` at once, then `perMinute`. A
/// patient who sends the form, then again after a correction, never meets it; a script
/// that floods the endpoint does, and gets 429 without anything being stored.
actor RateLimiter {
    let burst: Double
    let perSecond: Double
    private var buckets: [String: (tokens: Double, at: Date)] = [:]

    init(burst: Int, perMinute: Int) {
        self.burst = Double(max(1, burst))
        self.perSecond = Double(max(1, perMinute)) / 60
    }

    func allows(_ address: String, now: Date) -> Bool {
        var bucket = buckets[address] ?? (burst, now)
        bucket.tokens = min(burst, bucket.tokens + max(0, now.timeIntervalSince(bucket.at)) * perSecond)
        bucket.at = now
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        buckets[address] = bucket
        // Bounded: the addresses whose bucket is full again are forgotten.
        if buckets.count > 10_000 {
            buckets = buckets.filter { $0.value.tokens + max(0, now.timeIntervalSince($0.value.at)) * perSecond < burst }
        }
        return allowed
    }
}
