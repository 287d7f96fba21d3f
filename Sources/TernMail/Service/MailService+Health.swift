extension MailService {
    /// Nil when storage answers, else why it does not: one small listing of a row partition Tern never
    /// writes (`GET /healthz`), so the check costs one request and reads no user data.
    public func storageProblem() async -> String? {
        do {
            _ = try await rows.listKeys(partition: "healthz", after: nil, limit: 1)
            return nil
        } catch {
            return "storage: \(error)"
        }
    }
}
