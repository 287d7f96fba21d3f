import NIOCore

/// One process incarnation's claim on a writer slot, stored as its own row
/// (`deployment/writer-leases`, sort key `<slot>-<incarnation>`), so concurrent claimants never
/// overwrite each other and a read-back shows every claim on a slot (docs/internals/uid-conflicts.md,
/// "Claiming a slot"). Not sealed: it names no user, only a host and process for the operator.
public struct WriterLease: Hashable, Sendable, CustomStringConvertible {
    public enum State: UInt8, Hashable, Sendable {
        /// Written, not yet confirmed by a read-back; its writer backs off if it sees another claim.
        case claiming = 1
        /// Confirmed; its writer writes mailbox logs with this slot until `expiresAtMillis`.
        case held = 2
    }

    public static let partition = "deployment/writer-leases"
    /// Longest `holder` kept (a host name and a pid; longer text is cut).
    public static let maxHolderBytes = 200

    public var slot: UInt8
    /// The incarnation: random and new at every process start, the writer id of its log operations.
    public var incarnation: UInt64
    public var state: State
    /// Wall-clock milliseconds after which the writer no longer writes (it stops earlier; see `SlotTiming`).
    public var expiresAtMillis: UInt64
    /// Who holds it, for the operator: "host pid 1234".
    public var holder: String

    public init(slot: UInt8, incarnation: UInt64, state: State, expiresAtMillis: UInt64, holder: String) {
        self.slot = slot
        self.incarnation = incarnation
        self.state = state
        self.expiresAtMillis = expiresAtMillis
        var kept = ""
        for character in holder {
            guard kept.utf8.count + character.utf8.count <= Self.maxHolderBytes else { break }
            kept.append(character)
        }
        self.holder = kept
    }

    public var sortKey: String { Self.sortKey(slot: slot, incarnation: incarnation) }

    static func sortKey(slot: UInt8, incarnation: UInt64) -> String {
        let hex = String(incarnation, radix: 16)
        return (slot < 10 ? "0" : "") + "\(slot)-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    public var description: String {
        "slot \(slot) incarnation \(String(incarnation, radix: 16)) (\(holder)), \(state), "
            + "expires at \(expiresAtMillis) ms"
    }

    // MARK: - Encoding: version(1) state(1) slot(1) incarnation(8) expires(8) holderLength(2) holder

    static let version: UInt8 = 1

    public var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Self.version)
        buffer.writeInteger(state.rawValue)
        buffer.writeInteger(slot)
        buffer.writeInteger(incarnation)
        buffer.writeInteger(expiresAtMillis)
        let holderBytes = Array(holder.utf8)
        buffer.writeInteger(UInt16(holderBytes.count))
        buffer.writeBytes(holderBytes)
        return buffer
    }

    /// nil for a row that is not a lease of this version (ignored, never trusted).
    public init?(decoding value: ByteBuffer) {
        var buffer = value
        guard buffer.readInteger(as: UInt8.self) == Self.version,
            let rawState = buffer.readInteger(as: UInt8.self), let state = State(rawValue: rawState),
            let slot = buffer.readInteger(as: UInt8.self), UInt32(slot) < Writer.slotCount,
            let incarnation = buffer.readInteger(as: UInt64.self),
            let expires = buffer.readInteger(as: UInt64.self),
            let length = buffer.readInteger(as: UInt16.self), Int(length) <= Self.maxHolderBytes,
            let holderBytes = buffer.readBytes(length: Int(length)), buffer.readableBytes == 0
        else { return nil }
        self.init(
            slot: slot, incarnation: incarnation, state: state, expiresAtMillis: expires,
            holder: String(decoding: holderBytes, as: UTF8.self))
    }
}
