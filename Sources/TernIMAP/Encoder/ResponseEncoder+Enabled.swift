/// What the client enabled changes which responses may be sent and how flag lists read.
///
/// - IMAP4rev2 (RFC 9051 removed `\Recent` and the RECENT response): `\Recent` is left out of flag lists and
///   `* n RECENT` is not written at all.
/// - QRESYNC (RFC 7162 §3.2.10): `* VANISHED` only after the client enabled QRESYNC.
/// - CONDSTORE (RFC 7162 §3.1): the FETCH `MODSEQ` item and the `(MODSEQ n)` suffix of SEARCH and SORT only
///   once CONDSTORE is enabled (explicitly, or by a CONDSTORE-enabling command, which the session records by
///   setting `options.condstore`). QRESYNC implies CONDSTORE.
/// UTF-8 in strings and mailbox names follows `EncodingOptions.allowsUTF8` (see `StringForm.choose` and
/// `MailboxName.wire`). Response codes are not gated: clients ignore codes they do not know.
extension EncodingOptions {
    var condstoreEnabled: Bool { condstore || qresync }

    /// Why `response` must not be sent in this session, if it must not.
    func refusal(for response: UntaggedResponse) -> String? {
        switch response {
        case .vanished where !qresync:
            return "VANISHED requires QRESYNC to be enabled"
        case .search(_, let modSeq?), .sort(_, let modSeq?):
            return condstoreEnabled ? nil : "(MODSEQ \(modSeq.rawValue)) requires CONDSTORE to be enabled"
        case .fetch(_, let attributes):
            return attributes.lazy.compactMap(refusal(for:)).first
        default:
            return nil
        }
    }

    func refusal(for attribute: MessageAttribute) -> String? {
        if case .modSeq = attribute, !condstoreEnabled {
            return "the MODSEQ FETCH item requires CONDSTORE to be enabled"
        }
        return nil
    }

    /// `\Recent` does not exist in IMAP4rev2.
    func visibleFlags(_ flags: [Flag]) -> [Flag] {
        // Filtered only when there is something to drop: FETCH FLAGS calls this once per message.
        imap4rev2 && flags.contains(.recent) ? flags.filter { $0 != .recent } : flags
    }
}

extension ResponseEncoderError.Code {
    /// The response belongs to an extension the client has not enabled.
    public static let notEnabled = ResponseEncoderError.Code("not-enabled")
}
