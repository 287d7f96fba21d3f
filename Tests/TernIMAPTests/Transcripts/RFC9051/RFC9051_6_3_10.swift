// RFC 9051 §6.3.10 NAMESPACE Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_10 = RFCTranscript(
        reference: "RFC 9051 §6.3.10 NAMESPACE Command",
        text: ##"""
            # joined: examples 4 and 6 wrap the NAMESPACE response; namespace descriptions follow each other without SP
            # (namespace = nil / "(" 1*namespace-descr ")"), so example 4 is joined without one.
            C: A001 NAMESPACE
            S: * NAMESPACE (("" "/")) NIL NIL
            S: A001 OK NAMESPACE command completed
            C: A001 NAMESPACE
            S: * NAMESPACE NIL NIL (("" "."))
            S: A001 OK NAMESPACE command completed
            C: A001 NAMESPACE
            S: * NAMESPACE (("" "/")) NIL (("Public Folders/" "/"))
            S: A001 OK NAMESPACE command completed
            C: A001 NAMESPACE
            S: * NAMESPACE (("" "/")) (("~" "/")) (("#shared/" "/")("#public/" "/")("#ftp/" "/")("#news." "."))
            S: A001 OK NAMESPACE command completed
            C: A001 NAMESPACE
            # malformed: two spaces before the last NIL; the grammar requires exactly one SP.
            S?: * NAMESPACE (("INBOX." ".")) NIL  NIL
            S: A001 OK NAMESPACE command completed
            C: A002 CREATE "INBOX.Sent Mail"
            S: A002 OK CREATE command completed
            C: A001 NAMESPACE
            S: * NAMESPACE (("" "/")("#mh/" "/" "X-PARAM" ("FLAG1" "FLAG2"))) NIL NIL
            S: A001 OK NAMESPACE command completed
            C: A002 LIST (SPECIAL-USE) "" "*"
            S: * LIST (\NonExistent \Archive) "/" Archives
            S: * LIST (\NonExistent \Drafts) "/" Drafts
            S: * LIST (\NonExistent \Junk) "/" Junk
            S: * LIST (\NonExistent \Sent) "/" "Sent Mail"
            S: * LIST (\NonExistent \Trash) "/" "Deleted Items"
            S: A002 OK LIST Completed
            C: A003 LIST (SPECIAL-USE) "#mh/" "*"
            S: * LIST (\NonExistent \Archive) "/" "#mh/Archives"
            S: * LIST (\NonExistent \Drafts) "/" "#mh/Drafts"
            S: * LIST (\NonExistent \Junk) "/" "#mh/Junk"
            S: * LIST (\NonExistent \Sent) "/" "#mh/Sent Mail"
            S: * LIST (\NonExistent \Trash) "/" "#mh/Deleted Items"
            S: A003 OK LIST Completed
            C: A004 CREATE "Sent Mail"
            S: A004 OK CREATE command completed
            C: A005 CREATE "Delete Items"
            S: A005 OK CREATE command completed
            C: A006 CREATE "#mh/Deleted Items"
            S: A006 OK CREATE command completed
            C: A001 NAMESPACE
            S: * NAMESPACE (("" "/")) (("Other Users/" "/")) NIL
            S: A001 OK NAMESPACE command completed
            C: A002 LIST "" "Other Users/%"
            S: * LIST () "/" "Other Users/Mike"
            S: * LIST () "/" "Other Users/Karen"
            S: * LIST () "/" "Other Users/Matthew"
            S: * LIST () "/" "Other Users/Tesa"
            S: A002 OK LIST command completed
            C: A001 NAMESPACE
            S: * NAMESPACE (("" "/")) (("#Users/" "/")) NIL
            S: A001 OK NAMESPACE command completed
            C: A002 LIST "" "#Users/%"
            S: A002 NO The requested item could not be found.
            C: A003 LIST "" "#Users/Mike/%"
            S: * LIST () "/" "#Users/Mike/INBOX"
            S: * LIST () "/" "#Users/Mike/Foo"
            S: A003 OK LIST command completed.
            C: A001 NAMESPACE
            S: * NAMESPACE (("" "/")) (("~" "/")) NIL
            S: A001 OK NAMESPACE command completed
            C: A002 LIST "" "~mark/%"
            S: * LIST () "/" "~mark/INBOX"
            S: * LIST () "/" "~mark/foo"
            S: A002 OK LIST command completed
            """##
    )
}
