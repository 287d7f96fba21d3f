// RFC 3501 §6.3.6 SUBSCRIBE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_6 = RFCTranscript(
        reference: "RFC 3501 §6.3.6 SUBSCRIBE Command",
        text: ##"""
            C: A002 SUBSCRIBE #news.comp.mail.mime
            S: A002 OK SUBSCRIBE completed
            """##
    )
}
