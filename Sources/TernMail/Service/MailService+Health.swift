extension MailService {
    /// Nil when storage answers and this process may write, else why not: one small listing of a row partition
    /// Tern never writes (`GET /healthz`), so the check costs one request and reads no user data, and the write
    /// gate of the writer slot lease.
    public func storageProblem() async -> String? {
        if let problem = writeGate?.problem() { return "writer slot: \(problem)" }
        do {
            _ = try await rows.listKeys(partition: "healthz", after: nil, limit: 1)
            return nil
        } catch {
            return "storage: \(error)"
        }
    }
}
