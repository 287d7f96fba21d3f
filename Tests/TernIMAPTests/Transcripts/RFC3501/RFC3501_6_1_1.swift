// RFC 3501 §6.1.1 CAPABILITY Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_1_1 = RFCTranscript(
        reference: "RFC 3501 §6.1.1 CAPABILITY Command",
        text: ##"""
            # joined: the RFC wraps the first CAPABILITY response over two lines for layout.
            C: abcd CAPABILITY
            S: * CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED
            S: abcd OK CAPABILITY completed
            C: efgh STARTTLS
            S: efgh OK STARTLS completed
            # <TLS negotiation, further commands are under [TLS] layer>
            C: ijkl CAPABILITY
            S: * CAPABILITY IMAP4rev1 AUTH=GSSAPI AUTH=PLAIN
            S: ijkl OK CAPABILITY completed
            """##
    )
}
