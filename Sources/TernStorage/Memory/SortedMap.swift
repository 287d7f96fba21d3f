/// A map from storage keys to values kept in storage order (bytewise UTF-8), for the memory backend's
/// prefix and range listings. Inserts are O(n); fine for test-sized stores.
struct SortedMap<Value> {
    private var keys: [String] = []
    private var values: [String: Value] = [:]

    var isEmpty: Bool { keys.isEmpty }

    subscript(key: String) -> Value? { values[key] }

    /// Inserts or replaces; with `exclusive`, refuses (returns false) when `key` is present.
    mutating func insert(_ key: String, _ value: Value, exclusive: Bool) -> Bool {
        if values[key] != nil {
            if exclusive { return false }
        } else {
            keys.insert(key, at: firstIndex(notBefore: key))
        }
        values[key] = value
        return true
    }

    mutating func remove(_ key: String) {
        guard values.removeValue(forKey: key) != nil else { return }
        let index = firstIndex(notBefore: key)
        if index < keys.count, keys[index] == key { keys.remove(at: index) }
    }

    /// Up to `limit` entries with `prefix`, strictly after `after`, and whether more may follow.
    func page(prefix: String, after: String?, limit: Int) -> (entries: [(key: String, value: Value)], more: Bool) {
        var index = firstIndex(notBefore: prefix)
        if let after, StorageKey.precedes(prefix, after) || prefix == after {
            index = max(index, firstIndex(notBefore: after))
            if index < keys.count, keys[index] == after { index += 1 }
        }
        var entries: [(key: String, value: Value)] = []
        while index < keys.count, entries.count < limit {
            let key = keys[index]
            guard key.utf8.starts(with: prefix.utf8) else { return (entries, false) }
            if let value = values[key] { entries.append((key, value)) }
            index += 1
        }
        let more = index < keys.count && keys[index].utf8.starts(with: prefix.utf8)
        return (entries, more)
    }

    /// The first position whose key is not before `key` (binary search).
    private func firstIndex(notBefore key: String) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if StorageKey.precedes(keys[mid], key) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

extension SortedMap: Sendable where Value: Sendable {}
