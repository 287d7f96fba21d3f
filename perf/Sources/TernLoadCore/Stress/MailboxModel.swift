import TernIMAP

/// One stress session's model of its selected mailbox, built only from what the server told this
/// session: the message count and the UID at each sequence number (EXISTS, EXPUNGE, VANISHED, FETCH
/// UID), the keywords announced in FLAGS, the UIDs seen expunged, and what the session itself did
/// (its appends, its deletions, the state of its own keyword). Every response is checked against
/// it; contradictions come back as `StressFinding.violation`. Pure: responses in, findings out.
///
/// Only facts no other session can change are checked strictly: sequence numbers against the count
/// this session was told, UIDs against earlier UIDs, the session's own keyword (no other session
/// touches it) and its own messages (no other session deletes them).
public struct MailboxModel: Sendable {
    /// The largest mailbox the model follows (a slot per message).
    public static let messageLimit = 100_000
    /// Expunged UIDs remembered to catch a reappearing one; past it the lowest half is forgotten.
    public static let expungedLimit = 65_536
    /// Own-keyword expectations and own messages remembered; past it the lowest half is forgotten.
    public static let ownLimit = 65_536

    struct Slot: Hashable, Sendable {
        var uid: UInt32?
        /// \Recent was shown before the UID was known: claimed once it is.
        var pendingRecent = false
    }

    /// How the next `* SEARCH` is to be read (set by the script when it sends the command).
    public enum PendingSearch: Hashable, Sendable {
        case sequenceNumbers
        case uids
        /// UID SEARCH KEYWORD of the session's own keyword: hits must match the expectations.
        case uidsWithOwnKeyword
    }

    public let ownKeyword: Flag
    private(set) var slots: [Slot] = []
    public private(set) var keywords: Set<Flag> = []
    public private(set) var uidValidity: UInt32?
    /// A VANISHED named UIDs among messages whose UIDs this session does not know: which of them
    /// went is unknown, so sequence checks stop until the script selects the mailbox again.
    public private(set) var uncertain = false
    public var pendingSearch: PendingSearch = .sequenceNumbers
    private var expunged: Set<UInt32> = []
    /// UID -> whether the own keyword is set, as the last acknowledged STORE or APPEND left it.
    private var expectations: [UInt32: Bool] = [:]
    /// UIDs with an own-keyword STORE in flight (their FETCH FLAGS may show either state).
    private var storing: Set<UInt32> = []
    /// Messages this session appended (acknowledged) to the mailbox and has not deleted.
    public private(set) var own: Set<UInt32> = []
    /// Own messages with a deletion (\Deleted + EXPUNGE, MOVE) under way: any session may expunge them.
    public private(set) var doomed: Set<UInt32> = []
    /// The stress keywords FETCH showed for each UID during the current command, for the FlagLedger
    /// (at most one entry per FETCH response of one command).
    private var shown: [(uid: UInt32, flags: [Flag])] = []

    public init(ownKeyword: Flag) { self.ownKeyword = ownKeyword }

    public var count: Int { slots.count }
    public var knownUIDs: [UInt32] { slots.compactMap(\.uid) }
    public var unknownCount: Int { slots.lazy.filter { $0.uid == nil }.count }
    public func uid(at sequenceNumber: Int) -> UInt32? {
        sequenceNumber >= 1 && sequenceNumber <= slots.count ? slots[sequenceNumber - 1].uid : nil
    }

    // MARK: what the session does

    /// SELECT sent: the view starts again from the server's answer. Expectations and own messages stay.
    public mutating func selecting() {
        slots = []
        keywords = []
        uncertain = false
        storing = []
    }

    public mutating func storeSent(uid: UInt32) { storing.insert(uid) }

    /// The STORE on `uid` was answered: with OK the own keyword is now `ownKeywordSet` (nil: this
    /// STORE did not touch it); otherwise its state is unknown.
    public mutating func storeAnswered(uid: UInt32, ok: Bool, ownKeywordSet: Bool?) {
        storing.remove(uid)
        guard let ownKeywordSet else { return }
        if ok { expect(uid: uid, ownKeywordSet) } else { expectations.removeValue(forKey: uid) }
    }

    /// APPEND acknowledged with APPENDUID `uid`.
    public mutating func appended(uid: UInt32, ownKeywordSet: Bool) {
        expect(uid: uid, ownKeywordSet)
        Self.bound(&own, limit: Self.ownLimit)
        own.insert(uid)
    }

    /// A deletion of own message `uid` was sent (it may vanish from now on, by any session's EXPUNGE).
    public mutating func deleting(uid: UInt32) { doomed.insert(uid) }

    /// The deletion of `uids` was acknowledged: they are no longer expected anywhere.
    public mutating func deleted(uids: [UInt32]) {
        for uid in uids {
            doomed.remove(uid)
            own.remove(uid)
        }
    }

    /// After NOOP and a FETCH of every message: each own message not being deleted must be in view.
    public func checkOwnMessagesPresent() -> [StressFinding] {
        let present = Set(knownUIDs)
        return own.subtracting(doomed).subtracting(present).sorted().map { uid in
            .found(.ownMessageLost,
                   "own message UID \(uid) not in the view after NOOP (\(count) messages, \(unknownCount) of unknown UID)")
        }
    }

    /// What FETCH showed of the sessions' own keywords since the last call (one command's worth), the
    /// last FETCH of each UID only: a server may answer from the state it last reported and send the
    /// newer flags before the tagged OK; what the session knows when the command completes is the last.
    public mutating func takeShownFlags() -> [(uid: UInt32, flags: [Flag])] {
        defer { shown = [] }
        var last: [UInt32: Int] = [:]
        for (index, entry) in shown.enumerated() { last[entry.uid] = index }
        return shown.enumerated().filter { last[$0.element.uid] == $0.offset }.map(\.element)
    }

    // MARK: what the server says

    public mutating func receive(_ response: UntaggedResponse) -> [StressFinding] {
        switch response {
        case .flags(let flags):
            keywords = Set(flags.filter(\.isKeyword))
            return []
        case .status(.ok, let text):
            guard case .uidValidity(let value) = text.code else { return [] }
            defer { uidValidity = value }
            if let known = uidValidity, known != value {
                return [.found(.uidValidityChanged, "\(known) -> \(value)")]
            }
            return []
        case .exists(let number):
            return exists(Int(number))
        case .expunge(let number):
            return expunge(Int(number.rawValue))
        case .vanished(let earlier, let set):
            return vanished(set, earlier: earlier)
        case .fetch(let number, let attributes):
            return fetch(Int(number.rawValue), attributes)
        case .search(let hits, _):
            return search(hits)
        default:
            return []
        }
    }

    private mutating func exists(_ number: Int) -> [StressFinding] {
        if number < slots.count {
            if uncertain { return [] }
            return [.found(.existsDecreased, "\(number) EXISTS after \(slots.count)")]
        }
        guard number <= Self.messageLimit else {
            return [.found(.modelBound, "\(number) EXISTS > \(Self.messageLimit)")]
        }
        slots.append(contentsOf: repeatElement(Slot(), count: number - slots.count))
        return []
    }

    private mutating func expunge(_ number: Int) -> [StressFinding] {
        guard number >= 1, number <= slots.count else {
            if uncertain { return [] }
            return [.found(.sequenceBeyondCount, "\(number) EXPUNGE with \(slots.count) messages")]
        }
        let slot = slots.remove(at: number - 1)
        guard let uid = slot.uid else { return [] }
        return forget(uid: uid, by: "EXPUNGE")
    }

    private mutating func vanished(_ set: UIDSet, earlier: Bool) -> [StressFinding] {
        var findings: [StressFinding] = []
        // For a message of unknown UID: the UIDs of its nearest known neighbours bound its own.
        var nextKnown = [UInt32](repeating: UInt32.max, count: slots.count)
        var next = UInt32.max
        for index in slots.indices.reversed() {
            nextKnown[index] = next
            if let uid = slots[index].uid { next = uid }
        }
        var kept: [Slot] = []
        kept.reserveCapacity(slots.count)
        var previous: UInt32 = 0
        for (index, slot) in slots.enumerated() {
            if let uid = slot.uid {
                previous = uid
                if set.contains(UID(uid)) {
                    findings += forget(uid: uid, by: "VANISHED")
                    continue
                }
            } else if !earlier {
                let upper = nextKnown[index]
                if set.ranges.contains(where: { $0.lowerBound.rawValue < upper && $0.upperBound.rawValue > previous }) {
                    uncertain = true
                }
            }
            kept.append(slot)
        }
        slots = kept
        return findings
    }

    private mutating func forget(uid: UInt32, by response: String) -> [StressFinding] {
        Self.bound(&expunged, limit: Self.expungedLimit)
        expunged.insert(uid)
        expectations.removeValue(forKey: uid)
        guard own.contains(uid) else { return [] }
        own.remove(uid)
        if doomed.remove(uid) != nil { return [] }
        return [.found(.ownMessageLost, "own message UID \(uid) expunged (\(response)) though this session did not delete it")]
    }

    private mutating func fetch(_ number: Int, _ attributes: [MessageAttribute]) -> [StressFinding] {
        var findings: [StressFinding] = []
        var flags: [Flag]?
        var uid: UInt32?
        for attribute in attributes {
            switch attribute {
            case .flags(let list): flags = list
            case .uid(let value): uid = value.rawValue
            default: break
            }
        }
        let index = number - 1
        let inRange = number >= 1 && number <= slots.count
        if !inRange && !uncertain {
            findings.append(.found(.sequenceBeyondCount, "\(number) FETCH with \(slots.count) messages"))
        }
        if let uid, expunged.contains(uid) {
            findings.append(.found(.uidReappeared, "\(number) FETCH (UID \(uid)) after that UID was expunged"))
        }
        if let uid, inRange, !uncertain {
            findings += learn(uid: uid, at: index, number: number)
        }
        let knownUID = uid ?? (inRange && !uncertain ? slots[index].uid : nil)
        guard let flags else { return findings }
        let unannounced = flags.filter { $0.isKeyword && !keywords.contains($0) }
        if !unannounced.isEmpty {
            let names = unannounced.map(\.rawValue).joined(separator: " ")
            let known = keywords.map(\.rawValue).sorted().joined(separator: " ")
            findings.append(.found(.keywordNotAnnounced, "\(number) FETCH FLAGS has \(names); FLAGS announced (\(known))"))
        }
        if let knownUID {
            shown.append((knownUID, flags.filter { $0.rawValue.lowercased().hasPrefix("$stress") }))
        }
        if flags.contains(.recent) {
            if let knownUID { findings.append(.recent(uid: knownUID)) } else if inRange { slots[index].pendingRecent = true }
        }
        if let knownUID, !storing.contains(knownUID), let expected = expectations[knownUID] {
            let shown = flags.contains(ownKeyword)
            if shown != expected {
                let detail = "UID \(knownUID) FETCH FLAGS \(shown ? "has" : "lacks") \(ownKeyword)"
                    + " after this session \(expected ? "set" : "cleared") it"
                findings.append(.found(.ownFlagWrong, detail))
            }
        }
        return findings
    }

    /// FETCH told the UID at `index`: it must agree with what is known there and ascend with its neighbours.
    private mutating func learn(uid: UInt32, at index: Int, number: Int) -> [StressFinding] {
        if let known = slots[index].uid {
            guard known != uid else { return [] }
            return [.found(.uidMismatch, "\(number) FETCH (UID \(uid)) but message \(number) is UID \(known)")]
        }
        if index > 0, let below = slots[index - 1].uid, below >= uid {
            return [.found(.uidMismatch, "\(number) FETCH (UID \(uid)) after message \(number - 1) UID \(below)")]
        }
        if index + 1 < slots.count, let above = slots[index + 1].uid, above <= uid {
            return [.found(.uidMismatch, "\(number) FETCH (UID \(uid)) before message \(number + 1) UID \(above)")]
        }
        slots[index].uid = uid
        if slots[index].pendingRecent {
            slots[index].pendingRecent = false
            return [.recent(uid: uid)]
        }
        return []
    }

    private func search(_ hits: [UInt32]) -> [StressFinding] {
        switch pendingSearch {
        case .sequenceNumbers:
            guard !uncertain, let beyond = hits.first(where: { $0 == 0 || Int($0) > slots.count }) else { return [] }
            return [.found(.sequenceBeyondCount, "SEARCH hit \(beyond) with \(slots.count) messages")]
        case .uids, .uidsWithOwnKeyword:
            var findings: [StressFinding] = []
            if let back = hits.first(where: { expunged.contains($0) }) {
                findings.append(.found(.uidReappeared, "UID SEARCH hit \(back) after that UID was expunged"))
            }
            guard pendingSearch == .uidsWithOwnKeyword else { return findings }
            let found = Set(hits)
            for uid in knownUIDs where !doomed.contains(uid) {
                guard let expected = expectations[uid], expected != found.contains(uid) else { continue }
                let detail = "UID SEARCH KEYWORD \(ownKeyword) \(expected ? "misses" : "finds") UID \(uid)"
                findings.append(.found(.ownFlagWrong, detail))
            }
            return findings
        }
    }

    private mutating func expect(uid: UInt32, _ set: Bool) {
        if expectations.count >= Self.ownLimit {
            let keep = expectations.keys.sorted().suffix(Self.ownLimit / 2)
            expectations = Dictionary(uniqueKeysWithValues: keep.map { ($0, expectations[$0]!) })
        }
        expectations[uid] = set
    }

    private static func bound(_ set: inout Set<UInt32>, limit: Int) {
        if set.count >= limit { set = Set(set.sorted().suffix(limit / 2)) }
    }
}
