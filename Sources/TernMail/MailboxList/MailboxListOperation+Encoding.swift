import NIOCore

/// Binary form of a list operation (big-endian), stored encrypted in its writer's object:
/// version(1) kind(1) clock(8) writerID(8), then per kind:
/// create: name mailbox · delete: mailbox observed · rename: mailbox observed name ·
/// subscribe: name on(1) · special-use: mailbox use(1, 0 = none)
/// with name = len16 + UTF-8, mailbox = 16 bytes, observed = count32 + (clock8 writer8)*.
extension MailboxListOperation {
    public static let encodingVersion: UInt8 = 1
    public static let maxObserved = 100_000

    public func encoded() throws(MailboxLogError) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.encodingVersion)
        let kindByte: UInt8 =
            switch kind {
            case .create: 1
            case .delete: 2
            case .rename: 3
            case .subscribe: 4
            case .setSpecialUse: 5
            }
        buffer.writeInteger(kindByte)
        buffer.writeInteger(id.clock.packed)
        buffer.writeInteger(id.writerID)
        switch kind {
        case .create(let name, let mailbox):
            try Self.write(name, into: &buffer)
            Self.write(mailbox, into: &buffer)
        case .delete(let mailbox, let observed):
            Self.write(mailbox, into: &buffer)
            try Self.write(observed, into: &buffer)
        case .rename(let mailbox, let observed, let newName):
            Self.write(mailbox, into: &buffer)
            try Self.write(observed, into: &buffer)
            try Self.write(newName, into: &buffer)
        case .subscribe(let name, let on):
            try Self.write(name, into: &buffer)
            buffer.writeInteger(UInt8(on ? 1 : 0))
        case .setSpecialUse(let mailbox, let use):
            Self.write(mailbox, into: &buffer)
            let index = use.flatMap { SpecialUse.allCases.firstIndex(of: $0) }.map { UInt8($0 + 1) } ?? 0
            buffer.writeInteger(index)
        }
        return buffer
    }

    public static func decode(_ bytes: ByteBuffer) throws(MailboxLogError) -> MailboxListOperation {
        var buffer = bytes
        let version: UInt8 = try read(&buffer)
        guard version == encodingVersion else {
            throw MailboxLogError(.unsupportedVersion, "list operation encoding version \(version)")
        }
        let kindByte: UInt8 = try read(&buffer)
        let id = OperationID(clock: HybridLogicalClock(packed: try read(&buffer)), writerID: try read(&buffer))
        let kind: Kind
        switch kindByte {
        case 1: kind = .create(name: try readName(&buffer), mailbox: try readMailbox(&buffer))
        case 2: kind = .delete(mailbox: try readMailbox(&buffer), observed: try readObserved(&buffer))
        case 3:
            kind = .rename(
                mailbox: try readMailbox(&buffer), observed: try readObserved(&buffer), newName: try readName(&buffer))
        case 4:
            let name = try readName(&buffer)
            let on: UInt8 = try read(&buffer)
            guard on <= 1 else { throw MailboxLogError(.malformed, "subscription flag \(on)") }
            kind = .subscribe(name: name, subscribed: on == 1)
        case 5:
            let mailbox = try readMailbox(&buffer)
            let index = Int(try read(&buffer) as UInt8)
            guard index <= SpecialUse.allCases.count else { throw MailboxLogError(.malformed, "special use \(index)") }
            kind = .setSpecialUse(mailbox: mailbox, use: index == 0 ? nil : SpecialUse.allCases[index - 1])
        default:
            throw MailboxLogError(.malformed, "unknown list operation kind \(kindByte)")
        }
        guard buffer.readableBytes == 0 else {
            throw MailboxLogError(.malformed, "trailing bytes after list operation")
        }
        return MailboxListOperation(id: id, kind: kind)
    }

    private static func read<T: FixedWidthInteger>(_ buffer: inout ByteBuffer) throws(MailboxLogError) -> T {
        guard let value = buffer.readInteger(as: T.self) else {
            throw MailboxLogError(.truncated, "list operation ends early")
        }
        return value
    }

    private static func write(_ name: String, into buffer: inout ByteBuffer) throws(MailboxLogError) {
        guard name.utf8.count <= MailboxList.maxNameBytes else {
            throw MailboxLogError(.limitExceeded, "mailbox name over \(MailboxList.maxNameBytes) bytes")
        }
        buffer.writeInteger(UInt16(name.utf8.count))
        buffer.writeString(name)
    }

    private static func readName(_ buffer: inout ByteBuffer) throws(MailboxLogError) -> String {
        let length = Int(try read(&buffer) as UInt16)
        guard length <= MailboxList.maxNameBytes else {
            throw MailboxLogError(.limitExceeded, "mailbox name over \(MailboxList.maxNameBytes) bytes")
        }
        guard let bytes = buffer.readBytes(length: length) else { throw MailboxLogError(.truncated, "name ends early") }
        guard let name = String(validating: bytes, as: UTF8.self) else {
            throw MailboxLogError(.malformed, "mailbox name is not UTF-8")
        }
        return name
    }

    private static func write(_ mailbox: MailboxID, into buffer: inout ByteBuffer) {
        buffer.writeInteger(mailbox.high)
        buffer.writeInteger(mailbox.low)
    }

    private static func readMailbox(_ buffer: inout ByteBuffer) throws(MailboxLogError) -> MailboxID {
        MailboxID(high: try read(&buffer), low: try read(&buffer))
    }

    private static func write(_ observed: [OperationID], into buffer: inout ByteBuffer) throws(MailboxLogError) {
        guard observed.count <= maxObserved else {
            throw MailboxLogError(.limitExceeded, "\(observed.count) observed bindings, limit \(maxObserved)")
        }
        buffer.writeInteger(UInt32(observed.count))
        for id in observed {
            buffer.writeInteger(id.clock.packed)
            buffer.writeInteger(id.writerID)
        }
    }

    private static func readObserved(_ buffer: inout ByteBuffer) throws(MailboxLogError) -> [OperationID] {
        let count = Int(try read(&buffer) as UInt32)
        guard count <= maxObserved else {
            throw MailboxLogError(.limitExceeded, "\(count) observed bindings, limit \(maxObserved)")
        }
        var result: [OperationID] = []
        for _ in 0..<count {
            result.append(
                OperationID(clock: HybridLogicalClock(packed: try read(&buffer)), writerID: try read(&buffer)))
        }
        return result
    }
}
