/// Holds operations that arrived before their dependencies (listings are eventually consistent
/// and unordered) and applies each one as soon as everything it depends on is present.
public struct CausalDelivery: Sendable {
    public static let defaultPendingLimit = 100_000

    public let pendingLimit: Int
    public private(set) var pending: [OperationID: MailboxOperation] = [:]

    public init(pendingLimit: Int = Self.defaultPendingLimit) {
        self.pendingLimit = pendingLimit
    }

    /// Delivers `operations` (any order, duplicates allowed) into `state`; returns how many
    /// were newly applied. Invalid operations throw and are dropped from the pending set.
    @discardableResult
    public mutating func deliver(
        _ operations: some Sequence<MailboxOperation>,
        into state: inout MailboxState
    ) throws(MailboxLogError) -> Int {
        for op in operations where state.position[op.writer.id] < op.sequence {
            pending[op.id] = op
        }
        guard pending.count <= pendingLimit else {
            throw MailboxLogError(
                .limitExceeded, "\(pending.count) operations wait for dependencies, limit \(pendingLimit)")
        }
        var applied = 0
        var progress = true
        while progress {
            progress = false
            // Canonical order extends causality, so one pass usually applies everything ready.
            for id in pending.keys.sorted() {
                guard let op = pending[id] else { continue }
                let outcome: MailboxState.ApplyOutcome
                do {
                    outcome = try state.apply(op)
                } catch {
                    pending[id] = nil
                    throw error
                }
                switch outcome {
                case .applied:
                    applied += 1
                    pending[id] = nil
                    progress = true
                case .duplicate:
                    pending[id] = nil
                case .missingDependencies:
                    break
                }
            }
        }
        return applied
    }
}
