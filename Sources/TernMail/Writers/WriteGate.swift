import NIOConcurrencyHelpers
import NIOCore
import TernStorage

/// Whether this process may write rows: open while its slot lease is fresh, closed for good once another
/// live holder of its slot was seen (or at shutdown). Every row write of the mail service passes through it
/// (`GatedRowStore`), so a process that may share its slot stops writing instead of corrupting UIDs.
public final class WriteGate: Sendable {
    enum State {
        case open(until: ContinuousClock.Instant)
        case stopped(reason: String)
    }

    private let state: NIOLockedValueBox<State>

    public init(openUntil: ContinuousClock.Instant) {
        state = NIOLockedValueBox(.open(until: openUntil))
    }

    /// After a successful renewal; no effect once stopped.
    public func extend(until deadline: ContinuousClock.Instant) {
        state.withLockedValue { state in
            if case .open(let until) = state, until < deadline { state = .open(until: deadline) }
        }
    }

    /// Closes the gate for good; the first reason stays.
    public func stop(reason: String) {
        state.withLockedValue { state in
            if case .open = state { state = .stopped(reason: reason) }
        }
    }

    /// Whether the last renewal's window has passed (writes wait for the next renewal).
    public func hasLapsed(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLockedValue { state in
            if case .open(let until) = state { return now >= until }
            return true
        }
    }

    public var isStopped: Bool {
        state.withLockedValue { state in
            if case .stopped = state { return true }
            return false
        }
    }

    /// Nil while writes are allowed, else why not (for /healthz and the write error).
    public func problem(now: ContinuousClock.Instant = .now) -> String? {
        state.withLockedValue { state in
            switch state {
            case .open(let until):
                if now < until { return nil }
                return "writer slot lease not renewed in time (storage unreachable?); writes wait for the next renewal"
            case .stopped(let reason):
                return reason
            }
        }
    }

    func checkWrite() throws {
        if let problem = problem() { throw StorageError(.unavailable, "writes refused: \(problem)") }
    }
}

/// A `RowStore` whose writes pass `gate`; reads and watches go straight to `base`.
public struct GatedRowStore: RowStore {
    public let base: any RowStore
    public let gate: WriteGate

    public init(base: any RowStore, gate: WriteGate) {
        self.base = base
        self.gate = gate
    }

    public var capabilities: StorageCapabilities { base.capabilities }

    public func put(partition: String, sort: String, value: ByteBuffer, condition: WriteCondition) async throws {
        try gate.checkWrite()
        try await base.put(partition: partition, sort: sort, value: value, condition: condition)
    }

    public func get(partition: String, sort: String) async throws -> ByteBuffer? {
        try await base.get(partition: partition, sort: sort)
    }

    public func delete(partition: String, sort: String) async throws {
        try gate.checkWrite()
        try await base.delete(partition: partition, sort: sort)
    }

    public func list(partition: String, after: String?, limit: Int) async throws -> RowPage {
        try await base.list(partition: partition, after: after, limit: limit)
    }

    public func listKeys(partition: String, after: String?, limit: Int) async throws -> RowKeyPage {
        try await base.listKeys(partition: partition, after: after, limit: limit)
    }

    public func waitForChange(partition: String, after: String?) async throws {
        try await base.waitForChange(partition: partition, after: after)
    }
}
