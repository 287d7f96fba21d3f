// RFC 9051 §7.1 Server Responses - Generic Status Responses: the example transcript of that section.
// Lines are verbatim from the RFC except where a "#" comment says otherwise; see RFCTranscript.swift.
extension RFCTranscripts {
    static let rfc9051_7_1 = RFCTranscript(
        reference: "RFC 9051 §7.1 Server Responses - Generic Status Responses",
        text: ##"""
            # The examples under each response code; each is one C:/S: exchange in the RFC text.
            # ALREADYEXISTS
            C: o356 RENAME this that
            S: o356 NO [ALREADYEXISTS] Mailbox "that" already exists
            # AUTHENTICATIONFAILED
            C: b LOGIN "fred" "foo"
            S: b NO [AUTHENTICATIONFAILED] Authentication failed
            # AUTHORIZATIONFAILED
            # malformed: "[...]" stands for the elided SASL initial response and exchange.
            C?: c1 AUTHENTICATE PLAIN [...]
            S: c1 NO [AUTHORIZATIONFAILED] No such authorization-ID
            C?: c2 AUTHENTICATE PLAIN [...]
            S: c2 NO [AUTHORIZATIONFAILED] Authenticator is not an admin
            # CANNOT
            C: l create "///////"
            S: l NO [CANNOT] Adjacent slashes are not supported
            # CLIENTBUG
            # malformed: "[...]" stands for elided responses after the commands.
            C?: k1 select "/archive/projects/experiment-iv" [...]
            S: k1 OK [READ-ONLY] Done
            C?: k2 status "/archive/projects/experiment-iv" (messages) [...]
            S: k2 OK [CLIENTBUG] Done
            # CONTACTADMIN
            C: e login "fred" "foo"
            S: e NO [CONTACTADMIN]
            # CORRUPTION
            C: i select "/archive/projects/experiment-iv"
            S: i NO [CORRUPTION] Cannot open mailbox
            # EXPIRED
            C: d login "fred" "foo"
            S: d NO [EXPIRED] That password isn't valid any more
            # EXPUNGEISSUED
            C: h search from maria@example.com
            S: * ESEARCH (TAG "h") ALL 1:3,5,8,13,21,42
            S: h OK [EXPUNGEISSUED] Search completed
            # HASCHILDREN
            C: m356 DELETE Notes
            S: o356 NO [HASCHILDREN] Mailbox "Notes" has children that need to be deleted first
            # INUSE
            C: g delete "/archive/projects/experiment-iv"
            S: g NO [INUSE] Mailbox in use
            # LIMIT ("..." is an atom, so this command is a valid STORE of keywords f1 ... f250)
            C: m STORE 42 FLAGS f1 f2 f3 f4 f5 ... f250
            S: m NO [LIMIT] At most 32 flags in one mailbox supported
            # NONEXISTENT
            C: p RENAME this that
            S: p NO [NONEXISTENT] No such mailbox
            # NOPERM
            C: f select "/archive/projects/experiment-iv"
            S: f NO [NOPERM] Access denied
            # OVERQUOTA
            C: n1 uid copy 1:* oldmail
            S: n1 NO [OVERQUOTA] Sorry
            C: n2 uid copy 1:* oldmail
            S: n2 OK [OVERQUOTA] You are now over your soft quota
            # PRIVACYREQUIRED
            C: d login "fred" "foo"
            S: d NO [PRIVACYREQUIRED] Connection offers no privacy
            C: d select inbox
            S: d NO [PRIVACYREQUIRED] Connection offers no privacy
            # SERVERBUG
            C: j select "/archive/projects/experiment-iv"
            S: j NO [SERVERBUG] This should not happen
            # UNAVAILABLE
            C: a LOGIN "fred" "foo"
            S: a NO [UNAVAILABLE] User's backend down for maintenance
            """##
    )
}
