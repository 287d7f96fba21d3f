import NIOCore
import TernLMTP

/// Drives an `LMTPSessionStateMachine` the way the shell will: feeds bytes, answers recipient lookups from a table
/// and reports deliveries, and records the reply bytes and messages for byte-level assertions.
struct LMTPHarness {
    var machine: LMTPSessionStateMachine
    /// Resolution per lowercased `local@domain`; anything missing is an unknown user.
    var directory: [String: RecipientResolution]
    /// When false, `.finishMessage` is left for the test to answer with `recipientStored`.
    var autoDeliver = true
    var deliveryOutcomes: [DeliveryOutcome] = []

    private(set) var wire = ByteBuffer()
    private(set) var events: [String] = []
    private(set) var messages: [[UInt8]] = []
    private(set) var envelopes: [LMTPEnvelope] = []
    private(set) var closed = false
    private var current: [UInt8]?

    init(
        configuration: LMTPConfiguration = LMTPConfiguration(hostname: "lmtp.test"),
        directory: [String: RecipientResolution] = [:]
    ) {
        self.machine = LMTPSessionStateMachine(configuration: configuration)
        self.directory = directory
    }

    /// Runs actions until the machine wants input, waits for the test, or closes. Returns the replies written.
    @discardableResult
    mutating func run() -> String {
        let start = wire.writerIndex
        loop: while true {
            let action = machine.nextAction()
            switch action {
            case .send(let reply):
                LMTPReplyEncoder.encode(reply, into: &wire)
            case .readMore, .awaitShell:
                break loop
            case .close:
                events.append("close")
                closed = true
                break loop
            case .resolveRecipient(let address):
                let key = "\(address.localPart)@\(address.domain)".lowercased()
                events.append("resolve \(address)")
                machine.recipientResolved(directory[key] ?? .unknownUser)
            case .beginMessage(let envelope):
                events.append("begin")
                envelopes.append(envelope)
                current = []
            case .messageBytes(let bytes):
                current?.append(contentsOf: bytes.readableBytesView)
            case .abortMessage:
                events.append("abort")
                current = nil
            case .finishMessage:
                events.append("finish")
                if let current { messages.append(current) }
                current = nil
                if autoDeliver, let envelope = envelopes.last {
                    for index in envelope.recipients.indices {
                        let outcome = index < deliveryOutcomes.count ? deliveryOutcomes[index] : .durable
                        machine.recipientStored(at: index, outcome)
                    }
                }
            }
        }
        return wire.getString(at: start, length: wire.writerIndex - start) ?? ""
    }

    /// Feeds `text` as one read and runs.
    @discardableResult
    mutating func send(_ text: String) -> String {
        machine.receive(ByteBuffer(string: text))
        return run()
    }

    @discardableResult
    mutating func send(bytes: [UInt8]) -> String {
        machine.receive(ByteBuffer(bytes: bytes))
        return run()
    }

    var transcript: String { String(decoding: wire.readableBytesView, as: UTF8.self) }
}

extension String {
    /// Lets transcripts be written one line per element: `["220 x", "250 y"].crlf`.
    var crlfLines: [String] { split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init) }
}

extension Array where Element == String {
    var crlf: String { map { $0 + "\r\n" }.joined() }
}
