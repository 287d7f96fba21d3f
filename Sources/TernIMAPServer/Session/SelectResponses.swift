import TernIMAP
import TernMail

/// The untagged responses of a successful SELECT / EXAMINE (RFC 9051 §6.3.2, RFC 3501 §6.3.1,
/// CONDSTORE/QRESYNC RFC 7162 §3.1.2.1 and §3.2.5). Pure.
public enum SelectResponses {
    public static let systemFlags: [Flag] = [.answered, .flagged, .deleted, .seen, .draft]

    public struct Request: Hashable, Sendable {
        public var readOnly: Bool
        /// The QRESYNC parameter of the command, if any.
        public var qresync: QResyncParameter?
        public var options: SelectedMailboxTracker.Options
        /// IMAP4rev2 is enabled: `* LIST` with the mailbox name instead of `[UNSEEN n]` (RFC 9051 §6.3.2);
        /// the encoder drops `* n RECENT`.
        public var imap4rev2Name: MailboxName?
        /// `* n RECENT`: how many messages are recent in this session (see SelectedMailboxTracker).
        public var recentCount: Int
        /// The keywords for FLAGS, when the caller has them (the new tracker's); nil: from the view.
        public var keywords: [Flag]?

        public init(
            readOnly: Bool, qresync: QResyncParameter? = nil, options: SelectedMailboxTracker.Options,
            imap4rev2Name: MailboxName? = nil, recentCount: Int = 0, keywords: [Flag]? = nil
        ) {
            self.recentCount = recentCount
            self.keywords = keywords
            self.readOnly = readOnly
            self.qresync = qresync
            self.options = options
            self.imap4rev2Name = imap4rev2Name
        }
    }

    public static func responses(for view: MailboxView, request: Request) -> [UntaggedResponse] {
        let keywords = request.keywords ?? SelectedMailboxTracker.keywords(in: view.messages)
        var responses: [UntaggedResponse] = [
            .flags(systemFlags + keywords),
            .status(
                .ok,
                ResponseText(
                    code: .permanentFlags(request.readOnly ? [] : systemFlags + keywords + [.wildcard]),
                    text: request.readOnly ? "No permanent flags permitted" : "Flags permitted")),
            .exists(UInt32(view.messages.count)),
            .recent(UInt32(request.recentCount)),
        ]
        if request.imap4rev2Name == nil,
            let firstUnseen = view.messages.firstIndex(where: { !$0.flags.contains(where: { Flag($0) == .seen }) })
        {
            responses.append(
                .status(
                    .ok,
                    ResponseText(code: .unseen(SequenceNumber(UInt32(firstUnseen + 1))), text: "First unseen")))
        }
        responses.append(.status(.ok, ResponseText(code: .uidValidity(view.uidValidity), text: "UIDs valid")))
        responses.append(.status(.ok, ResponseText(code: .uidNext(UID(view.uidNext)), text: "Predicted next UID")))
        // The response code needs a positive value (RFC 7162 `mod-sequence-value`); an empty, never
        // written mailbox has 0.
        responses.append(
            .status(.ok, ResponseText(code: .highestModSeq(ModSeq(max(1, view.highestModSeq))), text: "Highest")))
        if let name = request.imap4rev2Name {
            responses.append(.list(MailboxListItem(attributes: [], delimiter: UInt8(ascii: "/"), mailbox: name)))
        }
        if let qresync = request.qresync, qresync.uidValidity == view.uidValidity {
            responses.append(contentsOf: resynchronisation(view, qresync))
        }
        return responses
    }

    /// QRESYNC: `* VANISHED (EARLIER)` for expunges after the client's MODSEQ (within its known UIDs),
    /// then `* n FETCH (UID FLAGS MODSEQ)` for messages changed after it.
    static func resynchronisation(_ view: MailboxView, _ parameter: QResyncParameter) -> [UntaggedResponse] {
        let since = parameter.modSeq.rawValue
        var responses: [UntaggedResponse] = []
        let vanished = view.vanished.filter { entry in
            guard entry.modSeq > since else { return false }
            guard let known = parameter.knownUIDs else { return true }
            return known.contains(entry.uid, largest: view.uidNext &- 1)
        }
        if !vanished.isEmpty, let set = UIDSet.compacting(vanished.map(\.uid), over: view.messages.map(\.uid)) {
            responses.append(.vanished(earlier: true, set))
        }
        for (position, message) in view.messages.enumerated() where message.modSeq > since {
            var attributes: [MessageAttribute] = [.uid(UID(message.uid)), .flags(message.flags.map(Flag.init))]
            attributes.append(.modSeq(ModSeq(message.modSeq)))
            responses.append(.fetch(SequenceNumber(UInt32(position + 1)), attributes))
        }
        return responses
    }
}
