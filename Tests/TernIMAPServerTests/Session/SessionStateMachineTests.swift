import TernIMAP
import Testing

@testable import TernIMAPServer

@Suite struct SessionStateMachineTests {
    @Test func walksThroughEveryState() {
        var machine = SessionStateMachine(isTLS: false, canStartTLS: true, loginDisabledWithoutTLS: false)
        #expect(machine.commandReceived(.capability) == .proceed)
        #expect(machine.commandReceived(.select(.inbox, parameters: [])) == .rejectBad("log in first"))
        #expect(machine.commandReceived(.login(username: "a", password: "b")) == .proceed)
        #expect(machine.appendReceived() == .rejectBad("log in first"))

        machine.authenticated(login: "alice")
        #expect(machine.login == "alice")
        #expect(machine.commandReceived(.login(username: "a", password: "b")) == .rejectBad("already authenticated"))
        #expect(machine.commandReceived(.startTLS) == .rejectBad("STARTTLS is only valid before authentication"))
        #expect(machine.commandReceived(.expunge) == .rejectBad("no mailbox selected"))
        #expect(
            machine.commandReceived(.list(ListCommand(reference: MailboxName([]), patterns: .single("*")))) == .proceed)
        #expect(machine.appendReceived() == .proceed)

        machine.selected(mailbox: "INBOX", readOnly: false)
        #expect(machine.selectedMailbox == "INBOX")
        #expect(machine.commandReceived(.expunge) == .proceed)
        #expect(machine.commandReceived(.fetch(FetchCommand(set: .all, items: .fast))) == .proceed)

        machine.selectedMailboxRenamed(to: "Old")
        #expect(machine.selectedMailbox == "Old")
        machine.deselected()
        #expect(machine.selectedMailbox == nil)
        #expect(machine.isAuthenticated)
        #expect(machine.commandReceived(.close) == .rejectBad("no mailbox selected"))

        machine.loggedOut()
        #expect(machine.isLoggedOut)
        #expect(machine.commandReceived(.noop) == .rejectBad("logging out"))
    }

    @Test func startTLSWindowRefusesEverythingUntilTheHandshake() {
        var machine = SessionStateMachine(isTLS: false, canStartTLS: true, loginDisabledWithoutTLS: true)
        #expect(machine.isLoginDisabled)
        #expect(
            machine.commandReceived(.login(username: "a", password: "b"))
                == .rejectNo(.privacyRequired, "use STARTTLS before logging in"))
        #expect(machine.commandReceived(.startTLS) == .proceed)
        machine.startTLSAccepted()
        #expect(machine.commandReceived(.noop) == .rejectBad("TLS negotiation in progress"))
        machine.tlsEstablished()
        #expect(machine.isTLS)
        #expect(!machine.isLoginDisabled)
        #expect(machine.commandReceived(.startTLS) == .rejectBad("TLS is already active"))
        #expect(machine.commandReceived(.login(username: "a", password: "b")) == .proceed)
    }

    @Test func startTLSNeedsTheShellToOfferIt() {
        let machine = SessionStateMachine(isTLS: false, canStartTLS: false, loginDisabledWithoutTLS: false)
        #expect(machine.commandReceived(.startTLS) == .rejectBad("STARTTLS is not available on this connection"))
    }

    @Test func tooManyBadCommandsDisconnect() {
        var machine = SessionStateMachine(
            isTLS: true, canStartTLS: false, loginDisabledWithoutTLS: false, maxBadCommands: 3)
        #expect(machine.badCommandReceived() == .continueSession)
        #expect(machine.badCommandReceived() == .continueSession)
        #expect(machine.badCommandReceived() == .disconnect)
    }

    @Test func capabilitiesFollowTLSAndAuthentication() {
        var policy = CapabilityPolicy(
            isTLS: false, canStartTLS: true, loginDisabledWithoutTLS: true, isAuthenticated: false, appendLimit: 1000)
        var names = policy.capabilities.map(\.rawValue)
        #expect(names.prefix(4) == ["IMAP4rev1", "IMAP4rev2", "STARTTLS", "LOGINDISABLED"])
        #expect(!names.contains("AUTH=PLAIN"))
        #expect(names.last == "APPENDLIMIT=1000")
        policy.isTLS = true
        names = policy.capabilities.map(\.rawValue)
        #expect(names.prefix(3) == ["IMAP4rev1", "IMAP4rev2", "AUTH=PLAIN"])
        policy.isAuthenticated = true
        names = policy.capabilities.map(\.rawValue)
        #expect(!names.contains("AUTH=PLAIN") && !names.contains("STARTTLS"))
        #expect(names.contains("IDLE") && names.contains("MOVE") && names.contains("QRESYNC"))
        #expect(names.contains("SEARCHRES") && names.contains("ESEARCH"))
    }
}
