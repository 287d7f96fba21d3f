// RFC 9051 §7.1.4 PREAUTH Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_1_4 = RFCTranscript(
        reference: "RFC 9051 §7.1.4 PREAUTH Response",
        text: ##"""
            S: * PREAUTH IMAP4rev2 server logged in as Smith
            """##
    )
}
