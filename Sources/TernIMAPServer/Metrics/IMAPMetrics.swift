import CoreMetrics
import NIOConcurrencyHelpers
import TernIMAP

/// The IMAP handles of one server: commands by name and result with their latency, sessions by state, logins by
/// result and mechanism. Built with an explicit factory (no global `MetricsSystem`), so a test makes its own. Label
/// values come from fixed lists only (`IMAPCommandName`, the enums below): never a user, mailbox or tag.
public struct IMAPMetrics: Sendable {
    public enum CommandResult: String, CaseIterable, Sendable {
        case ok, no, bad
    }

    /// A session is counted in exactly one state from its greeting to its end.
    public enum SessionState: String, CaseIterable, Sendable {
        case prelogin, authenticated, selected, idle
    }

    public enum LoginResult: String, CaseIterable, Sendable {
        case ok
        /// Unknown user, wrong password, or credentials refused unchecked (too long, control characters).
        case failed
        /// The failure limiter refused without checking, or the user is over its connections from this address.
        case limited
        /// The password was right but the account could not be opened (storage).
        case error
    }

    public enum LoginMechanism: String, CaseIterable, Sendable {
        case login, plain
    }

    private struct CommandKey: Hashable {
        var command: String
        var result: CommandResult
    }

    private let factory: any MetricsFactory
    /// Made on first use: most of the (command, result) pairs never happen, and each is a histogram's worth of
    /// series. Bounded by the fixed command list times three results.
    private let commands = NIOLockedValueBox<[CommandKey: (count: Counter, latency: Timer)]>([:])
    private let sessions: [SessionState: Meter]
    private let logins: [LoginResult: [LoginMechanism: Counter]]

    public init(factory: any MetricsFactory) {
        self.factory = factory
        sessions = Dictionary(uniqueKeysWithValues: SessionState.allCases.map {
            ($0, Meter(label: "tern_imap_sessions", dimensions: [("state", $0.rawValue)], factory: factory))
        })
        logins = Dictionary(uniqueKeysWithValues: LoginResult.allCases.map { result in
            (result, Dictionary(uniqueKeysWithValues: LoginMechanism.allCases.map { mechanism in
                (mechanism, Counter(
                    label: "tern_imap_logins_total",
                    dimensions: [("result", result.rawValue), ("mechanism", mechanism.rawValue)], factory: factory))
            }))
        })
    }

    /// Handles that go nowhere: for servers and tests that export no metrics.
    public static var disabled: IMAPMetrics { IMAPMetrics(factory: NOOPMetricsHandler.instance) }

    /// A command answered with a tagged `result` after `duration` (from its last byte read to its answer queued).
    public func commandCompleted(_ command: IMAPCommandName, _ result: CommandResult, duration: Duration) {
        let key = CommandKey(command: command.rawValue, result: result)
        let factory = self.factory
        let handles = commands.withLockedValue { commands in
            if let existing = commands[key] { return existing }
            let dimensions = [("command", key.command), ("result", result.rawValue)]
            let made = (
                count: Counter(label: "tern_imap_commands_total", dimensions: dimensions, factory: factory),
                latency: Timer(label: "tern_imap_command_duration_seconds", dimensions: dimensions, factory: factory)
            )
            commands[key] = made
            return made
        }
        handles.count.increment()
        let (seconds, attoseconds) = duration.components
        handles.latency.recordNanoseconds(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }

    /// A session moved from one state to another (nil: it began, or it ended).
    public func sessionMoved(from old: SessionState?, to new: SessionState?) {
        guard old != new else { return }
        if let old { sessions[old]?.decrement() }
        if let new { sessions[new]?.increment() }
    }

    public func login(_ result: LoginResult, mechanism: LoginMechanism) {
        logins[result]?[mechanism]?.increment()
    }
}
