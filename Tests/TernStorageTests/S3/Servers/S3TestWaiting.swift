/// Yields until `condition` holds, failing after `seconds` instead of hanging (a hang guard, not a
/// timing assertion: the limit is far above any expected wait).
func s3WaitUntil(_ what: String, seconds: Int = 60, _ condition: @escaping @Sendable () -> Bool) async throws {
    try await withHangGuard(seconds: seconds, what) {
        while !condition() {
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}
