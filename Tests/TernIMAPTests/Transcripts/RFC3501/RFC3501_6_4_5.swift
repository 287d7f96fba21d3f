// RFC 3501 §6.4.5 FETCH Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_4_5 = RFCTranscript(
        reference: "RFC 3501 §6.4.5 FETCH Command",
        text: ##"""
            C: A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])
            # malformed: the RFC elides the FETCH data as "....", which is not msg-att.
            S?: * 2 FETCH ....
            S?: * 3 FETCH ....
            S?: * 4 FETCH ....
            S: A654 OK FETCH completed
            """##
    )
}
