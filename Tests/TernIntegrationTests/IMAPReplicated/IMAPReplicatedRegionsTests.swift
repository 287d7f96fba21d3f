import Foundation
import TernTestSupport
import Testing

/// Issue 15, "eventually consistent storage, for real": frontends in three regions, each on its own S3 endpoint (a
/// moto server) 40 ms away, the endpoints kept in sync by an asynchronous replicator (scripts/regions.py,
/// scripts/replicator.py) as Ceph multisite or Garage would, with one region partitioned for a while.
/// The three-region test runs when `TERN_TEST_PARTITION_SECONDS` is set (12 for a short run, 60 for the long
/// one): it is not in the default suite yet, because its "UIDVALIDITY unchanged" assertions need late messages to
/// be hidden and reissued instead of bumping UIDVALIDITY (issue #15's log change).
@Suite struct IMAPReplicatedRegionsTests {
    static let replicationDelayMs = 1000
    /// Above the replicator's delay plus one listing cycle and a copy: what an operator sets for this storage.
    static let visibilityDelayMs = 3000

    /// The replicator's decisions (pure, no sockets) and the replicator itself between two real moto servers.
    @Test(.enabled(if: IMAPTestEnvironment.has("TERN_TEST_S3_MOTO")))
    func replicatorCopiesBothWaysAfterItsDelayAndHonoursPartitionsAndDeletes() async throws {
        _ = try IMAPTestEnvironment.require("TERN_TEST_S3_MOTO", script: "scripts/services/moto.sh")
        let scripts = URL(fileURLWithPath: IMAPTestEnvironment.scriptPath("IMAPReplicated", "regions.py"))
            .deletingLastPathComponent().path
        let result = try await ExternalCommand.run(
            "python3", ["-m", "unittest", "discover", "-v", "-s", scripts, "-p", "test_*.py"], timeout: .seconds(600))
        #expect(result.succeeded, "\(result)")
    }

    @Test(
        .enabled(
            if: IMAPTestEnvironment.has("TERN_TEST_S3_MOTO")
                && IMAPTestEnvironment.variables["TERN_TEST_PARTITION_SECONDS"] != nil))
    func threeRegionsWithAPartitionConvergeWithoutLossOrNewUIDValidity() async throws {
        // moto.sh installs moto_server; this test runs its own three servers.
        _ = try IMAPTestEnvironment.require("TERN_TEST_S3_MOTO", script: "scripts/services/moto.sh")
        let partitionSeconds = IMAPTestEnvironment.variables["TERN_TEST_PARTITION_SECONDS"].flatMap { Int($0) } ?? 12
        let regions = try await BackgroundProcess.start(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPReplicated", "regions.py"), "--regions", "3", "--latency-ms", "40",
                "--delay-ms", String(Self.replicationDelayMs),
                // Deletes reach the other regions only after the partition is long over (see regions.py).
                "--grace-s", String(max(30, partitionSeconds * 2)),
            ], readyPrefix: "regions-ready", timeout: .seconds(240))
        defer { regions.stop() }
        let fields = Self.fields(of: regions.readyLine)
        let control = try #require(fields["control"])
        let endpoints = try #require(fields["storage"]).split(separator: ",").map(String.init)
        try #require(endpoints.count == 3)

        let shared = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let secret = shared + "/deployment-secret"
        try (String(repeating: "5e", count: 32) + "\n").write(toFile: secret, atomically: true, encoding: .utf8)
        let prefix = "regions-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        func options(_ region: Int) -> TernDevServer.Options {
            .init(
                storage: "s3://tern-test/\(prefix)?endpoint=http://\(endpoints[region])&region=us-east-1&style=path"
                    + "&access_key=TERNMOTOTESTKEY&secret_key=ternmotosecret",
                writerSlot: region + 1, secretFile: secret,
                extraArguments: ["--visibility-delay-ms", String(Self.visibilityDelayMs)])
        }
        // The first region sets up the deployment and alice; the others start once that reached their endpoints
        // (each would otherwise create its own alice, with her own keys).
        let first = try await TernDevServer.start(options(0))
        var servers = [first]
        try await Self.waitInSync(control: control)
        for region in 1...2 { servers.append(try await TernDevServer.start(options(region))) }

        let result = try await ExternalCommand.run(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPReplicated", "three_regions.py"),
                "--ports", servers.map { String($0.imap.port) }.joined(separator: ","),
                "--lmtp-port", String(try #require(servers[0].lmtp).port), "--control", control,
                "--user", TernDevServer.alice.login, "--password", TernDevServer.alice.password,
                "--address", TernDevServer.alice.address, "--partition-seconds", String(partitionSeconds),
            ], timeout: .seconds(900))
        print(
            result.output.split(separator: "\n").filter { $0.hasPrefix("reissues=") || $0.hasPrefix("seed=") }
                .joined(separator: "\n"))
        let logs = servers.enumerated().map { "--- region \($0.offset) ---\n\($0.element.logs().suffix(3000))" }
        #expect(
            result.succeeded,
            "\(result)\n\(logs.joined(separator: "\n"))\n--- regions ---\n\(regions.logs().suffix(3000))")
        for server in servers { await server.stop() }
    }

    static func waitInSync(control: String) async throws {
        let result = try await ExternalCommand.run(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPReplicated", "replication_control.py"), control, "wait-in-sync",
                "180",
            ],
            timeout: .seconds(240))
        #expect(result.succeeded, "replication did not settle: \(result)")
    }

    /// `key=value` words of a ready line.
    static func fields(of line: String) -> [String: String] {
        Dictionary(
            line.split(separator: " ").compactMap { word -> (String, String)? in
                guard let equals = word.firstIndex(of: "=") else { return nil }
                return (String(word[..<equals]), String(word[word.index(after: equals)...]))
            }, uniquingKeysWith: { $1 })
    }
}
