import TernIMAP
import TernMail

/// What one session has told its client about the selected mailbox, and the untagged updates that
/// bring the client from there to a newer `MailboxView`. Pure.
///
/// The tracker's `messages` are the messages as announced: their positions are the sequence numbers
/// the client knows. `update(to:...)` compares them with a new view and returns, in this order:
/// expunges (`* n EXPUNGE` from the highest sequence number down, so each number is still valid
/// when the client reads it; or one `* VANISHED` with QRESYNC), `* n EXISTS` (and `* n RECENT`) when
/// messages arrived, and `* n FETCH (FLAGS ...)` for changed flags (with `MODSEQ` once CONDSTORE is
/// enabled and `UID` with QRESYNC).
///
/// When expunges may not be sent (during FETCH, STORE and SEARCH, RFC 9051 §7.5.1), expunged
/// messages stay in `messages` as they were announced until a later update may expunge them.
///
/// Keywords: the tracker remembers the keywords announced in FLAGS (at SELECT, then here). Before
/// a FETCH that would show a keyword the client was not told about, whether this session or another
/// set it, it sends `* FLAGS` and `* OK [PERMANENTFLAGS ...]` listing it (RFC 3501 §7.2.6, RFC 9051
/// §7.3.5); announced keywords stay announced.
///
/// \Recent rule: a message is recent in a session if it arrived after the previous read-write SELECT
/// of the mailbox (the floor `Mailbox.claimRecent` keeps in storage) or while the session had the
/// mailbox selected; every session that has the mailbox selected sees a new arrival as recent.
public struct SelectedMailboxTracker: Sendable {
    public struct Options: Hashable, Sendable {
        public var condstore: Bool
        public var qresync: Bool

        public init(condstore: Bool = false, qresync: Bool = false) {
            self.condstore = condstore
            self.qresync = qresync
        }
    }

    public enum Outcome: Hashable, Sendable {
        case updates([UntaggedResponse])
        /// The view's UIDVALIDITY moved (or its UIDs no longer extend what was announced): the client
        /// must resynchronise; the session ends with BYE.
        case uidValidityChanged
    }

    public private(set) var uidValidity: UInt32
    public private(set) var uidNext: UInt32
    public private(set) var highestModSeq: UInt64
    /// As announced, in sequence order (ascending UID).
    public private(set) var messages: [MailboxView.Message]
    private var recentUIDs: Set<UInt32> = []
    /// Keywords announced in FLAGS, sorted, and the same as a set (Flag compares case-insensitively).
    public private(set) var keywords: [Flag]
    private var keywordSet: Set<Flag>
    /// Read-only selection (EXAMINE): PERMANENTFLAGS stays empty and is not re-sent.
    private let readOnly: Bool
    /// Set by `compact()` while the session idles: the announced UIDs and their MODSEQs stand in
    /// for `messages` until the next `update`.
    private var compacted: (uids: [UInt32], modSeqs: [UInt64])?
    /// Expunged messages kept in the numbering (FETCH/STORE/SEARCH by sequence number) until a
    /// command may report them.
    private var holdsExpunged = false

    /// - Parameter recentFrom: messages with a UID at or above it are recent in this session (the
    ///   floor `Mailbox.claimRecent` returned at SELECT); nil: none is.
    /// - Parameter readOnly: EXAMINE (no PERMANENTFLAGS update when keywords appear).
    public init(view: MailboxView, recentFrom: UInt32? = nil, readOnly: Bool = false) {
        keywords = Self.keywords(in: view.messages)
        keywordSet = Set(keywords)
        self.readOnly = readOnly
        uidValidity = view.uidValidity
        uidNext = view.uidNext
        highestModSeq = view.highestModSeq
        messages = view.messages
        if let recentFrom { recentUIDs = Set(view.messages.lazy.map(\.uid).filter { $0 >= recentFrom }) }
    }

    public var count: Int { messages.count }

    /// The HIGHESTMODSEQ a response code may announce now. While expunges are held back it is the
    /// highest MODSEQ among the messages the client was shown: an unreported expunge stays above
    /// it, so a later CHANGEDSINCE or QRESYNC from this value still reports it (RFC 7162 3.2.10).
    public var reportableHighestModSeq: UInt64 {
        guard holdsExpunged else { return highestModSeq }
        return messages.lazy.map(\.modSeq).max() ?? 0
    }

    /// In the idle form (`compact()`) until the next `update`: it then answers no sequence numbers.
    public var isCompacted: Bool { compacted != nil }
    public var uids: [UInt32] { messages.map(\.uid) }
    public var recentCount: Int { recentUIDs.count }

    public func isRecent(uid: UInt32) -> Bool { recentUIDs.contains(uid) }

    /// The query view of the messages at `positions` (0-based).
    public func queryMessages(at positions: [Int]) -> [QueryMessage] {
        positions.map { queryMessage(at: $0) }
    }

    public func queryMessage(at position: Int) -> QueryMessage {
        let message = messages[position]
        return QueryMessage(
            sequenceNumber: UInt32(position + 1), message: message, isRecent: recentUIDs.contains(message.uid))
    }

    /// All messages as `QueryMessage`s, in sequence order.
    public var allQueryMessages: [QueryMessage] {
        queryMessages(at: Array(messages.indices))
    }

    /// The flags to show for `message` in this session (`\Recent` added when recent).
    public func flags(of message: MailboxView.Message) -> [Flag] {
        var flags = message.flags.map(Flag.init)
        if recentUIDs.contains(message.uid) { flags.append(.recent) }
        return flags
    }

    /// - Parameters:
    ///   - allowExpunge: false while answering FETCH, STORE or SEARCH by sequence number.
    ///   - forceFetch: UIDs whose FLAGS are reported even when unchanged (STORE without .SILENT).
    ///   - silent: UIDs whose flag changes are not reported (STORE .SILENT).
    ///   - includeUID: FETCH updates carry `UID` (UID STORE, QRESYNC).
    ///   - recentFloor: arrivals with a UID at or above it are \Recent here; those below were
    ///     claimed by another session (`Mailbox.claimRecent`, RFC 3501 2.3.2).
    public mutating func update(
        to view: MailboxView, options: Options, allowExpunge: Bool = true, forceFetch: Set<UInt32> = [],
        silent: Set<UInt32> = [], includeUID: Bool = false, recentFloor: UInt32 = 0
    ) -> Outcome {
        guard view.uidValidity == uidValidity else { return .uidValidityChanged }
        if let compacted {
            self.compacted = nil
            return update(from: compacted, to: view, options: options, recentFloor: recentFloor)
        }
        var kept: [MailboxView.Message] = []
        kept.reserveCapacity(max(messages.count, view.messages.count))
        var expungedSequenceNumbers: [UInt32] = []
        var vanished: [UInt32] = []
        var changed: [Int] = []  // positions in `kept`
        var newIndex = 0
        var keptGhosts = false
        var newKeywords: [Flag] = []
        let incoming = view.messages
        for (oldPosition, old) in messages.enumerated() {
            while newIndex < incoming.count && incoming[newIndex].uid < old.uid {
                // A UID below an announced one appeared: only possible across a UIDVALIDITY change.
                return .uidValidityChanged
            }
            if newIndex < incoming.count && incoming[newIndex].uid == old.uid {
                let current = incoming[newIndex]
                newIndex += 1
                if current.flags != old.flags { noteKeywords(of: current, into: &newKeywords) }
                let differs = current.flags != old.flags || (options.condstore && current.modSeq != old.modSeq)
                if (differs || forceFetch.contains(current.uid)) && !silent.contains(current.uid) {
                    changed.append(kept.count)
                }
                kept.append(current)
            } else if allowExpunge {
                expungedSequenceNumbers.append(UInt32(oldPosition + 1))
                vanished.append(old.uid)
                recentUIDs.remove(old.uid)
            } else {
                kept.append(old)
                keptGhosts = true
            }
        }
        var arrived = 0
        while newIndex < incoming.count {
            let message = incoming[newIndex]
            newIndex += 1
            if let last = kept.last, message.uid <= last.uid { return .uidValidityChanged }
            kept.append(message)
            if message.uid >= recentFloor { recentUIDs.insert(message.uid) }
            noteKeywords(of: message, into: &newKeywords)
            arrived += 1
        }
        var responses = membershipResponses(
            expunged: expungedSequenceNumbers, vanished: vanished, arrived: arrived, count: kept.count,
            existing: incoming, options: options)
        // Without held-back expunges the list is exactly the view's: share its storage with the
        // mailbox (and every other session on the same view) instead of keeping a copy.
        messages = keptGhosts ? kept : incoming
        holdsExpunged = keptGhosts
        uidNext = max(uidNext, view.uidNext)
        highestModSeq = max(highestModSeq, view.highestModSeq)
        responses.append(contentsOf: announce(newKeywords))
        for position in changed {
            responses.append(
                .fetch(
                    SequenceNumber(UInt32(position + 1)),
                    fetchAttributes(of: kept[position], options: options, includeUID: includeUID)))
        }
        return .updates(responses)
    }

    /// EXPUNGE (or VANISHED with QRESYNC, its ranges compacted over the `existing` messages), then
    /// EXISTS and RECENT when messages arrived.
    private func membershipResponses(
        expunged: [UInt32], vanished: [UInt32], arrived: Int, count: Int, existing: [MailboxView.Message],
        options: Options
    ) -> [UntaggedResponse] {
        var responses: [UntaggedResponse] = []
        if options.qresync {
            if !vanished.isEmpty, let set = UIDSet.compacting(vanished, over: existing.map(\.uid)) {
                responses.append(.vanished(earlier: false, set))
            }
        } else {
            for number in expunged.reversed() { responses.append(.expunge(SequenceNumber(number))) }
        }
        if arrived > 0 {
            responses.append(.exists(UInt32(count)))
            responses.append(.recent(UInt32(recentUIDs.count)))
        }
        return responses
    }

    /// `UID`, `FLAGS` and `MODSEQ` of an unsolicited or STORE FETCH response.
    public func fetchAttributes(
        of message: MailboxView.Message, options: Options, includeUID: Bool
    ) -> [MessageAttribute] {
        var attributes: [MessageAttribute] = []
        if includeUID || options.qresync { attributes.append(.uid(UID(message.uid))) }
        attributes.append(.flags(flags(of: message)))
        if options.condstore || options.qresync { attributes.append(.modSeq(ModSeq(message.modSeq))) }
        return attributes
    }

    // MARK: - Keywords

    /// The keywords of `messages`, sorted (what SELECT announces in FLAGS).
    public static func keywords(in messages: [MailboxView.Message]) -> [Flag] {
        var found = Set<Flag>()
        var keywords: [Flag] = []
        for message in messages {
            for raw in message.flags {
                let flag = Flag(raw)
                if flag.isKeyword && found.insert(flag).inserted { keywords.append(flag) }
            }
        }
        return keywords.sorted { $0.rawValue < $1.rawValue }
    }

    /// Collects the keywords of `message` that FLAGS has not announced yet.
    private func noteKeywords(of message: MailboxView.Message, into found: inout [Flag]) {
        for raw in message.flags {
            let flag = Flag(raw)
            if flag.isKeyword && !keywordSet.contains(flag) && !found.contains(flag) { found.append(flag) }
        }
    }

    /// `* FLAGS` and `* OK [PERMANENTFLAGS]` with `found` added, or nothing when it is empty.
    private mutating func announce(_ found: [Flag]) -> [UntaggedResponse] {
        guard !found.isEmpty else { return [] }
        keywordSet.formUnion(found)
        keywords = keywordSet.sorted { $0.rawValue < $1.rawValue }
        var responses: [UntaggedResponse] = [.flags(SelectResponses.systemFlags + keywords)]
        if !readOnly {
            responses.append(
                .status(
                    .ok,
                    ResponseText(
                        code: .permanentFlags(SelectResponses.systemFlags + keywords + [.wildcard]),
                        text: "Flags permitted")))
        }
        return responses
    }

    // MARK: - Idle form

    /// Keeps only what reporting updates needs, UIDs and MODSEQs (12 bytes a message), while the
    /// session idles and its mailbox is released. Only IDLE compacts, and it reports expunges, so
    /// the next `update` has no held-back expunge to keep.
    public mutating func compact() {
        guard compacted == nil else { return }
        compacted = (messages.map(\.uid), messages.map(\.modSeq))
        messages = []
    }

    /// `update` from the idle form: a changed MODSEQ stands for changed flags (an unsolicited
    /// FETCH FLAGS with unchanged flags is allowed, RFC 3501 7.4.2); expunges are reported.
    private mutating func update(
        from announced: (uids: [UInt32], modSeqs: [UInt64]), to view: MailboxView, options: Options,
        recentFloor: UInt32
    ) -> Outcome {
        var expungedSequenceNumbers: [UInt32] = []
        var vanished: [UInt32] = []
        var changed: [Int] = []  // positions in the view
        var newIndex = 0
        var newKeywords: [Flag] = []
        let incoming = view.messages
        for (oldPosition, uid) in announced.uids.enumerated() {
            if newIndex < incoming.count && incoming[newIndex].uid < uid { return .uidValidityChanged }
            if newIndex < incoming.count && incoming[newIndex].uid == uid {
                if incoming[newIndex].modSeq != announced.modSeqs[oldPosition] {
                    changed.append(newIndex)
                    noteKeywords(of: incoming[newIndex], into: &newKeywords)
                }
                newIndex += 1
            } else {
                expungedSequenceNumbers.append(UInt32(oldPosition + 1))
                vanished.append(uid)
                recentUIDs.remove(uid)
            }
        }
        let arrived = incoming.count - newIndex
        if let lastKept = announced.uids.last, arrived > 0, incoming[newIndex].uid <= lastKept {
            return .uidValidityChanged
        }
        for message in incoming[newIndex...] {
            if message.uid >= recentFloor { recentUIDs.insert(message.uid) }
            noteKeywords(of: message, into: &newKeywords)
        }
        var responses = membershipResponses(
            expunged: expungedSequenceNumbers, vanished: vanished, arrived: arrived, count: incoming.count,
            existing: incoming, options: options)
        messages = incoming
        holdsExpunged = false
        uidNext = max(uidNext, view.uidNext)
        highestModSeq = max(highestModSeq, view.highestModSeq)
        responses.append(contentsOf: announce(newKeywords))
        for position in changed {
            responses.append(
                .fetch(
                    SequenceNumber(UInt32(position + 1)),
                    fetchAttributes(of: incoming[position], options: options, includeUID: false)))
        }
        return .updates(responses)
    }
}
