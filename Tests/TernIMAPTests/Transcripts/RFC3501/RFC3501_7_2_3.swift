// RFC 3501 §7.2.3 LSUB Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_2_3 = RFCTranscript(
        reference: "RFC 3501 §7.2.3 LSUB Response",
        text: ##"""
            S: * LSUB () "." #news.comp.mail.misc
            """##
    )
}
