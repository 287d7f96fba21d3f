import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// A `tern dev` process for integration tests: started from the built binary on free loopback
/// ports with its own temporary data directory, ready once it printed its `tern-ready` line, with
/// its output captured to a file, stopped (SIGTERM, then SIGKILL) by `stop()`.
public final class TernDevServer: Sendable {
    public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
        public var host: String
        public var port: Int
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    public enum Listen: Sendable {
        /// Port 0 everywhere: the kernel picks, the server reports.
        case ephemeral
        /// Exact ports on 127.0.0.1 (to restart a server where a client expects it).
        case fixed(imap: Int, imaps: Int, lmtp: Int, auth: Int)
    }

    public struct Options: Sendable {
        /// nil = the file store inside the data directory; or `memory:`, `s3://...`. An `s3://` URL may carry
        /// `access_key=` and `secret_key=` parameters (as scripts/services/moto.sh prints them): they are
        /// passed to the process as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and removed from the URL.
        public var storage: String?
        /// nil = `tern dev`'s default (`auto`).
        public var writerSlot: Int?
        /// `--users N`: user1...userN with password `TernDevServer.bulkPassword`.
        public var users: Int
        /// nil = a fresh temporary directory, removed by `stop()`; a given directory is kept.
        public var dataDirectory: String?
        /// Deployment secret file; processes sharing one storage must share it.
        public var secretFile: String?
        public var listen: Listen
        public var extraArguments: [String]
        public var environment: [String: String]

        public init(
            storage: String? = nil, writerSlot: Int? = nil, users: Int = 0, dataDirectory: String? = nil,
            secretFile: String? = nil, listen: Listen = .ephemeral, extraArguments: [String] = [],
            environment: [String: String] = [:]
        ) {
            self.storage = storage
            self.writerSlot = writerSlot
            self.users = users
            self.dataDirectory = dataDirectory
            self.secretFile = secretFile
            self.listen = listen
            self.extraArguments = extraArguments
            self.environment = environment
        }
    }

    public struct LaunchError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public static let alice = (login: "alice", password: "hunter2", address: "alice@example.tld")
    public static let bulkPassword = "password"
    /// How long a start may take (a cold debug binary creating many users on a busy 2-core machine).
    public static let readyTimeout: Duration = .seconds(120)

    public let imap: Endpoint
    public let imaps: Endpoint
    /// nil when this build of `tern dev` has no LMTP / SASL endpoint.
    public let lmtp: Endpoint?
    public let auth: Endpoint?
    /// The `/metrics` listener, when started with `--metrics ADDR:PORT` in `extraArguments`.
    public let metrics: Endpoint?
    public let dataDirectory: String
    public let certificatePath: String
    /// SHA-256 of the certificate's DER bytes, "AB:CD:..." (upper-case hex pairs).
    public let certificateFingerprint: String
    /// The writer slot the process claimed (`slot=` of its ready line).
    public let writerSlot: Int?
    public let logPath: String
    public let pid: Int32

    private let process: ProcessBox
    private let ownsDataDirectory: Bool

    public static func start(_ options: Options = Options()) async throws -> TernDevServer {
        let binary = try locateBinary()
        let ownsDirectory = options.dataDirectory == nil
        let directory = try options.dataDirectory ?? makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let logPath = directory + "/tern-dev-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)

        var arguments = ["dev", "--data", directory, "--users-password", bulkPassword]
        switch options.listen {
        case .ephemeral:
            arguments += ["--imap", "127.0.0.1:0", "--imaps", "127.0.0.1:0", "--lmtp", "127.0.0.1:0", "--auth", "127.0.0.1:0"]
        case .fixed(let imap, let imaps, let lmtp, let auth):
            arguments += [
                "--imap", "127.0.0.1:\(imap)", "--imaps", "127.0.0.1:\(imaps)", "--lmtp", "127.0.0.1:\(lmtp)",
                "--auth", "127.0.0.1:\(auth)",
            ]
        }
        var environment = ProcessInfo.processInfo.environment.merging(options.environment) { $1 }
        if let storage = options.storage {
            let (url, keyID, secret) = splitCredentials(storage)
            arguments += ["--storage", url]
            if let keyID, let secret {
                environment["AWS_ACCESS_KEY_ID"] = keyID
                environment["AWS_SECRET_ACCESS_KEY"] = secret
            }
        }
        if let slot = options.writerSlot { arguments += ["--writer-slot", String(slot)] }
        if options.users > 0 { arguments += ["--users", String(options.users)] }
        if let secretFile = options.secretFile { arguments += ["--secret-file", secretFile] }
        arguments += options.extraArguments

        let box = try ProcessBox.launch(binary: binary, arguments: arguments, environment: environment, log: logPath)
        do {
            let ready = try await waitForReady(log: logPath, process: box)
            return try TernDevServer(
                ready: ready, directory: directory, ownsDirectory: ownsDirectory, logPath: logPath, process: box)
        } catch {
            box.signal(SIGKILL)
            await box.waitForExit(timeout: .seconds(5))
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw LaunchError(description: "\(error)\n--- tern dev output ---\n\(output)")
        }
    }

    private init(ready: [String: String], directory: String, ownsDirectory: Bool, logPath: String, process: ProcessBox) throws {
        func endpoint(_ name: String) -> Endpoint? {
            guard let first = ready[name]?.split(separator: ",").first,
                let colon = first.lastIndex(of: ":"), let port = Int(first[first.index(after: colon)...])
            else { return nil }
            var host = String(first[..<colon])
            if host.hasPrefix("[") { host = String(host.dropFirst().dropLast()) }
            return Endpoint(host: host, port: port)
        }
        guard let imap = endpoint("imap"), let imaps = endpoint("imaps"), let fingerprint = ready["fingerprint"] else {
            throw LaunchError(description: "ready line without imap, imaps or fingerprint: \(ready)")
        }
        self.imap = imap
        self.imaps = imaps
        self.lmtp = endpoint("lmtp")
        self.auth = endpoint("auth")
        self.metrics = endpoint("metrics")
        self.certificateFingerprint = fingerprint
        self.writerSlot = ready["slot"].flatMap { Int($0) }
        self.dataDirectory = directory
        self.certificatePath = directory + "/tls-cert.pem"
        self.logPath = logPath
        self.process = process
        self.pid = process.pid
        self.ownsDataDirectory = ownsDirectory
    }

    /// Everything the process printed so far (stdout and stderr interleaved).
    public func logs() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    public var isRunning: Bool { process.isRunning }

    /// SIGTERM, up to 10 s for a graceful exit, then SIGKILL. Removes a temporary data directory.
    public func stop() async {
        process.signal(SIGTERM)
        if await !process.waitForExit(timeout: .seconds(10)) {
            process.signal(SIGKILL)
            await process.waitForExit(timeout: .seconds(5))
        }
        if ownsDataDirectory { try? FileManager.default.removeItem(atPath: dataDirectory) }
    }

    /// SIGKILL now, as a crash would; returns once the process is gone. The data directory stays for a restart.
    public func kill() async {
        process.signal(SIGKILL)
        await process.waitForExit(timeout: .seconds(5))
    }

    // MARK: - Helpers

    /// The `tern` executable the launcher runs (for tests that start `tern serve` themselves).
    public static func binaryPath() throws -> String { try locateBinary() }

    /// `$TERN_BINARY`, else `tern` next to the running test bundle (`.build/<triple>/debug/`).
    static func locateBinary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["TERN_BINARY"] { return path }
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            for _ in 0..<3 {
                candidates.append(directory.appendingPathComponent("tern").path)
                directory = directory.deletingLastPathComponent()
            }
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/.build/debug/tern")
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw LaunchError(
                description: "no tern binary (looked at \(candidates)); run `swift build --build-tests` or set TERN_BINARY")
        }
        return found
    }

    /// A fresh temporary directory (the caller removes it), e.g. a data directory kept across restarts.
    public static func makeTemporaryDirectoryForTests() throws -> String { try makeTemporaryDirectory() }

    static func makeTemporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/tern-it.XXXXXX").utf8CString)
        guard let result = mkdtemp(&template) else { throw LaunchError(description: "mkdtemp failed") }
        return String(cString: result)
    }

    /// Removes `access_key` / `secret_key` query parameters from an s3 URL and returns them.
    static func splitCredentials(_ url: String) -> (url: String, keyID: String?, secret: String?) {
        guard url.hasPrefix("s3://"), let question = url.firstIndex(of: "?") else { return (url, nil, nil) }
        var keyID: String?
        var secret: String?
        var kept: [Substring] = []
        for item in url[url.index(after: question)...].split(separator: "&") {
            if item.hasPrefix("access_key=") {
                keyID = String(item.dropFirst("access_key=".count)).removingPercentEncoding
            } else if item.hasPrefix("secret_key=") {
                secret = String(item.dropFirst("secret_key=".count)).removingPercentEncoding
            } else {
                kept.append(item)
            }
        }
        return (String(url[..<question]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&")), keyID, secret)
    }

    /// Polls the log for the `tern-ready` line; fails early if the process exits.
    static func waitForReady(log: String, process: ProcessBox) async throws -> [String: String] {
        let deadline = ContinuousClock.now + readyTimeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tern-ready") })
            {
                var fields: [String: String] = [:]
                for field in line.split(separator: " ").dropFirst() {
                    guard let equals = field.firstIndex(of: "=") else { continue }
                    fields[String(field[..<equals])] = String(field[field.index(after: equals)...])
                }
                return fields
            }
            guard process.isRunning else {
                throw LaunchError(description: "tern dev exited before it was ready")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw LaunchError(description: "tern dev was not ready within \(readyTimeout)")
    }
}
