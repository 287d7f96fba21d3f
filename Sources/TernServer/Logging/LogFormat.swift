import Logging

/// `log_format` (`tern serve`) and `--log-format` (`tern dev`): how log lines are written to standard error.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One escaped text line per event (swift-log's stream format).
    case text
    /// One JSON object per line: timestamp, level, label, message, metadata.
    case json

    public func bootstrapStandardError(level: Logger.Level) {
        switch self {
        case .text: EscapingLogHandler.bootstrapStandardError(level: level)
        case .json: LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        }
    }
}
