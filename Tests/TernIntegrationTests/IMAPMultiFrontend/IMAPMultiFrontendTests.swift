import Foundation
import TernTestSupport
import Testing

/// Issue 5's multi-process test: two `tern dev` processes (writer slots 1 and 2) on one moto S3 bucket
/// prefix, B reaching S3 through a loopback proxy that adds 30-40 ms per chunk. Concurrent APPENDs
/// through both, convergence, invariant 1 as clients see it, IDLE on A woken by an APPEND on B
/// (scripts/multi_frontend.py prints the conflict count and the convergence time).
@Suite struct IMAPMultiFrontendTests {
    @Test(.enabled(if: IMAPTestEnvironment.has("TERN_TEST_S3_MOTO")))
    func twoFrontendsOnOneS3Converge() async throws {
        let moto = try IMAPTestEnvironment.require("TERN_TEST_S3_MOTO", script: "scripts/services/moto.sh")
        let endpoint = try #require(Self.endpoint(of: moto))
        try await Self.createBucket(endpoint: endpoint, bucket: "tern-test")
        let proxy = try await BackgroundProcess.start(
            "python3",
            [IMAPTestEnvironment.scriptPath("IMAPMultiFrontend", "latency_proxy.py"), "--target", endpoint],
            readyPrefix: "proxy-ready")
        defer { proxy.stop() }
        let proxyPort = try #require(proxy.readyLine.split(separator: " ").last.map(String.init))

        let prefix = "multi-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let urlA = moto.replacingOccurrences(of: "s3://tern-test?", with: "s3://tern-test/\(prefix)?")
        let urlB = urlA.replacingOccurrences(of: "endpoint=http://\(endpoint)", with: "endpoint=http://127.0.0.1:\(proxyPort)")
        try await Self.runScript("multi_frontend.py", summary: "conflicts=", storageA: urlA, storageB: urlB)
    }

    /// Starts frontend A (writer slot 1, on `storageA`) and B (slot 2, on `storageB`) with one deployment secret,
    /// runs scripts/`script` against both as alice, prints its lines that start with `summary` or `seed=`, and
    /// expects it to succeed (the logs of both frontends come with a failure).
    static func runScript(_ script: String, summary: String, storageA: String, storageB: String) async throws {
        let shared = try TernDevServer.makeTemporaryDirectoryForTests()
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let secret = shared + "/deployment-secret"
        try (String(repeating: "5e", count: 32) + "\n").write(toFile: secret, atomically: true, encoding: .utf8)
        let a = try await TernDevServer.start(.init(storage: storageA, writerSlot: 1, secretFile: secret))
        let b = try await TernDevServer.start(.init(storage: storageB, writerSlot: 2, secretFile: secret))
        let result = try await ExternalCommand.run(
            "python3",
            [
                IMAPTestEnvironment.scriptPath("IMAPMultiFrontend", script), "--a-port", String(a.imap.port),
                "--b-port", String(b.imap.port), "--user", TernDevServer.alice.login, "--password",
                TernDevServer.alice.password,
            ], timeout: .seconds(600))
        print(result.output.split(separator: "\n").filter { $0.hasPrefix(summary) || $0.hasPrefix("seed=") }
            .joined(separator: "\n"))
        #expect(
            result.succeeded,
            "\(result)\n--- A ---\n\(a.logs().suffix(3000))\n--- B ---\n\(b.logs().suffix(3000))")
        await a.stop()
        await b.stop()
    }

    /// `host:port` of the `endpoint=http://host:port` parameter.
    static func endpoint(of url: String) -> String? {
        guard let range = url.range(of: "endpoint=http://") else { return nil }
        return String(url[range.upperBound...].prefix { $0 != "&" })
    }

    /// A storage URL for a new, empty prefix of the moto bucket (`TERN_TEST_S3_MOTO`), the bucket created if needed.
    static func freshMotoStorage(prefix label: String) async throws -> String {
        let moto = try IMAPTestEnvironment.require("TERN_TEST_S3_MOTO", script: "scripts/services/moto.sh")
        let motoEndpoint = try #require(Self.endpoint(of: moto))
        try await createBucket(endpoint: motoEndpoint, bucket: "tern-test")
        let prefix = label + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        return moto.replacingOccurrences(of: "s3://tern-test?", with: "s3://tern-test/\(prefix)?")
    }

    /// Plain moto accepts unsigned requests: a PUT on the bucket creates it (an existing one is fine).
    static func createBucket(endpoint: String, bucket: String) async throws {
        let result = try await ExternalCommand.run(
            "python3",
            [
                "-c",
                "import urllib.request; urllib.request.urlopen(urllib.request.Request("
                    + "'http://\(endpoint)/\(bucket)', method='PUT'))",
            ], timeout: .seconds(60))
        #expect(result.succeeded, "creating bucket \(bucket): \(result)")
    }
}
