// RFC 3501 §7.1.4 PREAUTH Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_1_4 = RFCTranscript(
        reference: "RFC 3501 §7.1.4 PREAUTH Response",
        text: ##"""
            S: * PREAUTH IMAP4rev1 server logged in as Smith
            """##
    )
}
