import NIOCore
import TernMail
import TernStorage
import Testing

/// Invariant 3 through the whole service: login, mailbox names, subjects, addresses, bodies and
/// keywords never reach the file store in the clear (keys, file names or bytes).
@Suite struct ServicePlaintextAtRestTests {
    @Test func serviceWritesNoPlaintext() async throws {
        let store = try await ServiceStore.open(.file)
        let service = try makeService(store.store, incomingPartBytes: 4096)
        try await service.createUser(login: "ophelia.quagmire@example.tld", password: "pw")
        let account = try await service.openAccount(login: "ophelia.quagmire@example.tld", password: "pw")
        try await account.createMailbox("Zanzibar-Accounts", specialUse: .archive)
        try await account.setSubscribed("Zanzibar-Accounts", true)
        let mailbox = try await account.mailbox(named: "Zanzibar-Accounts")
        let message = "From: Marmaduke Pangolin <marmaduke@quixotic.tld>\r\nSubject: Valparaiso marmalade\r\n\r\n"
            + "The shipment of Flamingo crates leaves tomorrow.\r\n"
        try await append(message, to: mailbox, flags: ["$Flamingo-Urgent"])
        try await mailbox.checkpoint()
        _ = try await service.deliver(to: "ophelia.quagmire@example.tld", message: chunks(message))
        let queued = try PlaintextAtRestTests.allBytes(under: try #require(store.directory))
        _ = try await account.importIncoming()
        let imported = try PlaintextAtRestTests.allBytes(under: try #require(store.directory))
        for bytes in [queued, imported] {
            for word in ["ophelia", "Quagmire", "Zanzibar", "Marmaduke", "Pangolin", "quixotic", "Valparaiso",
                         "marmalade", "shipment", "Flamingo"] {
                #expect(!PlaintextAtRestTests.contains(bytes, word), "plaintext \(word) found in the file store")
            }
        }
        await service.release(account)
        await store.close()
    }
}
