// RFC 9051 §6.3.8 UNSUBSCRIBE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_8 = RFCTranscript(
        reference: "RFC 9051 §6.3.8 UNSUBSCRIBE Command",
        text: ##"""
            C: A002 UNSUBSCRIBE #news.comp.mail.mime
            S: A002 OK UNSUBSCRIBE completed
            """##
    )
}
