/// Why commands run in their own task: the Swift runtime's task allocator keeps every slab a task
/// ever used until the task ends (an emptied slab is kept for reuse, never freed). A session task
/// that ran LOGIN and SELECT would hold their deepest async stack, about 36 KiB, for the rest of its
/// life, idle or not. Running each command (IDLE excepted, see `IMAPSession.run`) in a child task
/// that ends with it leaves the session's task with only its own shallow frames (measured:
/// docs/performance.md, "Idle sessions").
extension IMAPSession {
    /// Runs `body` in a child task and returns its result; the child's task memory is freed when
    /// it returns. The session is used by one task at a time: this task waits for the child.
    func inOwnTask<T: Sendable>(_ body: @escaping @Sendable (IMAPSession) async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self, returning: T.self) { group in
            group.addTask { try await body(self) }
            guard let result = try await group.next() else { throw CancellationError() }
            return result
        }
    }
}
