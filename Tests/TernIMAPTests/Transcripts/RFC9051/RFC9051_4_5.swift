// RFC 9051 §4.5 NIL: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_4_5 = RFCTranscript(
        reference: "RFC 9051 §4.5 NIL",
        text: ##"""
            # The RFC shows these responses without the "S:" prefix.
            S: * LIST () "/" NIL
            S: * LIST () "/" "NIL"
            # malformed: message-data is nz-number SP "FETCH" ...; these examples put FETCH before the number.
            S?: * FETCH 1 (BODY[1] NIL)
            S?: * FETCH 1 (BODY[1] "NIL")
            """##
    )
}
