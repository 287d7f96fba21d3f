/// Pending deadlines in a binary min-heap keyed by instant. A removed deadline leaves its heap
/// slot behind until it surfaces, and the heap is rebuilt once such slots outnumber the live
/// deadlines, so memory stays within about twice the live count however often clients start and
/// end IDLE. Pure: the caller supplies the instants.
struct DeadlineQueue<Instant: Comparable, Payload> {
    private var heap: [(instant: Instant, id: UInt64)] = []
    private var payloads: [UInt64: Payload] = [:]
    private var lastID: UInt64 = 0

    /// Live (not yet removed or taken) deadlines.
    var count: Int { payloads.count }

    /// Heap slots, removed ones included (for tests of the bound).
    var storedCount: Int { heap.count }

    mutating func insert(_ instant: Instant, _ payload: Payload) -> UInt64 {
        lastID += 1
        payloads[lastID] = payload
        heap.append((instant, lastID))
        siftUp(heap.count - 1)
        return lastID
    }

    /// Takes a deadline out; nil when it was taken already.
    @discardableResult
    mutating func remove(_ id: UInt64) -> Payload? {
        guard let payload = payloads.removeValue(forKey: id) else { return nil }
        if heap.count > 64 && heap.count > 2 * payloads.count { rebuild() }
        return payload
    }

    /// The earliest live instant.
    mutating func earliest() -> Instant? {
        dropRemovedTop()
        return heap.first?.instant
    }

    /// Takes every live deadline at or before `now`, earliest first.
    mutating func takeDue(at now: Instant) -> [Payload] {
        var due: [Payload] = []
        while let top = heap.first, top.instant <= now {
            popTop()
            if let payload = payloads.removeValue(forKey: top.id) { due.append(payload) }
        }
        return due
    }

    private mutating func dropRemovedTop() {
        while let top = heap.first, payloads[top.id] == nil { popTop() }
    }

    private mutating func rebuild() {
        heap.removeAll { payloads[$0.id] == nil }
        for index in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    private mutating func popTop() {
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].instant < heap[parent].instant else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var smallest = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count {
                if heap[child].instant < heap[smallest].instant { smallest = child }
            }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

extension DeadlineQueue: Sendable where Instant: Sendable, Payload: Sendable {}
