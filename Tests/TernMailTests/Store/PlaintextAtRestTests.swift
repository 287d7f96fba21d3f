import Foundation
import NIOCore
import TernCrypto
import TernMail
import TernStorage
import Testing

/// Invariant 3 for the mailbox log: nothing a client chose (subjects carried in metadata,
/// keywords, the mailbox name) appears in any byte the file store writes.
@Suite struct PlaintextAtRestTests {
    static func allBytes(under directory: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            bytes += Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes += Array(relative.utf8)  // file names count too
        }
        return bytes
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard pattern.count <= haystack.count else { return false }
        return (0...(haystack.count - pattern.count)).contains { start in
            haystack[start..<(start + pattern.count)].elementsEqual(pattern)
        }
    }

    @Test func fileStoreHoldsNoPlaintext() async throws {
        let opened = try await OpenedTestStore.open(.file)
        defer { opened.close() }
        let directory = try #require(opened.directory)
        let keys = UserKeys.generate()
        let mailboxName = "Zanzibar-Accounts"
        let mailboxID = keys.identifierHasher().identifier(for: mailboxName, purpose: "mailbox")
        let subject = "Quixotic-Pangolin invoice"
        let keyword = "$Flamingo-Urgent"
        let clock = TestClock()
        let store = try makeLogStore(
            rows: opened.rows, keys: keys, mailboxID: mailboxID, writerID: 1, slot: 0, clock: clock.reader())
        var generator = SeededGenerator(seed: 21)
        var ids: [MessageID] = []
        for _ in 0..<5 {
            let id = MessageID.random(using: &generator)
            ids.append(id)
            _ = try await store.append(
                messageID: id, blobReference: Array("msg/\(mailboxName)".utf8),
                metadataReference: Array("subject: \(subject)".utf8), flags: [keyword, "\\Flagged"],
                internalDateMillis: 0, size: 10)
        }
        try await store.store(.add, flags: [keyword + "-Later"], messages: ids)
        try await store.writeCheckpoint()

        let written = try Self.allBytes(under: directory)
        #expect(!written.isEmpty)
        for word in [mailboxName, "Quixotic", "Pangolin", "Flamingo", "Flagged"] {
            #expect(!Self.contains(written, word), "plaintext \(word) found at rest")
        }

        // The scan does see rows the store writes: an unsealed value shows up.
        try await opened.rows.put(
            partition: "control", sort: "row", value: ByteBuffer(string: "Quixotic-control-marker"))
        #expect(Self.contains(try Self.allBytes(under: directory), "Quixotic-control-marker"))
    }
}
