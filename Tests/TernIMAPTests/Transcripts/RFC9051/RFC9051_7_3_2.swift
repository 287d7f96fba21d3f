// RFC 9051 §7.3.2 NAMESPACE Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_3_2 = RFCTranscript(
        reference: "RFC 9051 §7.3.2 NAMESPACE Response",
        text: ##"""
            S: * NAMESPACE (("" "/")) (("~" "/")) NIL
            """##
    )
}
