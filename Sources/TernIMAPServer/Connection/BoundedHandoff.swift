/// A bounded single-producer, single-consumer queue between two tasks, with back-pressure both ways:
/// `send` waits while `capacity` elements are queued, `next` waits while none is.
///
/// Used for the connection's inbound read-ahead (socket -> command loop) and for APPEND message bytes
/// (command loop -> `Mailbox.append`). Cancellation of a waiting `send` or `next` returns at once
/// (`send` gives false, `next` nil); `finish()` ends the stream for the consumer; `close()` (the
/// consumer gave up) makes every later `send` return false so the producer stops.
actor BoundedHandoff<Element: Sendable> {
    private let capacity: Int
    private var queue: [Element] = []
    private var head = 0
    private var finished = false
    private var closed = false
    private var waitingConsumer: CheckedContinuation<Void, Never>?
    private var waitingProducer: CheckedContinuation<Void, Never>?

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    private var count: Int { queue.count - head }

    /// Queues `element`; false when the consumer closed the handoff (or the task was cancelled).
    func send(_ element: Element) async -> Bool {
        while count >= capacity && !closed {
            if Task.isCancelled { return false }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if count >= capacity && !closed && !Task.isCancelled {
                        waitingProducer = continuation
                    } else {
                        continuation.resume()
                    }
                }
            } onCancel: {
                Task { await self.wakeProducer() }
            }
        }
        guard !closed, !finished else { return false }
        queue.append(element)
        wakeConsumer()
        return true
    }

    /// No more elements: the consumer sees nil after the queued ones.
    func finish() {
        finished = true
        wakeConsumer()
    }

    /// The consumer stops: queued elements are dropped and producers return false.
    func close() {
        closed = true
        queue.removeAll()
        head = 0
        wakeProducer()
    }

    /// The next element; nil once finished and drained, or when cancelled while waiting.
    func next() async -> Element? {
        await waitUntilReadable()
        guard count > 0 else { return nil }
        let element = queue[head]
        head += 1
        if head >= 64 && head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
        wakeProducer()
        return element
    }

    /// Returns when an element is queued or the stream is finished, without taking anything
    /// (or when the task is cancelled): lets a caller race input against other events losslessly.
    func waitUntilReadable() async {
        while count == 0 && !finished && !closed {
            if Task.isCancelled { return }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    if count == 0 && !finished && !closed && !Task.isCancelled {
                        waitingConsumer = continuation
                    } else {
                        continuation.resume()
                    }
                }
            } onCancel: {
                Task { await self.wakeConsumer() }
            }
        }
    }

    private func wakeConsumer() {
        let continuation = waitingConsumer
        waitingConsumer = nil
        continuation?.resume()
    }

    private func wakeProducer() {
        let continuation = waitingProducer
        waitingProducer = nil
        continuation?.resume()
    }
}
