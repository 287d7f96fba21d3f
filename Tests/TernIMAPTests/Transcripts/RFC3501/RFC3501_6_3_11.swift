// RFC 3501 §6.3.11 APPEND Command: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc3501_6_3_11 = RFCTranscript(
        reference: "RFC 3501 §6.3.11 APPEND Command",
        text: ##"""
            # The literal's bytes are the following C: lines joined with CRLF; the final empty C: line ends the command.
            C: A003 APPEND saved-messages (\Seen) {310}
            S: + Ready for literal data
            C: Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)
            C: From: Fred Foobar <foobar@Blurdybloop.COM>
            C: Subject: afternoon meeting
            C: To: mooch@owatagu.siam.edu
            C: Message-Id: <B27397-0100000@Blurdybloop.COM>
            C: MIME-Version: 1.0
            C: Content-Type: TEXT/PLAIN; CHARSET=US-ASCII
            C:
            C: Hello Joe, do you think we can meet at 3:30 tomorrow?
            C:
            S: A003 OK APPEND completed
            """##
    )
}
