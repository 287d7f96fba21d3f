// RFC 3501 §7.2.1 CAPABILITY Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_2_1 = RFCTranscript(
        reference: "RFC 3501 §7.2.1 CAPABILITY Response",
        text: ##"""
            S: * CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI XPIG-LATIN
            """##
    )
}
