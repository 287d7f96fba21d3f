import Logging

/// Wraps the process's log handler so that every message, metadata key and metadata value passes
/// through `LogEscaping` before it is written: the one place where log injection is stopped, for
/// every log line of every module (IMAP, LMTP, SASL, the listeners), whoever wrote the call. Values
/// from the network reach logs in many places (login names, ID fields used as metadata keys,
/// mailbox names, addresses, errors quoting input); escaping at each call site would miss one.
///
/// The metadata (handler-level, provider and per-call, plus the event's error) is merged and escaped
/// here and handed to the wrapped handler as the event's only metadata: the wrapped handler's own
/// metadata stays empty, so nothing reaches it unescaped.
public struct EscapingLogHandler: LogHandler {
    private var wrapped: any LogHandler
    private let maxValueBytes: Int
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(wrapping handler: any LogHandler, maxValueBytes: Int = LogEscaping.defaultMaxBytes) {
        var handler = handler
        handler.metadata = [:]
        // Taken over (merged and escaped here); only cleared when set, since handlers without provider
        // support complain when it is assigned.
        metadataProvider = handler.metadataProvider
        if handler.metadataProvider != nil { handler.metadataProvider = nil }
        self.wrapped = handler
        self.maxValueBytes = maxValueBytes
    }

    /// `tern serve` and `tern dev`: stderr, one escaped line per event.
    public static func bootstrapStandardError(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = EscapingLogHandler(wrapping: StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = event.mergedMetadata(handler: metadata, provider: metadataProvider)
        var event = event
        event.message = Logger.Message(
            stringLiteral: LogEscaping.escape(event.message.description, maxBytes: maxValueBytes))
        event.error = nil
        var escaped: Logger.Metadata = [:]
        for (key, value) in merged {
            escaped[LogEscaping.escape(key, maxBytes: 128)] = .string(
                LogEscaping.escape(value.description, maxBytes: maxValueBytes))
        }
        event.metadata = escaped
        wrapped.log(event: event)
    }
}

extension LogEvent {
    /// Everything one event says: the handler's metadata, the provider's, the call's (later wins), and the
    /// event's error as `error`.
    func mergedMetadata(handler: Logger.Metadata, provider: Logger.MetadataProvider?) -> Logger.Metadata {
        var merged = handler
        if let provided = provider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = metadata { merged.merge(explicit) { _, new in new } }
        if let error { merged["error"] = "\(error)" }
        return merged
    }
}
