// RFC 3501 §6.4.3 EXPUNGE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_4_3 = RFCTranscript(
        reference: "RFC 3501 §6.4.3 EXPUNGE Command",
        text: ##"""
            C: A202 EXPUNGE
            S: * 3 EXPUNGE
            S: * 3 EXPUNGE
            S: * 5 EXPUNGE
            S: * 8 EXPUNGE
            S: A202 OK EXPUNGE completed
            """##
    )
}
