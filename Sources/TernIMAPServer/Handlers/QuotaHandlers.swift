import TernIMAP
import TernMail

/// GETQUOTA / GETQUOTAROOT (RFC 9208): one root `""` per user with the STORAGE resource (KiB).
extension IMAPSession {
    static let quotaRoot: ByteString = ""

    func getQuota(_ root: ByteString) async throws -> Completion {
        let account = try requireAccount()
        guard root.bytes.isEmpty else { return .no(.nonExistent, "no such quota root") }
        try await sendQuota(account: account)
        return .ok("GETQUOTA completed", updates: .allowExpunge)
    }

    func getQuotaRoot(_ name: MailboxName) async throws -> Completion {
        let account = try requireAccount()
        let stored = try storedName(name)
        _ = try await account.mailbox(named: stored)
        try await writer.untagged(.quotaRoot(wireName(stored), roots: [Self.quotaRoot]))
        try await sendQuota(account: account)
        return .ok("GETQUOTAROOT completed", updates: .allowExpunge)
    }

    /// `* QUOTA "" (STORAGE used limit)` in KiB, or `* QUOTA "" ()` when no limit is configured.
    private func sendQuota(account: Account) async throws {
        var resources: [QuotaResource] = []
        if let limit = context.limits.quotaBytes {
            let used = try await account.usedBytes()
            resources.append(QuotaResource(name: "STORAGE", usage: (used + 1023) / 1024, limit: limit / 1024))
        }
        try await writer.untagged(.quota(root: Self.quotaRoot, resources))
    }
}
