import NIOConcurrencyHelpers
import NIOCore

/// A message body in flight, from the connection (writer) to `MailService.deliver` (reader), which stores it for
/// every recipient. At most `capacity` chunks wait; a full channel suspends the writer, which stops the connection from
/// reading the socket: back-pressure all the way to the client. Once the reader is gone (`readerFinished`), writes
/// are dropped, so a delivery that failed for every recipient early never blocks the connection.
final class MessageChunkChannel: Sendable {
    private struct State: Sendable {
        var chunks: [ByteBuffer] = []
        var finished = false
        var failure: (any Error)?
        var readerGone = false
        var waitingReader: CheckedContinuation<ByteBuffer?, any Error>?
        var waitingWriter: CheckedContinuation<Void, Never>?
    }

    private enum Read {
        case chunk(ByteBuffer, wakeWriter: CheckedContinuation<Void, Never>?)
        case end
        case failed(any Error)
    }

    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues `chunk`, waiting while `capacity` chunks are already queued.
    func send(_ chunk: ByteBuffer) async {
        while true {
            let (reader, accepted) = state.withLockedValue {
                state -> (CheckedContinuation<ByteBuffer?, any Error>?, Bool) in
                if state.readerGone || state.finished || state.failure != nil { return (nil, true) }
                if let reader = state.waitingReader {
                    state.waitingReader = nil
                    return (reader, true)
                }
                guard state.chunks.count < capacity else { return (nil, false) }
                state.chunks.append(chunk)
                return (nil, true)
            }
            if let reader {
                reader.resume(returning: chunk)
                return
            }
            if accepted { return }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLockedValue { state in
                    guard !state.readerGone, state.chunks.count >= capacity else { return true }
                    state.waitingWriter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// The message is complete: the reader sees the end after the queued chunks.
    func finish() {
        let reader = state.withLockedValue { state -> CheckedContinuation<ByteBuffer?, any Error>? in
            state.finished = true
            defer { state.waitingReader = nil }
            return state.waitingReader
        }
        reader?.resume(returning: nil)
    }

    /// The message will not complete: the reader gets `error` at once (queued chunks are dropped), so the
    /// delivery stores nothing.
    func fail(_ error: any Error) {
        let reader = state.withLockedValue { state -> CheckedContinuation<ByteBuffer?, any Error>? in
            state.failure = error
            state.chunks.removeAll()
            defer { state.waitingReader = nil }
            return state.waitingReader
        }
        reader?.resume(throwing: error)
    }

    /// The reader stopped (the delivery returned or threw): release a waiting writer and drop later chunks.
    func readerFinished() {
        let writer = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            state.readerGone = true
            state.chunks.removeAll()
            defer { state.waitingWriter = nil }
            return state.waitingWriter
        }
        writer?.resume()
    }

    fileprivate func next() async throws -> ByteBuffer? {
        switch takeQueued() {
        case .chunk(let chunk, let writer):
            writer?.resume()
            return chunk
        case .end:
            return nil
        case .failed(let error):
            throw error
        case nil:
            break
        }
        return try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLockedValue { state -> Read? in
                if let queued = Self.take(&state) { return queued }
                state.waitingReader = continuation
                return nil
            }
            switch ready {
            case .chunk(let chunk, let writer):
                writer?.resume()
                continuation.resume(returning: chunk)
            case .end:
                continuation.resume(returning: nil)
            case .failed(let error):
                continuation.resume(throwing: error)
            case nil:
                break
            }
        }
    }

    private func takeQueued() -> Read? {
        state.withLockedValue { Self.take(&$0) }
    }

    private static func take(_ state: inout State) -> Read? {
        if let failure = state.failure { return .failed(failure) }
        if !state.chunks.isEmpty {
            let chunk = state.chunks.removeFirst()
            defer { state.waitingWriter = nil }
            return .chunk(chunk, wakeWriter: state.waitingWriter)
        }
        return state.finished ? .end : nil
    }

    /// What `MailService.deliver` reads.
    var chunks: Chunks { Chunks(channel: self) }

    struct Chunks: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let channel: MessageChunkChannel

        struct AsyncIterator: AsyncIteratorProtocol {
            let channel: MessageChunkChannel
            mutating func next() async throws -> ByteBuffer? { try await channel.next() }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(channel: channel) }
    }
}
