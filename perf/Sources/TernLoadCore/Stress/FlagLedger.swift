import TernIMAP

/// The cross-session flag check of the stress profile. Each session's own keyword `$StressN` is set
/// and cleared by that session only; the ledger keeps, per UID, the state its last acknowledged
/// STORE or APPEND left and the STORE in flight. When another session is shown the message's flags
/// in answer to a command it sent after that acknowledgement, the keyword must be in that state (or
/// in the state of the STORE in flight, which the server may already have applied). Times are the
/// run clock's, taken by the shell when a command was sent and when its answer arrived; an
/// acknowledgement is recorded after the server sent it, so the check errs on the lenient side.
/// Pure; the shell keeps one under a lock.
public struct FlagLedger: Sendable {
    /// At most this many UIDs are remembered; past it the lowest half is forgotten.
    public static let limit = 65_536

    struct Record: Sendable {
        /// nil: unknown (a STORE failed).
        var state: Bool?
        var acknowledgedAt: Double
        var inFlight: (state: Bool, sentAt: Double)?
    }

    /// UID -> owner session -> record.
    private var records: [UInt32: [Int: Record]] = [:]
    /// UIDs whose message is being deleted: no longer recorded or checked.
    private var deleted: Set<UInt32> = []
    private let limit: Int

    public init(limit: Int = FlagLedger.limit) { self.limit = limit }

    public var count: Int { records.count }

    public static func keyword(of session: Int) -> Flag { Flag("$Stress\(session)") }

    /// `owner` sent a STORE that sets (`state`) or clears its keyword on `uid`.
    public mutating func storeSent(owner: Int, uid: UInt32, state: Bool, at time: Double) {
        var record = records[uid]?[owner] ?? Record(state: nil, acknowledgedAt: time)
        record.inFlight = (state, time)
        put(record, uid: uid, owner: owner)
    }

    /// `owner`'s STORE or APPEND on `uid` was answered: the keyword is now `state` (nil: unknown).
    public mutating func stored(owner: Int, uid: UInt32, state: Bool?, at time: Double) {
        put(Record(state: state, acknowledgedAt: time, inFlight: nil), uid: uid, owner: owner)
    }

    /// `uid` is being deleted: sessions that still show it may show the flags they last saw, even
    /// after a later STORE on it (by a session that has not seen the expunge yet) was acknowledged.
    public mutating func forget(uid: UInt32) {
        records.removeValue(forKey: uid)
        if deleted.count >= limit { deleted = Set(deleted.sorted().suffix(limit / 2)) }
        deleted.insert(uid)
    }

    /// Session `observer` was shown `flags` for `uid` in answer to a command sent at `sentAt`
    /// whose answer arrived at `answeredAt`.
    /// Returns the violations and how many other sessions' keywords were compared.
    public func check(observer: Int, uid: UInt32, flags: [Flag], sentAt: Double, answeredAt: Double)
        -> (compared: Int, violations: [StressViolation])
    {
        guard let owners = records[uid] else { return (0, []) }
        var violations: [StressViolation] = []
        var compared = 0
        for (owner, record) in owners where owner != observer {
            guard let state = record.state, record.acknowledgedAt < sentAt else { continue }
            compared += 1
            var allowed: Set<Bool> = [state]
            if let inFlight = record.inFlight, inFlight.sentAt < answeredAt { allowed.insert(inFlight.state) }
            let shown = flags.contains(Self.keyword(of: owner))
            guard !allowed.contains(shown) else { continue }
            let detail = "UID \(uid) shown to session \(observer) \(shown ? "with" : "without") \(Self.keyword(of: owner)), "
                + "which session \(owner) \(state ? "set" : "cleared") (acknowledged at \(Self.time(record.acknowledgedAt)) s, "
                + "before the command sent at \(Self.time(sentAt)) s)"
            violations.append(StressViolation(.otherFlagWrong, detail))
        }
        return (compared, violations)
    }

    private mutating func put(_ record: Record, uid: UInt32, owner: Int) {
        guard !deleted.contains(uid) else { return }
        if records[uid] == nil && records.count >= limit {
            let keep = records.keys.sorted().suffix(limit / 2)
            records = Dictionary(uniqueKeysWithValues: keep.map { ($0, records[$0]!) })
        }
        records[uid, default: [:]][owner] = record
    }

    private static func time(_ seconds: Double) -> String { Units.decimal(seconds, 3) }
}
