import Foundation
import TernTestSupport
import Testing

/// The imaplib scenario suite (scripts/imap_scenarios.py, one scenario per command family with exact
/// expected results) against `tern dev`, and the same suite against the throwaway Dovecot, which must
/// give the same observable results except the differences the script lists with their RFC clause.
@Suite(.serialized) struct IMAPScenarioTests {
    static let scenarios = [
        "any-state", "authentication", "mailboxes", "rename-inbox", "append-select", "fetch", "store", "search",
        "copy-move-expunge", "idle", "errors", "extensions", "compress",
    ]
    static let script = IMAPTestEnvironment.scriptPath("IMAPScenarios", "imap_scenarios.py")

    /// The script knows exactly the scenarios listed here (a scenario added to one side only fails).
    @Test func scenarioListMatchesScript() async throws {
        let result = try await ExternalCommand.run("python3", [Self.script, "--list"])
        #expect(result.succeeded, "\(result)")
        #expect(result.output.split(separator: "\n").map(String.init) == Self.scenarios)
    }

    /// Every scenario on its own fresh user (`--users N`) of one `tern dev`.
    @Test func scenariosAgainstTern() async throws {
        let server = try await TernDevServer.start(.init(users: Self.scenarios.count))
        for (index, scenario) in Self.scenarios.enumerated() {
            let result = try await ExternalCommand.run(
                "python3",
                [
                    Self.script, "--host", server.imap.host, "--port", String(server.imap.port), "--user",
                    "user\(index + 1)", "--password", TernDevServer.bulkPassword, "--server", "tern", scenario,
                ], timeout: .seconds(120))
            #expect(result.succeeded, "scenario \(scenario) against Tern:\n\(result)")
        }
        await server.stop()
    }

    /// The same scenarios against Dovecot, each on a fresh user (Dovecot's static passdb accepts any name).
    @Test(.enabled(if: IMAPTestEnvironment.has("TERN_TEST_DOVECOT")))
    func scenariosAgainstDovecot() async throws {
        _ = try IMAPTestEnvironment.require("TERN_TEST_DOVECOT", script: "scripts/services/dovecot.sh")
        let dovecot = try #require(IMAPTestEnvironment.dovecot)
        let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        for scenario in Self.scenarios {
            let result = try await ExternalCommand.run(
                "python3",
                [
                    Self.script, "--host", dovecot.host, "--port", String(dovecot.port), "--user",
                    "scenario-\(run)-\(scenario)", "--password", IMAPTestEnvironment.dovecotPassword, "--server",
                    "dovecot", scenario,
                ], timeout: .seconds(120))
            #expect(result.succeeded, "scenario \(scenario) against Dovecot:\n\(result)")
        }
    }
}
