// RFC 9051 §7.2.1 ENABLED Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_2_1 = RFCTranscript(
        reference: "RFC 9051 §7.2.1 ENABLED Response",
        text: ##"""
            S: * ENABLED CONDSTORE QRESYNC
            """##
    )
}
