import Testing

/// Runs `body`, failing (instead of hanging the suite) if it has not finished after `seconds`.
/// A hang guard, not a timing assertion: the limit is far above any expected duration.
func withHangGuard<T: Sendable>(
    seconds: Int = 120,
    _ what: String,
    _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        guard let first = try await group.next(), let result = first else {
            group.cancelAll()
            throw HangGuardError(message: "\(what) did not finish within \(seconds) s")
        }
        group.cancelAll()
        return result
    }
}

struct HangGuardError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
