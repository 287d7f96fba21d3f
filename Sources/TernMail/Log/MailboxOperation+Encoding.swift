import NIOCore

/// Limits on one encoded operation; decoding input beyond them fails with `.limitExceeded`.
public enum MailboxOperationLimits {
    public static let maxMessagesPerOperation = 1_000_000
    public static let maxFlagsPerOperation = 256
    public static let maxFlagBytes = 255
    public static let maxReferenceBytes = 1024
    public static let maxDependencies = 4096
    /// Messages in one batch append (one COPY/MOVE chunk). Bounds one row and the replay work of
    /// one operation; see `maxBatchBytes` for the byte bound.
    public static let maxAppendsPerOperation = 1_000
    /// Encoded bytes of a batch's messages: a row holds at most 1 MiB sealed, and the header
    /// (up to 64 KiB of dependencies) and sealing overhead need the rest.
    public static let maxBatchBytes = 896 * 1024
}

/// Compact binary form (big-endian), stored encrypted by the storage layer:
/// version(1) kind(1) clock(8) writerID(8) slot(1) sequence(8) depCount(2) [writerID(8) count(8)]*
/// then per kind:
/// - append: messageID(16) blobRef(len16+bytes) metaRef(len16+bytes) flags date(8) size(8) uid(4)
/// - flags: mode(1) flags messageCount(4) messageID(16)*
/// - expunge: messageCount(4) messageID(16)*
/// - appendBatch (version 2): count(2) then `count` times the append layout
/// where flags = count(2) [len8 utf8]*.
/// Version 3 (a MOVE's copies): append or appendBatch, each append followed by
/// hasOrigin(1) [sourceMailbox(16) sourceMessage(16)].
/// Version 4 (a reissue, `AppendPayload.reissueOf`): append or appendBatch, each append followed
/// by the version 3 origin fields, then hasReissue(1) [reissueOf(16)].
///
/// Append, flags and expunge rows are written as version 1, exactly as before batches existed;
/// batch rows carry version 2, appends with a move origin version 3 and reissues version 4, so a frontend of an older
/// release refuses them as an unsupported version (a clear log line), never as garbage. Rows
/// without an origin or reissue keep their old bytes.
extension MailboxOperation {
    public static let encodingVersion: UInt8 = 1
    /// The version of `appendBatch` rows (and the highest one this code reads).
    public static let batchEncodingVersion: UInt8 = 2
    /// The version of append and batch rows whose messages carry a move origin.
    public static let originEncodingVersion: UInt8 = 3
    /// The version of append and batch rows whose messages re-announce a late message (the
    /// highest one this code reads).
    public static let reissueEncodingVersion: UInt8 = 4

    private enum Kind: UInt8 {
        case append = 1
        case flags = 2
        case expunge = 3
        case appendBatch = 4
    }

    public func encode(into buffer: inout ByteBuffer) throws(MailboxLogError) {
        let withReissues = payload.appends.contains { $0.reissueOf != nil }
        let withOrigins = withReissues || payload.appends.contains { $0.moveOrigin != nil }
        let appendVersion = withReissues ? Self.reissueEncodingVersion : Self.originEncodingVersion
        switch payload {
        case .append:
            buffer.writeInteger(withOrigins ? appendVersion : Self.encodingVersion)
            buffer.writeInteger(Kind.append.rawValue)
        case .appendBatch:
            buffer.writeInteger(withOrigins ? appendVersion : Self.batchEncodingVersion)
            buffer.writeInteger(Kind.appendBatch.rawValue)
        case .flags:
            buffer.writeInteger(Self.encodingVersion)
            buffer.writeInteger(Kind.flags.rawValue)
        case .expunge:
            buffer.writeInteger(Self.encodingVersion)
            buffer.writeInteger(Kind.expunge.rawValue)
        }
        buffer.writeInteger(clock.packed)
        buffer.writeInteger(writer.id)
        buffer.writeInteger(writer.slot)
        buffer.writeInteger(sequence)
        let deps = dependencies.sortedEntries
        try Self.check(deps.count, MailboxOperationLimits.maxDependencies, "dependencies")
        buffer.writeInteger(UInt16(deps.count))
        for entry in deps {
            buffer.writeInteger(entry.writerID)
            buffer.writeInteger(entry.count)
        }
        switch payload {
        case .append(let append):
            try Self.write(append, withOrigin: withOrigins, withReissue: withReissues, into: &buffer)
        case .appendBatch(let appends):
            guard !appends.isEmpty else { throw MailboxLogError(.invalidOperation, "empty batch append") }
            try Self.check(appends.count, MailboxOperationLimits.maxAppendsPerOperation, "messages in a batch")
            buffer.writeInteger(UInt16(appends.count))
            for append in appends {
                try Self.write(append, withOrigin: withOrigins, withReissue: withReissues, into: &buffer)
            }
        case .flags(let mode, let flags, let messages):
            buffer.writeInteger(mode.rawValue)
            try Self.writeFlags(flags, into: &buffer)
            try Self.writeMessages(messages, into: &buffer)
        case .expunge(let messages):
            try Self.writeMessages(messages, into: &buffer)
        }
    }

    public func encoded() throws(MailboxLogError) -> ByteBuffer {
        var buffer = ByteBuffer()
        try encode(into: &buffer)
        return buffer
    }

    /// Decodes one operation; the whole buffer must be consumed.
    public static func decode(_ bytes: ByteBuffer) throws(MailboxLogError) -> MailboxOperation {
        var buffer = bytes
        let version: UInt8 = try read(&buffer)
        guard (encodingVersion...reissueEncodingVersion).contains(version) else {
            throw MailboxLogError(.unsupportedVersion, "operation encoding version \(version)")
        }
        let kindByte: UInt8 = try read(&buffer)
        guard let kind = Kind(rawValue: kindByte), Self.version(version, holds: kind) else {
            throw MailboxLogError(.malformed, "unknown operation kind \(kindByte) in version \(version)")
        }
        let withOrigins = version >= originEncodingVersion
        let withReissues = version == reissueEncodingVersion
        let clock = HybridLogicalClock(packed: try read(&buffer))
        let writerID: UInt64 = try read(&buffer)
        let writer = try Writer(id: writerID, slot: try read(&buffer))
        let sequence: UInt64 = try read(&buffer)
        guard sequence > 0 else { throw MailboxLogError(.malformed, "sequence 0") }
        let depCount = Int(try read(&buffer) as UInt16)
        try check(depCount, MailboxOperationLimits.maxDependencies, "dependencies")
        var deps = VersionVector()
        for _ in 0..<depCount {
            let id: UInt64 = try read(&buffer)
            deps[id] = try read(&buffer)
        }
        let payload: OperationPayload
        switch kind {
        case .append:
            payload = .append(try readAppend(&buffer, withOrigin: withOrigins, withReissue: withReissues))
        case .appendBatch:
            let count = Int(try read(&buffer) as UInt16)
            guard count > 0 else { throw MailboxLogError(.malformed, "empty batch append") }
            try check(count, MailboxOperationLimits.maxAppendsPerOperation, "messages in a batch")
            var appends: [AppendPayload] = []
            appends.reserveCapacity(count)
            for _ in 0..<count {
                appends.append(try readAppend(&buffer, withOrigin: withOrigins, withReissue: withReissues))
            }
            payload = .appendBatch(appends)
        case .flags:
            let modeByte: UInt8 = try read(&buffer)
            guard let mode = FlagMode(rawValue: modeByte) else {
                throw MailboxLogError(.malformed, "unknown flag mode \(modeByte)")
            }
            let flags = try readFlags(&buffer)
            payload = .flags(mode: mode, flags: flags, messages: try readMessages(&buffer))
        case .expunge:
            payload = .expunge(messages: try readMessages(&buffer))
        }
        guard buffer.readableBytes == 0 else {
            throw MailboxLogError(.malformed, "\(buffer.readableBytes) trailing bytes after operation")
        }
        return MailboxOperation(
            clock: clock, writer: writer, sequence: sequence, dependencies: deps, payload: payload
        )
    }

    /// Encoded bytes of one message of an append (what a batch spends per message). A message
    /// without an origin in a row whose others carry one spends one more byte (a MOVE sets all);
    /// a reissue spends 17 more for `reissueOf` and its marker, plus the origin byte without one.
    public static func encodedBytes(of message: NewMessage) -> Int {
        16 + 2 + message.blobReference.count + 2 + message.metadataReference.count + 2
            + message.flags.reduce(0) { $0 + 1 + $1.utf8.count } + 8 + 8 + 4 + (message.moveOrigin == nil ? 0 : 33)
            + (message.reissueOf == nil ? 0 : 17 + (message.moveOrigin == nil ? 1 : 0))
    }

    // MARK: - Pieces

    /// Version 1 holds single rows, version 2 batches, versions 3 and 4 appends of either shape.
    private static func version(_ version: UInt8, holds kind: Kind) -> Bool {
        switch version {
        case encodingVersion: return kind != .appendBatch
        case batchEncodingVersion: return kind == .appendBatch
        default: return kind == .append || kind == .appendBatch
        }
    }

    private static func write(
        _ append: AppendPayload, withOrigin: Bool, withReissue: Bool, into buffer: inout ByteBuffer
    ) throws(MailboxLogError) {
        write(append.messageID, into: &buffer)
        try writeBytes(append.blobReference, into: &buffer)
        try writeBytes(append.metadataReference, into: &buffer)
        try writeFlags(append.flags, into: &buffer)
        buffer.writeInteger(append.internalDateMillis)
        buffer.writeInteger(append.size)
        buffer.writeInteger(append.uid)
        guard withOrigin else { return }
        if let origin = append.moveOrigin {
            buffer.writeInteger(UInt8(1))
            buffer.writeInteger(origin.mailbox.high)
            buffer.writeInteger(origin.mailbox.low)
            write(origin.message, into: &buffer)
        } else {
            buffer.writeInteger(UInt8(0))
        }
        guard withReissue else { return }
        if let reissueOf = append.reissueOf {
            buffer.writeInteger(UInt8(1))
            write(reissueOf, into: &buffer)
        } else {
            buffer.writeInteger(UInt8(0))
        }
    }

    private static func readAppend(
        _ buffer: inout ByteBuffer, withOrigin: Bool, withReissue: Bool
    ) throws(MailboxLogError) -> AppendPayload {
        let messageID = try readMessageID(&buffer)
        let blob = try readBytes(&buffer)
        let meta = try readBytes(&buffer)
        let flags = try readFlags(&buffer)
        let date: Int64 = try read(&buffer)
        let size: UInt64 = try read(&buffer)
        let uid: UInt32 = try read(&buffer)
        var origin: MoveOrigin?
        if withOrigin {
            switch try read(&buffer) as UInt8 {
            case 0: break
            case 1:
                let mailbox = MailboxID(high: try read(&buffer), low: try read(&buffer))
                origin = MoveOrigin(mailbox: mailbox, message: try readMessageID(&buffer))
            case let marker: throw MailboxLogError(.malformed, "move origin marker \(marker)")
            }
        }
        var reissueOf: MessageID?
        if withReissue {
            switch try read(&buffer) as UInt8 {
            case 0: break
            case 1: reissueOf = try readMessageID(&buffer)
            case let marker: throw MailboxLogError(.malformed, "reissue marker \(marker)")
            }
        }
        return AppendPayload(
            messageID: messageID, blobReference: blob, metadataReference: meta, flags: flags,
            internalDateMillis: date, size: size, uid: uid, moveOrigin: origin, reissueOf: reissueOf)
    }

    private static func check(_ count: Int, _ limit: Int, _ what: String) throws(MailboxLogError) {
        guard count <= limit else {
            throw MailboxLogError(.limitExceeded, "\(count) \(what), limit \(limit)")
        }
    }

    private static func read<T: FixedWidthInteger>(_ buffer: inout ByteBuffer) throws(MailboxLogError) -> T {
        guard let value = buffer.readInteger(as: T.self) else {
            throw MailboxLogError(.truncated, "operation ends early")
        }
        return value
    }

    private static func write(_ id: MessageID, into buffer: inout ByteBuffer) {
        buffer.writeInteger(id.high)
        buffer.writeInteger(id.low)
    }

    private static func readMessageID(_ buffer: inout ByteBuffer) throws(MailboxLogError) -> MessageID {
        MessageID(high: try read(&buffer), low: try read(&buffer))
    }

    private static func writeBytes(_ bytes: [UInt8], into buffer: inout ByteBuffer) throws(MailboxLogError) {
        try check(bytes.count, MailboxOperationLimits.maxReferenceBytes, "reference bytes")
        buffer.writeInteger(UInt16(bytes.count))
        buffer.writeBytes(bytes)
    }

    private static func readBytes(_ buffer: inout ByteBuffer) throws(MailboxLogError) -> [UInt8] {
        let count = Int(try read(&buffer) as UInt16)
        try check(count, MailboxOperationLimits.maxReferenceBytes, "reference bytes")
        guard let bytes = buffer.readBytes(length: count) else {
            throw MailboxLogError(.truncated, "reference ends early")
        }
        return bytes
    }

    private static func writeFlags(_ flags: [String], into buffer: inout ByteBuffer) throws(MailboxLogError) {
        try check(flags.count, MailboxOperationLimits.maxFlagsPerOperation, "flags")
        buffer.writeInteger(UInt16(flags.count))
        for flag in flags {
            let utf8 = Array(flag.utf8)
            try check(utf8.count, MailboxOperationLimits.maxFlagBytes, "bytes in a flag")
            buffer.writeInteger(UInt8(utf8.count))
            buffer.writeBytes(utf8)
        }
    }

    private static func readFlags(_ buffer: inout ByteBuffer) throws(MailboxLogError) -> [String] {
        let count = Int(try read(&buffer) as UInt16)
        try check(count, MailboxOperationLimits.maxFlagsPerOperation, "flags")
        var flags: [String] = []
        flags.reserveCapacity(count)
        for _ in 0..<count {
            let length = Int(try read(&buffer) as UInt8)
            guard let bytes = buffer.readBytes(length: length) else {
                throw MailboxLogError(.truncated, "flag ends early")
            }
            guard let flag = String(validating: bytes, as: UTF8.self) else {
                throw MailboxLogError(.malformed, "flag is not UTF-8")
            }
            flags.append(flag)
        }
        return flags
    }

    private static func writeMessages(_ messages: [MessageID], into buffer: inout ByteBuffer) throws(MailboxLogError) {
        try check(messages.count, MailboxOperationLimits.maxMessagesPerOperation, "messages")
        buffer.writeInteger(UInt32(messages.count))
        for id in messages { write(id, into: &buffer) }
    }

    private static func readMessages(_ buffer: inout ByteBuffer) throws(MailboxLogError) -> [MessageID] {
        let count = Int(try read(&buffer) as UInt32)
        try check(count, MailboxOperationLimits.maxMessagesPerOperation, "messages")
        guard buffer.readableBytes >= count * 16 else { throw MailboxLogError(.truncated, "message list ends early") }
        var ids: [MessageID] = []
        ids.reserveCapacity(count)
        for _ in 0..<count { ids.append(try readMessageID(&buffer)) }
        return ids
    }
}
