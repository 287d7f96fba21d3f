// libFuzzer entry point for TernLMTP's command parser. Compiled together with the NIO-free TernLMTP sources
// (`Command/` and `Reply/LMTPReply.swift`) into one module (see README.md), so it calls them directly.
//
// The input is split into lines at LF (a trailing CR dropped, as the line framer does). Checked invariants (a
// violation traps, which libFuzzer reports as a crash): parsing is deterministic; an error reply has a 4xx/5xx
// code and only printable ASCII, of bounded length, in its text (replies quote client bytes: no reply
// injection); a parsed MAIL has a domain; a parsed address has no control bytes (replies quote it); a RCPT whose
// local part is a dot-atom prints back (`<local@domain>`) to a line that parses to the same RCPT; the sub-address
// lookup keeps the local part's bytes.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLMTPCommandParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for var line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init) {
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        let outcome = LMTPCommandParser.parse(line)
        precondition(LMTPCommandParser.parse(line) == outcome, "parse is not deterministic")
        switch outcome {
        case .error(let reply):
            precondition((400..<600).contains(reply.code), "error reply with code \(reply.code)")
            for text in reply.lines {
                precondition(text.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "reply text carries \(Array(text.utf8))")
                precondition(text.utf8.count <= 200, "reply text of \(text.utf8.count) bytes")
            }
        case .command(.mail(let path, _)):
            if let path {
                precondition(!path.domain.isEmpty, "MAIL path without domain")
                checkQuotable(path)
            }
        case .command(.rcpt(let address)):
            checkRecipient(address)
        case .command(.lhlo(let domain)):
            precondition(!domain.isEmpty && !domain.contains(" "), "LHLO domain \(domain)")
        case .command:
            break
        }
    }
    return 0
}

/// Replies quote addresses (`550 5.1.1 <address>: ...`): a parsed address must hold no control bytes.
func checkQuotable(_ address: LMTPAddress) {
    precondition(!address.description.utf8.contains { $0 < 0x20 || $0 == 0x7F }, "address carries control bytes")
}

func checkRecipient(_ address: LMTPAddress) {
    checkQuotable(address)
    precondition(!address.localPart.isEmpty, "RCPT with an empty local part")
    let lookup = address.lookup(subaddressSeparator: "+")
    let rebuilt = lookup.detail.map { lookup.localPart + "+" + $0 } ?? lookup.localPart
    precondition(rebuilt == address.localPart, "sub-address split lost bytes")
    let local = Array(address.localPart.utf8)
    let dotAtom =
        local.first != UInt8(ascii: ".") && local.last != UInt8(ascii: ".") && !address.localPart.contains("..")
        && local.allSatisfy { LMTPPathParser.isAtext($0) || $0 == UInt8(ascii: ".") }
    guard dotAtom else { return }
    let printed = Array("RCPT TO:\(address)".utf8)
    precondition(LMTPCommandParser.parse(printed) == .command(.rcpt(forwardPath: address)), "RCPT did not round-trip")
}
