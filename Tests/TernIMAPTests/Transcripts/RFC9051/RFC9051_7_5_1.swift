// RFC 9051 §7.5.1 EXPUNGE Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_5_1 = RFCTranscript(
        reference: "RFC 9051 §7.5.1 EXPUNGE Response",
        text: ##"""
            S: * 44 EXPUNGE
            """##
    )
}
