// RFC 9051 §6.4.1 CLOSE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_4_1 = RFCTranscript(
        reference: "RFC 9051 §6.4.1 CLOSE Command",
        text: ##"""
            C: A341 CLOSE
            S: A341 OK CLOSE completed
            """##
    )
}
