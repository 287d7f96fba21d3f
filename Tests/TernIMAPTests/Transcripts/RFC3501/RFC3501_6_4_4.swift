// RFC 3501 §6.4.4 SEARCH Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_4_4 = RFCTranscript(
        reference: "RFC 3501 §6.4.4 SEARCH Command",
        text: ##"""
            C: A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"
            S: * SEARCH 2 84 882
            S: A282 OK SEARCH completed
            C: A283 SEARCH TEXT "string not in mailbox"
            S: * SEARCH
            S: A283 OK SEARCH completed
            C: A284 SEARCH CHARSET UTF-8 TEXT {6}
            C: XXXXXX
            S: * SEARCH 43
            S: A284 OK SEARCH completed
            """##
    )
}
