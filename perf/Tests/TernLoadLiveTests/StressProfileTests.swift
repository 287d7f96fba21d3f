import Foundation
import TernLoadCore
import Testing

/// Issue 17's state-checking stress test, the CI-sized version: `tern-load run --profile stress`
/// with 10 sessions of one user on one mailbox for 20 s against a real `tern dev`, over sockets.
/// Every untagged update each session receives is checked against its MailboxModel; the run must
/// end with exit status 0, no violation, no NO/BAD and no dropped session. Nothing is timed: the
/// duration only bounds the work (the 10-minute runs and their numbers are in perf/README.md).
@Suite(.serialized) struct StressProfileTests {
    static let duration = 20

    /// The tern-load built next to this test bundle (or in perf's debug build directory).
    static func loadTool() throws -> String {
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("tern-load").path)
        }
        let perf = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(perf.appendingPathComponent(".build/debug/tern-load").path)
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TernDevProcess.LaunchError(description: "no tern-load at \(candidates): run `swift build --build-tests` in perf/")
        }
        return found
    }

    func runStress(against server: TernDevProcess, seed: Int) async throws {
        let out = server.directory + "/stress-report"
        let result = try await Command.run(try Self.loadTool(), [
            "run", "--port", String(server.imapPort), "--server-pid", String(server.pid), "--profile", "stress",
            "--users", "10", "--user-pattern", "user1", "--password", TernDevProcess.password, "--seed", String(seed),
            "--duration", String(Self.duration), "--ramp", "2", "--baseline", "1", "--out", out,
        ], timeout: 600)
        let summary = result.output.split(separator: "\n").filter { $0.hasPrefix("stress:") || $0.contains("violation") }
        print(summary.joined(separator: "\n"))
        let report = try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/report.json")))
        let counters = report.counters
        #expect(counters.violations == 0, "\(counters.violationSamples ?? [])")
        #expect(counters.commandsNO + counters.commandsBAD == 0, "\(counters.failureSamples ?? [])")
        #expect(counters.protocolErrors == 0 && counters.droppedSessions == 0 && counters.loginFailures == 0)
        #expect(counters.peakSessions == 10)
        // Enough work that the checks mean something. Not a speed measure: the file store does ~1,800 commands in
        // this time here, a moto shared with other runs as few as 170; every command kind shows up in the
        // 10-minute runs (perf/README.md), only the frequent ones are certain in 20 s on a loaded machine.
        #expect(counters.commandsOK > 50, "\(counters.commandsOK) commands")
        let ran = Set(report.latencies.map(\.name))
        for command in ["APPEND", "UID STORE", "FETCH 1:* (UID FLAGS)"] {
            #expect(ran.contains(command), "\(command) never ran: \(ran.sorted())")
        }
        #expect(result.status == 0, "\(result.output.suffix(4000))\n--- tern dev ---\n\(server.logs().suffix(4000))")
    }

    @Test func tenSessionsOnTheFileStore() async throws {
        let server = try await TernDevProcess.start()
        try await runStress(against: server, seed: 1)
        await server.stop()
    }

    /// The same on S3 (moto, started by scripts/test.sh as scripts/services/moto.sh).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TERN_TEST_S3_MOTO"] != nil))
    func tenSessionsOnS3() async throws {
        let moto = try #require(ProcessInfo.processInfo.environment["TERN_TEST_S3_MOTO"])
        let endpoint = try #require(moto.range(of: "endpoint=http://").map { String(moto[$0.upperBound...].prefix { $0 != "&" }) })
        // Plain moto accepts unsigned requests: a PUT on the bucket creates it (an existing one is fine).
        let created = try await Command.run("/usr/bin/env", ["curl", "-sf", "-X", "PUT", "http://\(endpoint)/tern-test"], timeout: 60)
        #expect(created.status == 0, "creating the bucket: \(created.output)")
        let prefix = "stress-load-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let server = try await TernDevProcess.start(storage: moto.replacingOccurrences(of: "s3://tern-test?", with: "s3://tern-test/\(prefix)?"))
        try await runStress(against: server, seed: 2)
        await server.stop()
    }
}
