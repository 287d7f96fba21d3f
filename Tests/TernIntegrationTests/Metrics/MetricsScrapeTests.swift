import Foundation
import NIOCore
import TernTestSupport
import Testing

/// A real `tern dev` under a short mixed load over real sockets (IMAP, LMTP, the SASL endpoint), then one scrape of
/// `/metrics`: every metric family the admin guide lists is there with a non-zero value.
@Suite(.serialized) struct MetricsScrapeTests {
    static let families = [
        "tern_imap_commands_total", "tern_imap_command_duration_seconds", "tern_imap_sessions",
        "tern_imap_logins_total", "tern_imap_connections", "tern_accounts_open", "tern_idle_waiters",
        "tern_storage_watches", "tern_lmtp_deliveries_total", "tern_lmtp_delivery_duration_seconds",
        "tern_sasl_auth_requests_total", "tern_storage_operations_total", "tern_storage_operation_duration_seconds",
        "tern_storage_read_bytes_total", "tern_storage_written_bytes_total", "tern_jemalloc_allocated_bytes",
        "tern_jemalloc_active_bytes", "tern_jemalloc_resident_bytes", "tern_jemalloc_mapped_bytes",
        "tern_jemalloc_metadata_bytes", "tern_process_resident_memory_bytes", "tern_process_cpu_seconds_total",
        "tern_process_threads",
    ]

    @Test func mixedLoadMovesEveryMetric() async throws {
        let server = try await TernDevServer.start(TernDevServer.Options(extraArguments: ["--metrics", "127.0.0.1:0"]))
        do {
            let scrape = try await Self.withMixedLoad(on: server) {
                try await PrometheusExposition.scrape(try #require(server.metrics))
            }
            for family in Self.families {
                #expect(scrape.total(family) > 0, "\(family) is missing or zero")
            }
            for state in ["prelogin", "authenticated", "selected", "idle"] {
                #expect(scrape.total("tern_imap_sessions", ["state": state]) >= 1, "no session counted as \(state)")
            }
            for (command, result) in [
                ("login", "ok"), ("login", "no"), ("select", "ok"), ("fetch", "ok"), ("append", "ok"),
                ("status", "no"), ("other", "bad"),
            ] {
                #expect(
                    scrape.total("tern_imap_commands_total", ["command": command, "result": result]) >= 1,
                    "\(command) \(result) not counted")
                #expect(
                    scrape.total("tern_imap_command_duration_seconds", ["command": command, "result": result]) >= 1,
                    "\(command) \(result) has no latency")
            }
            #expect(scrape.total("tern_imap_logins_total", ["result": "ok", "mechanism": "login"]) >= 1)
            #expect(scrape.total("tern_imap_logins_total", ["result": "failed"]) >= 1)
            #expect(scrape.total("tern_lmtp_deliveries_total", ["result": "delivered"]) >= 1)
            #expect(scrape.total("tern_sasl_auth_requests_total", ["result": "accepted"]) >= 1)
            #expect(scrape.total("tern_storage_operations_total", ["store": "blobs", "operation": "put", "result": "ok"]) >= 1)
            // Fixed labels only: no user name, mailbox name or tag anywhere in the exposition.
            let labelValues = Set(scrape.samples.flatMap(\.labels.values))
            for secret in ["alice", "INBOX", "hunter2", "example.tld"] {
                #expect(!labelValues.contains { $0.contains(secret) }, "a label carries \(secret)")
            }
        } catch {
            Issue.record("\(error)\n--- tern dev output ---\n\(server.logs())")
        }
        await server.stop()
    }

    /// Exported only when the store is S3.
    static let s3PoolFamilies: Set<String> = [
        "tern_s3_pool_max_connections", "tern_s3_requests_in_flight", "tern_s3_requests_waiting_for_connection",
    ]

    /// On S3 the HTTP pool is exported too: its size, and the requests awaiting an answer (zero at rest).
    @Test(.enabled(if: IMAPTestEnvironment.has("TERN_TEST_S3_MOTO")))
    func onS3TheHTTPPoolIsExported() async throws {
        let url = try await IMAPMultiFrontendTests.freshMotoStorage(prefix: "metrics")
        let server = try await TernDevServer.start(
            TernDevServer.Options(storage: url, users: 1, extraArguments: ["--metrics", "127.0.0.1:0"]))
        do {
            let scrape = try await Self.withMixedLoad(on: server) {
                try await PrometheusExposition.scrape(try #require(server.metrics))
            }
            #expect(scrape.total("tern_s3_pool_max_connections") == 16)
            for family in Self.s3PoolFamilies {
                #expect(scrape.samples.contains { $0.name == family }, "\(family) is not exported on S3")
            }
            #expect(scrape.total("tern_storage_operations_total", ["store": "blobs", "operation": "put", "result": "ok"]) >= 1)
        } catch {
            Issue.record("\(error)\n--- tern dev output ---\n\(server.logs())")
        }
        await server.stop()
    }

    /// Runs the load, then `body` while four IMAP sessions stay open: one before login, one authenticated, one with
    /// INBOX selected, one in IDLE.
    static func withMixedLoad<Result>(
        on server: TernDevServer, _ body: () async throws -> Result
    ) async throws -> Result {
        let imap = try SocketAddress(ipAddress: server.imap.host, port: server.imap.port)
        try await deliverOverLMTP(server)
        try await authenticateOverSASL(server)
        return try await LoopbackClient.connect(to: imap) { preLogin in
            _ = try await preLogin.readLine()
            return try await LoopbackClient.connect(to: imap) { authenticated in
                _ = try await authenticated.readLine()
                try await command(authenticated, "a1", "LOGIN alice hunter2", expect: "OK")
                return try await LoopbackClient.connect(to: imap) { selected in
                    _ = try await selected.readLine()
                    try await command(selected, "s1", "LOGIN alice wrong", expect: "NO")
                    try await command(selected, "s2", "LOGIN alice hunter2", expect: "OK")
                    let message = "From: a@example.org\r\nSubject: metrics\r\n\r\nhello\r\n"
                    try await selected.write("s3 APPEND INBOX {\(message.utf8.count)}\r\n")
                    #expect(try await selected.readLine()?.hasPrefix("+") == true)
                    try await selected.write(message + "\r\n")
                    try await command(selected, "s4", "", expect: "OK", tag: "s3")
                    try await command(selected, "s5", "STATUS NoSuchMailbox (MESSAGES)", expect: "NO")
                    try await command(selected, "s6", "SELECT INBOX", expect: "OK")
                    try await command(selected, "s7", "FETCH 1 (FLAGS BODY[])", expect: "OK")
                    try await command(selected, "s8", "FROBNICATE", expect: "BAD")
                    return try await LoopbackClient.connect(to: imap) { idle in
                        _ = try await idle.readLine()
                        try await command(idle, "i1", "LOGIN alice hunter2", expect: "OK")
                        try await command(idle, "i2", "SELECT INBOX", expect: "OK")
                        try await idle.write("i3 IDLE\r\n")
                        #expect(try await idle.readLine()?.hasPrefix("+") == true)
                        let result = try await body()
                        try await idle.write("DONE\r\n")
                        try await command(idle, "i4", "", expect: "OK", tag: "i3")
                        return result
                    }
                }
            }
        }
    }

    /// Sends `tag text` (nothing when `text` is empty: the answer to an earlier command is awaited) and reads up to
    /// the tagged answer of `tag` (default: this command's), which must have status `expect`.
    static func command(
        _ client: LoopbackClient, _ tag: String, _ text: String, expect status: String, tag answered: String? = nil
    ) async throws {
        if !text.isEmpty { try await client.write("\(tag) \(text)\r\n") }
        let waited = answered ?? tag
        while let line = try await client.readLine() {
            if line.hasPrefix("\(waited) ") {
                #expect(line.hasPrefix("\(waited) \(status)"), "\(text): \(line)")
                return
            }
        }
        Issue.record("connection closed before \(waited) was answered")
    }

    /// One message to alice over LMTP.
    static func deliverOverLMTP(_ server: TernDevServer) async throws {
        let lmtp = try #require(server.lmtp)
        try await LoopbackClient.connect(to: try SocketAddress(ipAddress: lmtp.host, port: lmtp.port)) { client in
            func reply() async throws -> String {
                while let line = try await client.readLine() {
                    if line.count < 4 || line.dropFirst(3).first != "-" { return line }
                }
                return ""
            }
            #expect(try await reply().hasPrefix("220"))
            for (line, code) in [
                ("LHLO client.example", "250"), ("MAIL FROM:<sender@example.org>", "250"),
                ("RCPT TO:<\(TernDevServer.alice.address)>", "250"), ("DATA", "354"),
            ] {
                try await client.write(line + "\r\n")
                #expect(try await reply().hasPrefix(code), "\(line)")
            }
            try await client.write("From: sender@example.org\r\nSubject: lmtp\r\n\r\nhi\r\n.\r\n")
            #expect(try await reply().hasPrefix("250"))
            try await client.write("QUIT\r\n")
        }
    }

    /// One PLAIN check on the SASL endpoint, as Postfix sends it.
    static func authenticateOverSASL(_ server: TernDevServer) async throws {
        let auth = try #require(server.auth)
        try await LoopbackClient.connect(to: try SocketAddress(ipAddress: auth.host, port: auth.port)) { client in
            try await client.write("VERSION\t1\t0\nCPID\t4242\n")
            while let line = try await client.readLine(), line != "DONE" {}
            let response = Data("\0\(TernDevServer.alice.login)\0\(TernDevServer.alice.password)".utf8).base64EncodedString()
            try await client.write("AUTH\t1\tPLAIN\tservice=smtp\tnologin\tlip=127.0.0.1\trip=127.0.0.1\tresp=\(response)\n")
            #expect(try await client.readLine()?.hasPrefix("OK\t1") == true)
        }
    }
}
