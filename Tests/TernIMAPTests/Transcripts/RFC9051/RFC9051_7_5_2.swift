// RFC 9051 §7.5.2 FETCH Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_5_2 = RFCTranscript(
        reference: "RFC 9051 §7.5.2 FETCH Response",
        text: ##"""
            S: * 23 FETCH (FLAGS (\Seen) RFC822.SIZE 44827 UID 447)
            """##
    )
}
