import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway Postfix in a temp dir on loopback (settings and traps: docs/internals/postfix-test-instance.md),
/// whose Tern-facing settings are the `main.cf` block of docs/admin.md, read at every run.
struct DeliveryPostfixInstance {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let base: String
    let smtpPort: Int
    var configDirectory: String { base + "/etc" }

    static let postfix = "/usr/sbin/postfix"
    static let repositoryRoot: String = {
        // This file is Tests/TernIntegrationTests/DeliveryPostfix/<name>.swift (through a symlink in dev packages).
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var isRoot: Bool { getuid() == 0 }
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: postfix) }

    /// Installs Postfix through the project's service script when it is missing (needs root).
    static func ensureInstalled() async throws {
        guard !isInstalled else { return }
        let status = try await run("/bin/bash", [repositoryRoot + "/scripts/services/postfix.sh", "install"])
        guard status == 0, isInstalled else { throw Failure(description: "scripts/services/postfix.sh install failed") }
    }

    /// The admin's `main.cf` block from docs/admin.md, pointed at the test's LMTP and auth ports.
    static func adminSnippet(lmtpPort: Int, authPort: Int) throws -> String {
        let document = try String(contentsOfFile: repositoryRoot + "/docs/admin.md", encoding: .utf8)
        guard let start = document.range(of: "```main.cf\n"),
            let end = document.range(of: "\n```", range: start.upperBound..<document.endIndex)
        else { throw Failure(description: "docs/admin.md has no ```main.cf block") }
        var snippet = String(document[start.upperBound..<end.lowerBound])
        for (documented, actual) in [
            ("inet:127.0.0.1:24", "inet:127.0.0.1:\(lmtpPort)"), ("inet:127.0.0.1:12345", "inet:127.0.0.1:\(authPort)"),
        ] {
            guard snippet.contains(documented) else {
                throw Failure(description: "the main.cf block no longer contains \(documented)")
            }
            snippet = snippet.replacingOccurrences(of: documented, with: actual)
        }
        return snippet
    }

    static func start(lmtpPort: Int, authPort: Int) async throws -> DeliveryPostfixInstance {
        let base = NSTemporaryDirectory() + "tern-postfix-" + UUID().uuidString
        // The postfix user must traverse these (master opens data_directory/master.lock as it; postsuper scans
        // the queue as it). Modes are set explicitly: the process umask is not ours to trust, since a Unix-socket
        // bind elsewhere in the test process narrows it for a moment (seen as "postsuper: open directory defer:
        // Permission denied", so "Postfix integrity check failed").
        for directory in [base, base + "/etc", base + "/queue", base + "/log"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            chmod(directory, 0o755)
        }
        let smtpPort = try freePort()
        let mainCF = """
            compatibility_level = 3.6
            queue_directory = \(base)/queue
            data_directory = \(base)/data
            meta_directory = /etc/postfix
            mail_owner = postfix
            setgid_group = postdrop
            maillog_file = \(base)/log/maillog
            maillog_file_prefixes = \(base), /dev/stdout
            myhostname = mx.test.invalid
            mydomain = test.invalid
            myorigin = $myhostname
            inet_interfaces = loopback-only
            inet_protocols = ipv4
            mydestination =
            mynetworks = 127.0.0.0/8
            relayhost =
            alias_maps =
            alias_database =
            local_recipient_maps =
            biff = no
            service_throttle_time = 1s
            address_verify_poll_delay = 1s
            default_transport = error:outbound mail disabled in test instance
            relay_transport = error:outbound mail disabled in test instance

            """ + (try adminSnippet(lmtpPort: lmtpPort, authPort: authPort)) + "\n"
        let masterCF = """
            127.0.0.1:\(smtpPort) inet n - n - - smtpd
            pickup    unix  n       -       n       60      1       pickup
            cleanup   unix  n       -       n       -       0       cleanup
            qmgr      unix  n       -       n       300     1       qmgr
            rewrite   unix  -       -       n       -       -       trivial-rewrite
            bounce    unix  -       -       n       -       0       bounce
            defer     unix  -       -       n       -       0       bounce
            trace     unix  -       -       n       -       0       bounce
            verify    unix  -       -       n       -       1       verify
            flush     unix  n       -       n       1000?   0       flush
            proxymap  unix  -       -       n       -       -       proxymap
            showq     unix  n       -       n       -       -       showq
            error     unix  -       -       n       -       -       error
            retry     unix  -       -       n       -       -       error
            discard   unix  -       -       n       -       -       discard
            smtp      unix  -       -       n       -       -       smtp
            relay     unix  -       -       n       -       -       smtp
            lmtp      unix  -       -       n       -       -       lmtp
            anvil     unix  -       -       n       -       1       anvil
            scache    unix  -       -       n       -       1       scache
            postlog   unix-dgram n  -       n       -       1       postlogd

            """
        try mainCF.write(toFile: base + "/etc/main.cf", atomically: true, encoding: .utf8)
        try masterCF.write(toFile: base + "/etc/master.cf", atomically: true, encoding: .utf8)
        let instance = DeliveryPostfixInstance(base: base, smtpPort: smtpPort)
        try await instance.startMaster()
        try await instance.waitForBanner()
        return instance
    }

    /// `postfix start` runs an integrity check (`post-install`, `postconf`, `postsuper`) before the master. A
    /// failed start is retried, its stderr kept for the report; only three failures in a row fail the test.
    private func startMaster() async throws {
        var failures: [String] = []
        for attempt in 1...3 {
            // `postfix` prints its errors only to the maillog when stderr is not a terminal; its helpers may
            // still print to stderr, kept for the failure report.
            let (status, errors) = try await Self.runKeepingErrors(Self.postfix, ["-c", configDirectory, "start"])
            if status == 0 { return }
            failures.append("attempt \(attempt): exit \(status), stderr: \(errors)")
            _ = try? await Self.run(Self.postfix, ["-c", configDirectory, "stop"])
            try await Task.sleep(for: .seconds(1))
        }
        throw Failure(description: "postfix start failed:\n\(failures.joined(separator: "\n"))\n\(log())")
    }

    func stop() async {
        _ = try? await Self.run(Self.postfix, ["-c", configDirectory, "stop"])
        try? FileManager.default.removeItem(atPath: base)
    }

    /// Asks the queue manager to retry deferred mail now.
    func flushQueue() async {
        _ = try? await Self.run("/usr/sbin/postqueue", ["-c", configDirectory, "-f"])
    }

    /// Whether Postfix's queue holds no message (everything delivered or bounced).
    func queueIsEmpty() async -> Bool {
        let listing = (try? await Self.runCapturing("/usr/sbin/postqueue", ["-c", configDirectory, "-p"])) ?? ""
        return listing.contains("Mail queue is empty")
    }

    func log() -> String {
        (try? String(contentsOfFile: base + "/log/maillog", encoding: .utf8)) ?? "(no maillog)"
    }

    /// The banner can take ~3 s after a fresh main.cf (measured); poll generously.
    private func waitForBanner() async throws {
        for _ in 0..<150 {
            let banner = try? await DeliveryLineClient.connect(host: "127.0.0.1", port: smtpPort) { client in
                try await client.readReply()
            }
            if banner?.code == 220 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "no SMTP banner on port \(smtpPort):\n\(log())")
    }

    /// Runs a program to its end without blocking a Swift concurrency thread; returns its exit status.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }

    /// Runs a program to its end and returns what it printed on stdout.
    static func runCapturing(_ executable: String, _ arguments: [String]) async throws -> String {
        try await runToFile(executable, arguments, stream: .output).output
    }

    /// Runs a program to its end; returns its exit status and what it printed on stderr.
    static func runKeepingErrors(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
        let result = try await runToFile(executable, arguments, stream: .error)
        return (result.status, result.output)
    }

    private enum CapturedStream { case output, error }

    /// Runs a program with one of its output streams going to a temp file (a pipe could fill and block it).
    private static func runToFile(
        _ executable: String, _ arguments: [String], stream: CapturedStream
    ) async throws -> (status: Int32, output: String) {
        let path = NSTemporaryDirectory() + "tern-postfix-out-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let captured = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? captured.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stream == .output ? captured : FileHandle.nullDevice
        process.standardError = stream == .error ? captured : FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return (status, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
