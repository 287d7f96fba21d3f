// RFC 3501 §6.3.7 UNSUBSCRIBE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_7 = RFCTranscript(
        reference: "RFC 3501 §6.3.7 UNSUBSCRIBE Command",
        text: ##"""
            C: A002 UNSUBSCRIBE #news.comp.mail.mime
            S: A002 OK UNSUBSCRIBE completed
            """##
    )
}
