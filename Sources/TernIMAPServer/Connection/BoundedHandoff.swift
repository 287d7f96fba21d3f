/// A bounded single-producer, single-consumer queue between two tasks, with back-pressure both ways:
/// `send` waits while `capacity` elements are queued, `next` waits while none is.
///
/// Used for the connection's inbound read-ahead (socket -> command loop) and for APPEND message bytes
/// (command loop -> `Mailbox.append`). Cancellation of a waiting `send` or `next` returns at once
/// (`send` gives false, `next` nil); `finish()` ends the stream for the consumer; `close()` (the
/// consumer gave up) makes every later `send` return false so the producer stops.
actor BoundedHandoff<Element: Sendable> {
    private let capacity: Int
    /// Taken slots are set to nil at once: a consumed `ByteBuffer` must not pin its storage
    /// (behind TLS, a slice of NIOSSL's 32 KiB read buffer) while the session idles.
    private var queue: [Element?] = []
    private var head = 0
    private var finished = false
    private var closed = false
    private var waitingConsumer: CheckedContinuation<Void, Never>?
    private var waitingProducer: CheckedContinuation<Void, Never>?
    private var readableCallback: (@Sendable () -> Void)?
    private var endCallback: (@Sendable () -> Void)?

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
        fireEnd()
    }

    /// The consumer stops: queued elements are dropped and producers return false.
    func close() {
        closed = true
        queue.removeAll()
        head = 0
        wakeProducer()
        fireEnd()
    }

    /// The next element; nil once finished and drained, or when cancelled while waiting.
    func next() async -> Element? {
        await waitUntilReadable()
        guard count > 0 else { return nil }
        let element = queue[head]
        queue[head] = nil
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= queue.count {
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
                Task { await self.resumeWaitingConsumer() }
            }
        }
    }

    /// Calls `callback` once an element is queued or the stream ends (at once if so already),
    /// without taking anything: the callback form of `waitUntilReadable`, for a waiter that races
    /// input against other events without a task per event. Replaces an earlier callback.
    func onReadable(_ callback: @escaping @Sendable () -> Void) {
        if count > 0 || finished || closed {
            readableCallback = nil
            callback()
        } else {
            readableCallback = callback
        }
    }

    func cancelOnReadable() {
        readableCallback = nil
    }

    /// Calls `callback` once the producer finished (the client closed its side; at once if it has), even
    /// with elements still queued: lets a running command stop when nobody will read its answer.
    /// Replaces an earlier callback.
    func onEnd(_ callback: @escaping @Sendable () -> Void) {
        if finished || closed {
            endCallback = nil
            callback()
        } else {
            endCallback = callback
        }
    }

    func cancelOnEnd() {
        endCallback = nil
    }

    private func fireEnd() {
        let callback = endCallback
        endCallback = nil
        callback?()
    }

    private func wakeConsumer() {
        resumeWaitingConsumer()
        let callback = readableCallback
        readableCallback = nil
        callback?()
    }

    private func resumeWaitingConsumer() {
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
