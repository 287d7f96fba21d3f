// RFC 3501 §7.4.1 EXPUNGE Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_4_1 = RFCTranscript(
        reference: "RFC 3501 §7.4.1 EXPUNGE Response",
        text: ##"""
            S: * 44 EXPUNGE
            """##
    )
}
