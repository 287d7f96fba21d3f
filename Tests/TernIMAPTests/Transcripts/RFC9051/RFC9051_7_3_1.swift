// RFC 9051 §7.3.1 LIST Response: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_3_1 = RFCTranscript(
        reference: "RFC 9051 §7.3.1 LIST Response",
        text: ##"""
            # joined: the extended-data examples are wrapped in the RFC; joined with single spaces.
            S: * LIST (\Noselect) "/" ~/Mail/foo
            S: * LIST (\Marked) ":" Tables (tablecloth (("edge" "lacy") ("color" "red")) Sample "text")
            S: * LIST () ":" Tables:new (tablecloth ("edge" "lacy") Sample ("text" "more text"))
            """##
    )
}
