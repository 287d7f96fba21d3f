import NIOCore
import TernMIME
import TernStorage

/// Plans FETCH responses a few messages ahead of the one being written, and opens the first body
/// range of each planned message meanwhile, so storage latency overlaps the socket writes instead of
/// adding up message after message: on S3 a whole-mailbox FETCH costs a round trip per message, and
/// in series 1,000 messages at 3 ms each are 3 s.
///
/// Bounded: at most `depth` messages are planned ahead, each holding its rendered items and at
/// most one opened body (which holds its first chunk, about 64 KiB). Results come back in the
/// requested order, failures included: a message whose structure or body could not be read fails
/// when its turn comes, after the responses before it were written.
struct FetchReadAhead {
    static let depth = 16

    /// A body opened by a child task of the FETCH: `index` into the requested messages.
    struct Opened: Sendable {
        let index: Int
        let result: Result<BlobByteStream, any Error>
    }

    private struct Entry {
        let planned: Result<[PlannedItem], any Error>
        let firstItem: Int?
    }

    private let request: FetchRequest
    private let messages: [QueryMessage]
    private let reader: LimitedBodyReader
    private var structures: MessageStructureStream.AsyncIterator
    /// Planned entries of messages `answered ..< nextToPlan`, oldest first from `head`.
    private var entries: [Entry] = []
    private var head = 0
    private var answered = 0
    private var nextToPlan = 0
    private var opened: [Int: Result<BlobByteStream, any Error>] = [:]

    init(request: FetchRequest, messages: [QueryMessage], context: QueryContext, reader: LimitedBodyReader) {
        self.request = request
        self.messages = messages
        self.reader = reader
        self.structures = context.source.structures(of: messages.map(\.message)).makeAsyncIterator()
    }

    /// The plan of the next message and, when it sends a stored body, that body's first range opened.
    /// Call once per message, in order, with the same group each time.
    mutating func next(
        group: inout ThrowingTaskGroup<Opened, any Error>
    ) async throws -> (Result<[PlannedItem], any Error>, firstRead: (item: Int, body: BlobByteStream)?) {
        try await planAhead(group: &group)
        let entry = entries[head]
        head += 1
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        }
        let index = answered
        answered += 1
        guard let item = entry.firstItem else { return (entry.planned, nil) }
        while opened[index] == nil, let done = try await group.next() {
            opened[done.index] = done.result
        }
        guard let result = opened.removeValue(forKey: index) else { throw CancellationError() }
        do {
            return (entry.planned, (item, try result.get()))
        } catch let failure as LimitedBodyReader.StorageFailure {
            throw QueryError(.storage, "reading UID \(messages[index].uid) failed: \(failure.underlying)")
        }
    }

    private mutating func planAhead(group: inout ThrowingTaskGroup<Opened, any Error>) async throws {
        while nextToPlan < messages.count && nextToPlan - answered < Self.depth {
            let index = nextToPlan
            nextToPlan += 1
            let message = messages[index]
            do {
                let structure = try await structures.nextStructure(for: message.uid)
                let planned = try FetchResponder.plan(request, structure: structure)
                let first = Self.firstRead(in: planned)
                if let first {
                    let reader = reader
                    group.addTask {
                        Opened(
                            index: index,
                            result: await Result { try await reader.open(message.message, range: first.range) })
                    }
                }
                entries.append(Entry(planned: .success(planned), firstItem: first?.item))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The structure stream may be broken from here on: nothing after this is planned.
                entries.append(Entry(planned: .failure(error), firstItem: nil))
                nextToPlan = messages.count
            }
        }
    }

    /// The first literal sent as stored bytes of a known size, and its first byte range: what is worth
    /// opening ahead. Literals that must be measured first (line-end normalised, filtered headers)
    /// are read when their turn comes.
    static func firstRead(in planned: [PlannedItem]) -> (item: Int, range: Range<Int>)? {
        for (index, item) in planned.enumerated() {
            guard case .literal(_, let body) = item, let size = body.knownSize, size > 0, let first = body.ranges.first,
                first.count > 0
            else { continue }
            return (index, first.offset..<first.end)
        }
        return nil
    }
}

extension Result where Failure == any Error {
    /// `Result(catching:)` for an async body.
    init(_ body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
