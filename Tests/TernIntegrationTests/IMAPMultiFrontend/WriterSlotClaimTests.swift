import Foundation
import NIOCore
import TernMail
import TernStorage
import TernTestSupport
import Testing

/// Issue 15, "slots and secrets without foot-guns", with real `tern dev` processes on one store: processes on
/// `writer_slot = auto` claim distinct slots through storage, a slot a live process holds is refused to a
/// second one, and a process with another deployment secret refuses to start, saying what to do.
@Suite struct WriterSlotClaimTests {
    @Test func processesOnOneFileStoreClaimDistinctSlotsAndRefuseAHeldSlotOrAnotherSecret() async throws {
        let shared = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: shared) }
        try await checkClaims(storage: "file://\(shared)/store", shared: shared)
    }

    @Test(.enabled(if: IMAPTestEnvironment.has("TERN_TEST_S3_MOTO")))
    func processesOnOneS3PrefixClaimDistinctSlotsAndRefuseAHeldSlotOrAnotherSecret() async throws {
        let shared = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: shared) }
        try await checkClaims(
            storage: try await IMAPMultiFrontendTests.freshMotoStorage(prefix: "slots"), shared: shared)
    }

    func checkClaims(storage: String, shared: String) async throws {
        let secret = shared + "/deployment-secret"
        try (String(repeating: "5e", count: 32) + "\n").write(toFile: secret, atomically: true, encoding: .utf8)
        let a = try await TernDevServer.start(.init(storage: storage, secretFile: secret))
        let b = try await TernDevServer.start(.init(storage: storage, secretFile: secret))
        let slotA = try #require(a.writerSlot, "\(a.logs())")
        let slotB = try #require(b.writerSlot, "\(b.logs())")
        #expect(slotA != slotB, "both processes on auto claimed slot \(slotA)")

        let sameSlot = try await refusal(.init(storage: storage, writerSlot: slotA, secretFile: secret))
        #expect(sameSlot.contains("writer_slot \(slotA) is held by another live process"), "\(sameSlot)")
        #expect(sameSlot.contains("pid \(a.pid)"), "names the holder: \(sameSlot)")

        let otherSecret = shared + "/other-secret"
        try (String(repeating: "a7", count: 32) + "\n").write(toFile: otherSecret, atomically: true, encoding: .utf8)
        let mismatch = try await refusal(.init(storage: storage, secretFile: otherSecret))
        #expect(mismatch.contains("another deployment secret than the one in \(otherSecret)"), "\(mismatch)")
        #expect(mismatch.contains("Use the same deployment secret file content on every process"), "\(mismatch)")

        #expect(a.isRunning && b.isRunning)
        await a.stop()
        await b.stop()
    }

    /// The output of a `tern dev` that must refuse to start (recorded as a failure if it starts).
    func refusal(_ options: TernDevServer.Options) async throws -> String {
        do {
            let server = try await TernDevServer.start(options)
            await server.stop()
            Issue.record("tern dev started (slot \(server.writerSlot.map(String.init) ?? "-")) but should have refused")
            return ""
        } catch let error as TernDevServer.LaunchError {
            return error.description
        }
    }
}

/// A second holder the claim could not see (written straight into the store, as a process on storage with slower
/// listings than configured would): the running process finds it at its next renewal, stops writing (an APPEND
/// answers NO [UNAVAILABLE]), logs an error and reports unhealthy.
@Suite struct WriterSlotConflictTests {
    @Test func aSecondHolderFoundAtRenewalStopsWritesAndFailsHealthz() async throws {
        let shared = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let server = try await TernDevServer.start(
            .init(storage: "file://\(shared)/store", extraArguments: ["--metrics", "127.0.0.1:0"]))
        let slot = try #require(server.writerSlot.map(UInt8.init))
        let metrics = try #require(server.metrics)
        #expect(try await Self.health(metrics).hasPrefix("HTTP/1.1 200"))

        let store = try await FileStore.open(path: shared + "/store", runtime: testStorageRuntime)
        let impostor = WriterLease(
            slot: slot, incarnation: UInt64.random(in: 1...UInt64.max), state: .held,
            expiresAtMillis: MailService.wallClock() + 120_000, holder: "impostor pid 1")
        try await store.put(partition: WriterLease.partition, sort: impostor.sortKey, value: impostor.encoded)

        // The server renews every 10 s; a generous deadline for a busy machine.
        let deadline = ContinuousClock.now + .seconds(90)
        var answer = try await Self.health(metrics)
        while !answer.contains("writer slot"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            answer = try await Self.health(metrics)
        }
        #expect(answer.hasPrefix("HTTP/1.1 503"), "\(answer)")
        #expect(answer.contains("(impostor pid 1) holds writer slot \(slot) too"), "\(answer)")
        #expect(
            server.logs().contains("writer slot held twice; mailbox writes stopped"), "\(server.logs().suffix(2000))")

        let imap = try SocketAddress(ipAddress: server.imap.host, port: server.imap.port)
        try await LoopbackClient.connect(to: imap) { client in
            _ = try await client.readLine()
            try await MetricsScrapeTests.command(client, "a1", "LOGIN alice hunter2", expect: "OK")
            let message = "From: a@example.org\r\nSubject: refused\r\n\r\nhello\r\n"
            try await client.write("a2 APPEND INBOX {\(message.utf8.count)}\r\n")
            #expect(try await client.readLine()?.hasPrefix("+") == true)
            try await client.write(message + "\r\n")
            var tagged: String?
            while let line = try await client.readLine() {
                if line.hasPrefix("a2 ") {
                    tagged = line
                    break
                }
            }
            #expect(tagged?.hasPrefix("a2 NO [UNAVAILABLE]") == true, "\(tagged ?? "closed")")
        }
        await server.stop()
    }

    /// The whole answer of `GET /healthz` (status line, headers, body).
    static func health(_ endpoint: TernDevServer.Endpoint) async throws -> String {
        try await LoopbackClient.connect(to: try SocketAddress(ipAddress: endpoint.host, port: endpoint.port)) {
            client in
            try await client.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            var lines: [String] = []
            while let line = try await client.readLine(), lines.count < 50 { lines.append(line) }
            return lines.joined(separator: "\n")
        }
    }
}
