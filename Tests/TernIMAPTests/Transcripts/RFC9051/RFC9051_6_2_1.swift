// RFC 9051 §6.2.1 STARTTLS Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_2_1 = RFCTranscript(
        reference: "RFC 9051 §6.2.1 STARTTLS Command",
        text: ##"""
            C: a001 CAPABILITY
            S: * CAPABILITY IMAP4rev2 STARTTLS LOGINDISABLED
            S: a001 OK CAPABILITY completed
            C: a002 STARTTLS
            S: a002 OK Begin TLS negotiation now
            # <TLS negotiation, further commands are under TLS layer>
            C: a003 CAPABILITY
            S: * CAPABILITY IMAP4rev2 AUTH=PLAIN
            S: a003 OK CAPABILITY completed
            C: a004 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q=
            S: a004 OK Success (tls protection)
            """##
    )
}
