import MetricsTestKit
import TernIMAP
import Testing

@testable import TernIMAPServer

/// A scripted session against `IMAPMetrics` made on a test factory: each answered command moves its counter and
/// latency under its name and result, the session is counted in exactly one state, logins by result.
@Suite struct IMAPMetricsTests {
    static func commands(_ metrics: TestMetrics, _ command: String, _ result: String) -> Int64 {
        metrics.counters(label: "tern_imap_commands_total", dimensions: [("command", command), ("result", result)])
            .reduce(0) { $0 + $1.totalValue }
    }

    static func latencies(_ metrics: TestMetrics, _ command: String, _ result: String) -> Int {
        metrics.timers.filter { timer in
            timer.label == "tern_imap_command_duration_seconds"
                && timer.dimensions.elementsEqual([("command", command), ("result", result)]) { $0 == $1 }
        }.reduce(0) { $0 + $1.values.count }
    }

    static func sessions(_ metrics: TestMetrics, _ state: String) throws -> Double {
        try metrics.expectMeter("tern_imap_sessions", [("state", state)]).lastValue ?? 0
    }

    @Test func commandsSessionsAndLoginsAreCounted() async throws {
        let world = try await TestMailWorld()
        let metrics = TestMetrics()
        var context = world.context
        context.metrics = IMAPMetrics(factory: metrics)
        let client = TestClient(context: context, isTLS: false, startTLS: nil)
        #expect(await client.nextLine()?.hasPrefix("* OK") == true)
        #expect(try Self.sessions(metrics, "prelogin") == 1)

        #expect(await client.command("a", "LOGIN alice wrong").last?.hasPrefix("a NO") == true)
        #expect(await client.command("b", "LOGIN alice hunter2").last?.hasPrefix("b OK") == true)
        #expect(try Self.sessions(metrics, "prelogin") == 0)
        #expect(try Self.sessions(metrics, "authenticated") == 1)
        #expect(await client.command("c", "SELECT INBOX").last?.hasPrefix("c OK") == true)
        #expect(try Self.sessions(metrics, "authenticated") == 0)
        #expect(try Self.sessions(metrics, "selected") == 1)
        #expect(await client.command("d", "FROBNICATE").last?.hasPrefix("d BAD") == true)
        #expect(await client.command("e", "STATUS NoSuchMailbox (MESSAGES)").last?.hasPrefix("e NO") == true)

        client.send("f IDLE\r\n")
        #expect(await client.nextLine()?.hasPrefix("+") == true)
        #expect(try Self.sessions(metrics, "idle") == 1)
        #expect(try Self.sessions(metrics, "selected") == 0)
        client.send("DONE\r\n")
        #expect(await client.readUntil(tag: "f").last?.hasPrefix("f OK") == true)
        #expect(try Self.sessions(metrics, "selected") == 1)

        for (command, result) in [
            ("login", "no"), ("login", "ok"), ("select", "ok"), ("other", "bad"), ("status", "no"), ("idle", "ok"),
        ] {
            #expect(Self.commands(metrics, command, result) == 1, "\(command) \(result)")
            #expect(Self.latencies(metrics, command, result) == 1, "\(command) \(result) latency")
        }
        #expect(Self.commands(metrics, "select", "no") == 0)
        #expect(try metrics.expectCounter("tern_imap_logins_total", [("result", "ok"), ("mechanism", "login")]).totalValue == 1)
        #expect(
            try metrics.expectCounter("tern_imap_logins_total", [("result", "failed"), ("mechanism", "login")]).totalValue
                == 1)

        _ = await client.logout()
        for state in IMAPMetrics.SessionState.allCases {
            #expect(try Self.sessions(metrics, state.rawValue) == 0, "\(state) after the session ended")
        }
    }

    @Test func commandNamesAreFixedWords() {
        #expect(IMAPCommandName(.noop).rawValue == "noop")
        #expect(IMAPCommandName(.uidExpunge(SequenceSet.all)).rawValue == "uid_expunge")
        #expect(IMAPCommandName.other.rawValue == "other")
    }
}
