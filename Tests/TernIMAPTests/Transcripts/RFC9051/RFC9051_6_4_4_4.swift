// RFC 9051 §6.4.4.4 Examples Showing Use of the SAVE Result Option: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_4_4_4 = RFCTranscript(
        reference: "RFC 9051 §6.4.4.4 Examples Showing Use of the SAVE Result Option",
        text: ##"""
            # joined: the SEARCH commands are wrapped in the RFC. "//" comments of the RFC are dropped.
            # Example 1
            C: A282 SEARCH RETURN (SAVE) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"
            S: A282 OK SEARCH completed, result saved
            C: A283 FETCH $ (UID INTERNALDATE FLAGS BODY.PEEK[HEADER])
            # malformed: "..." elides the rest of each FETCH response.
            S?: * 2 FETCH (UID 14 ...
            S?: * 84 FETCH (UID 100 ...
            S?: * 882 FETCH (UID 1115 ...
            S: A283 OK completed
            # Example 2
            C: A282 SEARCH RETURN (SAVE) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"
            C: A283 FETCH $ (UID INTERNALDATE FLAGS BODY.PEEK[HEADER])
            S: A282 OK SEARCH completed
            # malformed: "..." elides the rest of each FETCH response.
            S?: * 2 FETCH (UID 14 ...
            S?: * 84 FETCH (UID 100 ...
            S?: * 882 FETCH (UID 1115 ...
            S: A283 OK completed
            # Example 3
            C: A300 SEARCH RETURN (SAVE) SINCE 1-Jan-2004 NOT FROM "Smith"
            S: A300 OK SEARCH completed
            C: A301 UID SEARCH UID $ SMALLER 4096
            S: * ESEARCH (TAG "A301") UID ALL 17,900,901
            S: A301 OK completed
            C: A301 UID SEARCH $ SMALLER 4096
            # Example 4
            C: P282 SEARCH RETURN (SAVE) SINCE 1-Feb-1994 NOT FROM "Smith"
            S: P282 OK SEARCH completed
            C: P283 SEARCH CHARSET UTF-8 (OR $ 1,3000:3021) TEXT {8+}
            C: мать
            S: * ESEARCH (TAG "P283") ALL 882,1102,3003,3005:3006
            S: P283 OK completed
            # Example 5
            # "[BADCHARSET UTF-8]" lacks the parentheses of the BADCHARSET rule; it still matches the generic
            # `atom [SP 1*<any TEXT-CHAR except "]">]` alternative of resp-text-code and is kept as such.
            C: B282 SEARCH RETURN (SAVE) SINCE 1-Feb-1994 NOT FROM "Smith"
            S: B282 OK SEARCH completed
            C: B283 SEARCH RETURN (SAVE) CHARSET KOI8-R (OR $ 1,3000:3021) TEXT {4}
            C: XXXX
            S: B283 NO [BADCHARSET UTF-8] KOI8-R is not supported
            # Example 6
            C: E282 SEARCH RETURN (SAVE) SINCE 28-Oct-2006 NOT FROM "Eric"
            C: E283 COPY $ "Other Messages"
            S: E282 OK SEARCH completed
            S: E283 OK COPY completed, nothing copied
            # Example 7
            C: F282 SEARCH RETURN (SAVE) KEYWORD $Junk
            C: F283 COPY $ "Junk"
            C: F284 STORE $ +FLAGS.Silent (\Deleted)
            S: F282 OK SEARCH completed
            S: F283 OK COPY completed
            S: F284 OK STORE completed
            # Example 8
            C: G282 SEARCH RETURN (SAVE) KEYWORD $Junk
            C: G283 SEARCH RETURN (ALL) SINCE 28-Oct-2006 FROM "Eric"
            S: * ESEARCH (TAG "G283") ALL 3:15,27,29:103
            S: G283 OK SEARCH completed
            S: G282 OK SEARCH completed
            # Example 9
            C: H282 SEARCH RETURN (SAVE) KEYWORD $Junk
            C: H283 SEARCH RETURN (SAVE) SINCE 28-Oct-2006 FROM "Eric"
            S: H282 OK SEARCH completed
            S: H283 OK SEARCH completed
            # Example 10
            C: C282 SEARCH RETURN (ALL) SINCE 12-Feb-2006 NOT FROM "Smith"
            S: * ESEARCH (TAG "C283") ALL 2,10:15,21
            S: C282 OK SEARCH completed
            C: C283 SEARCH RETURN (ALL SAVE) SINCE 12-Feb-2006 NOT FROM "Smith"
            S: * ESEARCH (TAG "C283") ALL 2,10:15,21
            S: C283 OK SEARCH completed
            C: C284 SEARCH RETURN (SAVE MIN) SINCE 12-Feb-2006 NOT FROM "Smith"
            S: * ESEARCH (TAG "C284") MIN 2
            S: C284 OK SEARCH completed
            C: C285 SEARCH RETURN (MAX SAVE MIN) SINCE 12-Feb-2006 NOT FROM "Smith"
            S: * ESEARCH (TAG "C285") MIN 2 MAX 21
            S: C285 OK SEARCH completed
            C: C286 SEARCH RETURN (MAX SAVE MIN COUNT) SINCE 12-Feb-2006 NOT FROM "Smith"
            S: * ESEARCH (TAG "C286") MIN 2 MAX 21 COUNT 8
            S: C286 OK SEARCH completed
            C: C286 SEARCH RETURN (ALL SAVE MIN) SINCE 12-Feb-2006 NOT FROM "Smith"
            S: * ESEARCH (TAG "C286") MIN 2 ALL 2,10:15,21
            S: C286 OK SEARCH completed
            """##
    )
}
