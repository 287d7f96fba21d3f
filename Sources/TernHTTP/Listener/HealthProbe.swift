/// A health check with a deadline: a storage call that hangs is cancelled and reported, never left running
/// past the request.
public struct HealthProbe: Sendable {
    /// Nil when healthy, else why not.
    public typealias Check = @Sendable () async -> String?

    let check: Check
    let deadline: Duration

    public init(deadline: Duration = .seconds(5), check: @escaping Check) {
        self.check = check
        self.deadline = deadline
    }

    /// Nil when healthy; the reason otherwise, "no answer within …" when the check took too long.
    public func run() async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask { await check() }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return "no answer within \(deadline)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
