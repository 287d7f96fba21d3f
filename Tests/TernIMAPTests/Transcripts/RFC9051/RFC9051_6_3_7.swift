// RFC 9051 §6.3.7 SUBSCRIBE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_7 = RFCTranscript(
        reference: "RFC 9051 §6.3.7 SUBSCRIBE Command",
        text: ##"""
            C: A002 SUBSCRIBE #news.comp.mail.mime
            S: A002 OK SUBSCRIBE completed
            """##
    )
}
