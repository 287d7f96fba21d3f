// RFC 9051 §6.4.2 UNSELECT Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_4_2 = RFCTranscript(
        reference: "RFC 9051 §6.4.2 UNSELECT Command",
        text: ##"""
            C: A342 UNSELECT
            S: A342 OK Unselect completed
            """##
    )
}
