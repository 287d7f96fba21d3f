// RFC 9051 §8 Sample IMAP4rev2 Connection: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_8 = RFCTranscript(
        reference: "RFC 9051 §8 Sample IMAP4rev2 Connection",
        text: ##"""
            # joined: the RFC breaks long lines "for editorial clarity". Joined with one SP, except inside base64 data and
            # right after "ENVELOPE (" and between the two cc addresses, where a SP would not be valid grammar.
            S: * OK [CAPABILITY STARTTLS AUTH=SCRAM-SHA-256 LOGINDISABLED IMAP4rev2] IMAP4rev2 Service Ready
            C: a000 starttls
            S: a000 OK Proceed with TLS negotiation
            # <TLS negotiation>
            C: A001 AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8=
            S: + cj1yT3ByTkdmd0ViZVJXZ2JORWtxTyVodllEcFdVYTJSYVRDQWZ1eEZJbGopaE5sRiRrMCxzPVcyMlphSjBTTlk3c29Fc1VFamI2Z1E9PSxpPTQwOTY=
            CA: Yz1iaXdzLHI9ck9wck5HZndFYmVSV2diTkVrcU8laHZZRHBXVWEyUmFUQ0FmdXhGSWxqKWhObEYkazAscD1kSHpiWmFwV0lrNGpVaE4rVXRlOXl0YWc5empmTUhnc3FtbWl6N0FuZFZRPQ==
            S: + dj02cnJpVFJCaTIzV3BSUi93dHVwK21NaFVaVW4vZEI1bkxUSlJzamw5NUc0PQ==
            CA:
            S: A001 OK SCRAM-SHA-256 authentication successful
            C: babc ENABLE IMAP4rev2
            S: * ENABLED IMAP4rev2
            S: babc OK Some capabilities enabled
            C: a002 select inbox
            S: * 18 EXISTS
            S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
            S: * OK [UIDVALIDITY 3857529045] UIDs valid
            S: * LIST () "/" INBOX ("OLDNAME" ("inbox"))
            S: a002 OK [READ-WRITE] SELECT completed
            C: a003 fetch 12 full
            S: * 12 FETCH (FLAGS (\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4286 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev2 WG mtg summary and minutes" (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL "<B27397-0100000@cac.washington.ed>") BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))
            S: a003 OK FETCH completed
            C: a004 fetch 12 body[header]
            S: * 12 FETCH (BODY[HEADER] {342}
            S: Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)
            S: From: Terry Gray <gray@cac.washington.edu>
            S: Subject: IMAP4rev2 WG mtg summary and minutes
            S: To: imap@cac.washington.edu
            S: cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>
            S: Message-Id: <B27397-0100000@cac.washington.edu>
            S: MIME-Version: 1.0
            S: Content-Type: TEXT/PLAIN; CHARSET=US-ASCII
            S:
            S: )
            S: a004 OK FETCH completed
            C: a005 store 12 +flags \deleted
            S: * 12 FETCH (FLAGS (\Seen \Deleted))
            S: a005 OK +FLAGS completed
            C: a006 logout
            S: * BYE IMAP4rev2 server terminating connection
            S: a006 OK LOGOUT completed
            """##
    )
}
