// RFC 9051 §7.2.2 CAPABILITY Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_2_2 = RFCTranscript(
        reference: "RFC 9051 §7.2.2 CAPABILITY Response",
        text: ##"""
            # joined: the response is wrapped in the RFC.
            S: * CAPABILITY STARTTLS AUTH=GSSAPI IMAP4rev2 LOGINDISABLED XPIG-LATIN
            """##
    )
}
