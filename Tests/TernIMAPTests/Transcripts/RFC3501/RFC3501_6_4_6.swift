// RFC 3501 §6.4.6 STORE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_4_6 = RFCTranscript(
        reference: "RFC 3501 §6.4.6 STORE Command",
        text: ##"""
            C: A003 STORE 2:4 +FLAGS (\Deleted)
            S: * 2 FETCH (FLAGS (\Deleted \Seen))
            S: * 3 FETCH (FLAGS (\Deleted))
            S: * 4 FETCH (FLAGS (\Deleted \Flagged \Seen))
            S: A003 OK STORE completed
            """##
    )
}
