import Foundation
import NIOCore
import TernCrypto
import TernMail
import TernStorage
import Testing

/// Invariant 3 on a real S3 server (Ceph radosgw, started by scripts/services/ceph.sh): a mailbox log,
/// its checkpoint and a sealed message reach S3 with no subject, body word, address, keyword or
/// mailbox name in any object key or byte.
@Suite struct S3PlaintextAtRestTests {
    static let serviceURL = ProcessInfo.processInfo.environment["TERN_TEST_S3_CEPH"]
    static let required = serviceURL != nil || ProcessInfo.processInfo.environment["CI"] != nil

    @Test(.enabled(if: required)) func s3HoldsNoPlaintext() async throws {
        let url = try #require(Self.serviceURL, "TERN_TEST_S3_CEPH is not set: run scripts/services/ceph.sh start DIR")
        let s3 = try await S3Store.openForTesting(
            serviceURL: url, keyPrefix: "plaintext-\(UInt64.random(in: 0...UInt64.max))", runtime: testStorageRuntime)
        let keys = UserKeys.generate()
        let mailboxName = "Zanzibar-Accounts"
        let mailboxID = keys.identifierHasher().identifier(for: mailboxName, purpose: "mailbox")
        let message = """
            From: Ophelia Quagmire <ophelia.quagmire@example.tld>\r
            To: alice@example.tld\r
            Subject: Quixotic-Pangolin invoice\r
            \r
            The marmalade shipment leaves Valparaiso tomorrow.\r

            """

        let blobs = try EncryptedBlobStore(base: s3, keys: keys)
        try await blobs.put("msg/\(UInt64.random(in: 0...UInt64.max))", bytes: ByteBuffer(string: message))
        let log = try makeLogStore(
            rows: s3, keys: keys, mailboxID: mailboxID, writerID: 7, slot: 1, clock: TestClock().reader())
        var generator = SeededGenerator(seed: 33)
        let id = MessageID.random(using: &generator)
        _ = try await log.append(
            messageID: id, blobReference: Array("msg/\(mailboxName)".utf8),
            metadataReference: Array("subject: Quixotic-Pangolin, from ophelia.quagmire@example.tld".utf8),
            flags: ["$Flamingo-Urgent", "\\Flagged"], internalDateMillis: 0, size: UInt64(message.utf8.count))
        try await log.store(.add, flags: ["$Flamingo-Later"], messages: [id])
        _ = try await log.writeCheckpoint()

        let written = try await s3.rawObjects()
        #expect(written.count >= 4, "the blob, two log rows and a checkpoint")
        var everything: [UInt8] = []
        for object in written {
            everything += Array(object.key.utf8)
            everything += Array(object.bytes.readableBytesView)
        }
        for word in [mailboxName, "Quixotic", "Pangolin", "Ophelia", "Quagmire", "marmalade", "Valparaiso",
                     "alice@example.tld", "Flamingo", "Flagged"] {
            #expect(!PlaintextAtRestTests.contains(everything, word), "plaintext \(word) found on S3")
        }

        // The dump does see what reaches S3: an unsealed control object shows up.
        try await s3.put("control", bytes: ByteBuffer(string: "Quixotic-control-marker"))
        let control = try await s3.rawObjects().flatMap { Array($0.bytes.readableBytesView) }
        #expect(PlaintextAtRestTests.contains(control, "Quixotic-control-marker"))
        try await s3.deleteEverything()
    }
}
