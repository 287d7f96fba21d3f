// RFC 9051 §6.4.4 SEARCH Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_4_4 = RFCTranscript(
        reference: "RFC 9051 §6.4.4 SEARCH Command",
        text: ##"""
            # joined: the client commands of the first two examples are wrapped in the RFC.
            C: A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"
            S: * ESEARCH (TAG "A282") MIN 2 COUNT 3
            S: A282 OK SEARCH completed
            C: A283 SEARCH RETURN () FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"
            S: * ESEARCH (TAG "A283") ALL 2,10:11
            S: A283 OK SEARCH completed
            C: A284 SEARCH TEXT "string not in mailbox"
            S: * ESEARCH (TAG "A284")
            S: A284 OK SEARCH completed
            C: A285 SEARCH CHARSET UTF-8 TEXT {12}
            S: + Ready for literal text
            C: отпуск
            S: * ESEARCH (TAG "A285") ALL 43
            S: A285 OK SEARCH completed
            C: A284 SEARCH RETURN (MIN) UNSEEN
            S: * ESEARCH (TAG "A284") MIN 4
            S: A284 OK SEARCH completed
            C: A285 UID SEARCH RETURN (MIN MAX) 1:5000
            S: * ESEARCH (TAG "A285") UID MIN 7 MAX 3800
            S: A285 OK SEARCH completed
            C: A286 SEARCH RETURN (COUNT) DELETED
            S: * ESEARCH (TAG "A286") COUNT 15
            S: A286 OK SEARCH completed
            """##
    )
}
