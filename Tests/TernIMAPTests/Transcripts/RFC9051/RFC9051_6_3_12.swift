// RFC 9051 §6.3.12 APPEND Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_6_3_12 = RFCTranscript(
        reference: "RFC 9051 §6.3.12 APPEND Command",
        text: ##"""
            # The literal's bytes are the following C: lines joined with CRLF; the final empty C: line ends the command.
            C: A003 APPEND saved-messages (\Seen) {326}
            S: + Ready for literal data
            C: Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)
            C: From: Fred Foobar <foobar@Blurdybloop.example>
            C: Subject: afternoon meeting
            C: To: mooch@owatagu.siam.edu.example
            C: Message-Id: <B27397-0100000@Blurdybloop.example>
            C: MIME-Version: 1.0
            C: Content-Type: TEXT/PLAIN; CHARSET=US-ASCII
            C:
            C: Hello Joe, do you think we can meet at 3:30 tomorrow?
            C:
            S: A003 OK APPEND completed
            C: A003 APPEND saved-messages (\Seen) {297+}
            C: Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)
            C: From: Fred Foobar <foobar@example.com>
            C: Subject: afternoon meeting
            C: To: mooch@example.com
            C: Message-Id: <B27397-0100000@example.com>
            C: MIME-Version: 1.0
            C: Content-Type: TEXT/PLAIN; CHARSET=US-ASCII
            C:
            C: Hello Joe, do you think we can meet at 3:30 tomorrow?
            C:
            S: A003 OK [APPENDUID 38505 3955] APPEND completed
            C: A004 COPY 2:4 meeting
            S: A004 OK [COPYUID 38505 304,319:320 3956:3958] Done
            C: A005 UID COPY 305:310 meeting
            S: A005 OK No matching messages, so nothing copied
            C: A006 COPY 2 funny
            S: A006 OK Done
            C: A007 SELECT funny
            S: * 1 EXISTS
            S: * OK [UIDVALIDITY 3857529045] Validity session-only
            S: * OK [UIDNEXT 2] Predicted next UID
            S: * NO [UIDNOTSTICKY] Non-persistent UIDs
            S: * FLAGS (\Answered \Flagged \Deleted \Seen \Draft)
            S: * OK [PERMANENTFLAGS (\Deleted \Seen)] Limited
            S: * LIST () "." funny
            S: A007 OK [READ-WRITE] SELECT completed
            """##
    )
}
