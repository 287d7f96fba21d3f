// RFC 9051 §7.4.1 EXISTS Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_4_1 = RFCTranscript(
        reference: "RFC 9051 §7.4.1 EXISTS Response",
        text: ##"""
            S: * 23 EXISTS
            """##
    )
}
