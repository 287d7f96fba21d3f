// RFC 3501 §7.1.1 OK Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_7_1_1 = RFCTranscript(
        reference: "RFC 3501 §7.1.1 OK Response",
        text: ##"""
            S: * OK IMAP4rev1 server ready
            C: A001 LOGIN fred blurdybloop
            S: * OK [ALERT] System shutdown in 10 minutes
            S: A001 OK LOGIN Completed
            """##
    )
}
