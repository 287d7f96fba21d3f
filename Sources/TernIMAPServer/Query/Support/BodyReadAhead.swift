import NIOCore
import TernMIME
import TernStorage

/// Plans a query's messages a few ahead of the one being answered, and opens the first body range
/// each planned message will read meanwhile, so storage latency overlaps the work on earlier
/// messages instead of adding up message after message: on S3 a whole-mailbox FETCH or SEARCH TEXT
/// costs a round trip per message, and in series 1,000 messages at 3 ms each are 3 s.
///
/// Bounded: at most `depth` messages are planned ahead, each holding its plan and at most one
/// opened body (which holds its first chunk, about 64 KiB). Results come back in the requested
/// order, failures included: a message whose structure or first read failed fails when its turn
/// comes, after the work on the messages before it.
struct BodyReadAhead<Plan> {
    static var depth: Int { 16 }

    /// A body opened by a child task of the query: `index` into the requested messages.
    struct Opened: Sendable {
        let index: Int
        let result: Result<BlobByteStream, any Error>
    }

    /// What a message's plan says: the plan itself and the range it will read first, if any.
    typealias Planner = (QueryMessage, MessageStructure) throws -> (plan: Plan, firstRead: Range<Int>?)

    private struct Entry {
        let planned: Result<Plan, any Error>
        let opens: Bool
    }

    private let messages: [QueryMessage]
    private let reader: LimitedBodyReader
    private let planner: Planner
    private var structures: MessageStructureStream.AsyncIterator
    /// Planned entries of messages `answered ..< nextToPlan`, oldest first from `head`.
    private var entries: [Entry] = []
    private var head = 0
    private var answered = 0
    private var nextToPlan = 0
    private var opened: [Int: Result<BlobByteStream, any Error>] = [:]

    init(messages: [QueryMessage], context: QueryContext, reader: LimitedBodyReader, planner: @escaping Planner) {
        self.messages = messages
        self.reader = reader
        self.planner = planner
        self.structures = context.source.structures(of: messages.map(\.message)).makeAsyncIterator()
    }

    /// The plan of the next message and, when it reads a stored body, that read already opened.
    /// Call once per message, in order, with the same group each time.
    mutating func next(
        group: inout ThrowingTaskGroup<Opened, any Error>
    ) async throws -> (Result<Plan, any Error>, opened: BlobByteStream?) {
        try await planAhead(group: &group)
        let entry = entries[head]
        head += 1
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        }
        let index = answered
        answered += 1
        guard entry.opens else { return (entry.planned, nil) }
        while opened[index] == nil, let done = try await group.next() {
            opened[done.index] = done.result
        }
        guard let result = opened.removeValue(forKey: index) else { throw CancellationError() }
        do {
            return (entry.planned, try result.get())
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
                let (plan, firstRead) = try planner(message, structure)
                if let range = firstRead, !range.isEmpty {
                    let reader = reader
                    group.addTask {
                        Opened(index: index, result: await Result { try await reader.open(message.message, range: range) })
                    }
                    entries.append(Entry(planned: .success(plan), opens: true))
                } else {
                    entries.append(Entry(planned: .success(plan), opens: false))
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The structure stream may be broken from here on: nothing after this is planned.
                entries.append(Entry(planned: .failure(error), opens: false))
                nextToPlan = messages.count
            }
        }
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
