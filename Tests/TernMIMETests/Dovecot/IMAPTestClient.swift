import Glibc

/// A minimal blocking IMAP client for talking to the reference Dovecot in tests.
///
/// One command at a time; responses are read whole, literals included (`{n}` followed by n bytes),
/// so an untagged response is the exact bytes the server sent, CRLFs and literals intact.
/// Socket timeouts keep a misbehaving server from hanging the test.
final class IMAPTestClient {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { "IMAPTestClient: \(self.message)" }
    }

    struct Response {
        /// Untagged responses ("* ..."), each with its literals inlined.
        var untagged: [[UInt8]]
        /// The tagged status line, e.g. "A0003 OK Fetch completed".
        var status: [UInt8]
        var isOK: Bool
    }

    /// Longest single response accepted (a FETCH of a big section plus framing).
    static let maxResponseBytes = 64 * 1024 * 1024

    private let socket: Int32
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var nextTag = 1

    /// Connects to "HOST:PORT" (IPv4 loopback in practice) and reads the greeting.
    init(endpoint: String) throws {
        guard let colon = endpoint.lastIndex(of: ":"), let port = UInt16(endpoint[endpoint.index(after: colon)...])
        else {
            throw Failure(message: "endpoint must be HOST:PORT, got \(endpoint)")
        }
        let host = String(endpoint[..<colon])
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw Failure(message: "not an IPv4 address: \(host)")
        }
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket() failed, errno \(errno)") }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(message: "connect to \(endpoint) failed, errno \(errno)")
        }
        self.socket = fd
        let greeting = try self.readResponse()
        guard greeting.starts(with: Array("* OK".utf8)) else {
            throw Failure(message: "unexpected greeting \(String(decoding: greeting, as: UTF8.self))")
        }
    }

    deinit {
        close(self.socket)
    }

    /// Sends `tag command` and reads until the tagged status.
    func command(_ command: String) throws -> Response {
        let tag = self.makeTag()
        try self.send(Array("\(tag) \(command)\r\n".utf8))
        return try self.readUntilTagged(tag)
    }

    /// A command whose last argument is a literal (LITERAL+, RFC 7888): `prefix {n+}CRLF bytes CRLF`.
    func command(_ prefix: String, literal: [UInt8]) throws -> Response {
        let tag = self.makeTag()
        try self.send(Array("\(tag) \(prefix) {\(literal.count)+}\r\n".utf8) + literal + [0x0D, 0x0A])
        return try self.readUntilTagged(tag)
    }

    /// APPEND with a synchronizing literal.
    func append(mailbox: String, message: [UInt8]) throws -> Response {
        let tag = self.makeTag()
        try self.send(Array("\(tag) APPEND \(mailbox) {\(message.count)}\r\n".utf8))
        let continuation = try self.readResponse()
        guard continuation.first == UInt8(ascii: "+") else {
            throw Failure(message: "APPEND refused: \(String(decoding: continuation, as: UTF8.self))")
        }
        try self.send(message + [0x0D, 0x0A])
        return try self.readUntilTagged(tag)
    }

    private func makeTag() -> String {
        defer { self.nextTag += 1 }
        return "A" + String(self.nextTag)
    }

    private func readUntilTagged(_ tag: String) throws -> Response {
        var untagged: [[UInt8]] = []
        let prefix = Array("\(tag) ".utf8)
        while true {
            let response = try self.readResponse()
            if response.starts(with: prefix) {
                let status = Array(response.dropLast(2))
                let isOK = status.dropFirst(prefix.count).starts(with: Array("OK".utf8))
                return Response(untagged: untagged, status: status, isOK: isOK)
            }
            untagged.append(response)
        }
    }

    /// One response: a line, plus for each line ending in a literal marker the literal and the next line.
    private func readResponse() throws -> [UInt8] {
        var response: [UInt8] = []
        while true {
            let line = try self.readLine()
            response += line
            guard let count = Self.literalCount(endingLine: line) else { return response }
            response += try self.readBytes(count)
            guard response.count <= Self.maxResponseBytes else { throw Failure(message: "response too large") }
        }
    }

    /// The n of a line ending in "{n}\r\n" (or "{n+}" / "~{n}").
    static func literalCount(endingLine line: [UInt8]) -> Int? {
        guard line.count >= 5, line[line.count - 3] == UInt8(ascii: "}") else { return nil }
        var index = line.count - 4
        if line[index] == UInt8(ascii: "+") { index -= 1 }
        var digits: [UInt8] = []
        while index >= 0, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
            digits.insert(line[index], at: 0)
            index -= 1
        }
        guard index >= 0, line[index] == UInt8(ascii: "{"), !digits.isEmpty, digits.count < 10 else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    private func readLine() throws -> [UInt8] {
        while true {
            if let newline = self.buffer[self.readIndex...].firstIndex(of: 0x0A) {
                let line = Array(self.buffer[self.readIndex...newline])
                self.readIndex = newline + 1
                return line
            }
            try self.fill()
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        while self.buffer.count - self.readIndex < count { try self.fill() }
        let bytes = Array(self.buffer[self.readIndex..<(self.readIndex + count)])
        self.readIndex += count
        return bytes
    }

    private func fill() throws {
        if self.readIndex > 0 {
            self.buffer.removeFirst(self.readIndex)
            self.readIndex = 0
        }
        guard self.buffer.count <= Self.maxResponseBytes else { throw Failure(message: "response too large") }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let received = chunk.withUnsafeMutableBytes { recv(self.socket, $0.baseAddress, $0.count, 0) }
        guard received > 0 else {
            throw Failure(message: received == 0 ? "connection closed" : "recv failed, errno \(errno)")
        }
        self.buffer += chunk[0..<received]
    }

    private func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(self.socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw Failure(message: "send failed, errno \(errno)") }
            offset += sent
        }
    }
}
