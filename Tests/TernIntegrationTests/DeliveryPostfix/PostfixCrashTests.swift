import Foundation
import NIOCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Durability through Postfix: the Tern side (LMTP + SASL, in a child process: this very test binary, running
/// `crashChild`) is killed with SIGKILL 20 times at random moments while Postfix delivers large messages to it.
/// Postfix retries what it did not get a 250 for; in the end every message is in the INBOX once, whole.
@Suite(.serialized, .timeLimit(.minutes(10)))
struct PostfixCrashTests {
    static let childVariable = "TERN_DELIVERY_CRASH_CHILD"
    static let messages = 20
    static let kills = 20

    /// The child side: serve on the given ports over the given directory until killed.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] != nil))
    func crashChild() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = try #require(environment[Self.childVariable])
        let stack = try await DeliveryTernStack.start(
            directory: directory,
            lmtpPort: Int(environment["TERN_DELIVERY_CRASH_LMTP"] ?? "") ?? 0,
            authPort: Int(environment["TERN_DELIVERY_CRASH_AUTH"] ?? "") ?? 0
        )
        _ = FileManager.default.createFile(atPath: directory + "/ready-\(getpid())", contents: nil)
        try await Task.sleep(for: .seconds(600))
        stack.stop()
    }

    /// A running child process.
    struct Child {
        let process: Process

        static func start(directory: String, lmtpPort: Int, authPort: Int, generation: Int) async throws -> Child {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            process.arguments = ["--testing-library", "swift-testing", "--filter", "crashChild"]
            var environment = ProcessInfo.processInfo.environment
            environment[childVariable] = directory
            environment["TERN_DELIVERY_CRASH_LMTP"] = "\(lmtpPort)"
            environment["TERN_DELIVERY_CRASH_AUTH"] = "\(authPort)"
            process.environment = environment
            let log = directory + "/child-\(generation).log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardError = process.standardOutput
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let ready = directory + "/ready-\(process.processIdentifier)"
            for _ in 0..<600 {
                if FileManager.default.fileExists(atPath: ready) { return Child(process: process) }
                guard process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            process.terminate()
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw DeliveryPostfixInstance.Failure(description: "crash child did not start:\n\(output)")
        }

        func kill() async {
            Glibc.kill(process.processIdentifier, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        }
    }

    static func message(_ number: Int) -> String {
        PostfixDeliveryTests.message(subject: "crash test \(number)", lines: 60_000 + number).full
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment[childVariable] == nil && PostfixDeliveryTests.canRun))
    func everyMessageArrivesOnceDespiteKills() async throws {
        #expect(DeliveryPostfixInstance.isRoot, "Postfix test instances need root (postfix start)")
        try await DeliveryPostfixInstance.ensureInstalled()
        let seed = UInt64.random(in: 1...UInt64.max)
        var generator = DeliverySplitMix(seed: seed)
        let directory = NSTemporaryDirectory() + "tern-delivery-crash-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer {
            // A store being closed may still write a file or two while it goes away: retry the removal.
            for _ in 0..<20 where FileManager.default.fileExists(atPath: directory) {
                try? FileManager.default.removeItem(atPath: directory)
                usleep(100_000)
            }
        }
        let lmtpPort = try DeliveryPostfixInstance.freePort()
        let authPort = try DeliveryPostfixInstance.freePort()
        var generation = 0
        var child = try await Child.start(directory: directory, lmtpPort: lmtpPort, authPort: authPort, generation: 0)
        let postfix = try await DeliveryPostfixInstance.start(lmtpPort: lmtpPort, authPort: authPort)
        do {
            // One message per round: Postfix queues it and starts delivering it to Tern at once (along with any
            // retries); the kill lands at a random moment of that delivery.
            for round in 0..<Self.kills {
                if round < Self.messages {
                    try await DeliveryLineClient.connect(host: "127.0.0.1", port: postfix.smtpPort) { client in
                        #expect(try await client.readReply().code == 220)
                        #expect(try await client.command("EHLO sender.test.invalid").code == 250)
                        let reply = try await PostfixDeliveryTests.send(
                            client,
                            from: "sender@outside.example",
                            to: "alice@example.tld",
                            message: Self.message(round)
                        )
                        #expect(reply.code == 250, "\(reply)")
                        _ = try await client.command("QUIT")
                    }
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...300, using: &generator)))
                await child.kill()
                generation += 1
                child = try await Child.start(
                    directory: directory,
                    lmtpPort: lmtpPort,
                    authPort: authPort,
                    generation: generation
                )
                await postfix.flushQueue()
            }
            var empty = false
            for attempt in 0..<240 where !empty {
                empty = await postfix.queueIsEmpty()
                if !empty {
                    if attempt % 10 == 9 { await postfix.flushQueue() }
                    try await Task.sleep(for: .milliseconds(500))
                }
            }
            #expect(empty, "Postfix still holds mail (seed \(seed)):\n\(postfix.log().suffix(4000))")
            await child.kill()
            // The kills must have hit deliveries in flight, or this test proved nothing.
            let log = postfix.log()
            let interrupted = log.components(separatedBy: "status=deferred").count - 1
            let inData =
                log.components(separatedBy: "while sending end of data").count
                + log.components(separatedBy: "while sending message body").count - 2
            print("crash test: seed \(seed), \(interrupted) deliveries deferred, \(inData) cut during DATA")
            #expect(inData > 0, "no kill hit a delivery during DATA (seed \(seed))")
        } catch {
            await child.kill()
            Issue.record("seed \(seed); Postfix log:\n\(postfix.log().suffix(8000))")
            await postfix.stop()
            throw error
        }
        await postfix.stop()

        // Read the INBOX from this process now that no child runs.
        let reader = try await DeliveryTernStack.start(directory: directory)
        defer { reader.stop() }
        let inbox = try await reader.waitForInbox(count: Self.messages, timeout: .seconds(30))
        var seen: [Int: Int] = [:]
        for stored in inbox {
            let head = String(decoding: stored.prefix(2048), as: UTF8.self)
            guard let range = head.range(of: "Subject: crash test "),
                let number = Int(head[range.upperBound...].prefix(while: \.isNumber))
            else {
                Issue.record("a message without a test subject (seed \(seed))")
                continue
            }
            seen[number, default: 0] += 1
            let expectedBody = PostfixDeliveryTests.message(subject: "", lines: 60_000 + number).body
            #expect(
                stored.suffix(expectedBody.utf8.count).elementsEqual(expectedBody.utf8),
                "message \(number) differs (seed \(seed))"
            )
        }
        #expect(seen.keys.sorted() == Array(0..<Self.messages), "missing messages (seed \(seed)): \(seen)")
        #expect(seen.values.allSatisfy { $0 == 1 }, "duplicates (seed \(seed)): \(seen)")
    }
}

/// A small seeded generator, so a failing run can be replayed from its printed seed.
struct DeliverySplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
