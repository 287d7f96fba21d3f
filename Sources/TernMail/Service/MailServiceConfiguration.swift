import TernCrypto

/// How one `MailService` (one process) stores mail.
public struct MailServiceConfiguration: Sendable {
    /// At least 16 bytes; keys a login to its storage user id (`StorageIdentifierHasher`). The
    /// same for every process of a deployment.
    public var deploymentSecret: [UInt8]
    /// 0..<64, distinct for every concurrently running process on one storage (UID slot).
    public var writerSlot: UInt8
    /// Password KDF cost for new and rewrapped keys (`.testing` in tests, `.default` in `serve`).
    public var kdf: ScryptParameters
    /// Per-user storage limit (QUOTA STORAGE), nil = unlimited.
    public var quotaBytes: UInt64?
    /// Largest message accepted (APPENDLIMIT, LMTP SIZE).
    public var maxMessageBytes: Int
    public var logStore: MailboxLogStoreConfiguration
    /// Per-message metadata objects written since the last pack that trigger packing them into a
    /// segment (see docs/internals/mail-storage.md).
    public var packThreshold: Int
    /// Packs the newest messages' metadata once no write came to the mailbox for this long
    /// (`Mailbox+QuietPack.swift`); nil: only every `packThreshold` appends. `tern serve` uses
    /// `standardQuietPackDelayMillis`; off by default here, so embedders and tests choose.
    public var quietPackDelayMillis: UInt64?
    /// Above the gaps between the APPENDs of one client's burst, below a person's next action
    /// (docs/performance.md, "The newest messages").
    public static let standardQuietPackDelayMillis: UInt64 = 1000
    /// Messages per metadata segment (a catalog row holds 28 bytes per message; <= 30,000).
    public var segmentCapacity: Int
    /// Plaintext bytes per part of a delivered message (what `deliver` holds in memory).
    public var incomingPartBytes: Int
    /// How long objects that packing or EXPUNGE made unnecessary stay readable before a sweep
    /// deletes them (`Mailbox+Retire.swift`): a session that loaded its catalog or view earlier
    /// reads them meanwhile. Bounds how long a session can still FETCH a message another session
    /// expunged, and how long expunged bytes still count toward the quota. At most one day.
    public var retireGraceMillis: UInt64 = 30 * 60 * 1000 {
        didSet { retireGraceMillis = min(retireGraceMillis, Self.maxRetireGraceMillis) }
    }
    public static let maxRetireGraceMillis: UInt64 = 24 * 3600 * 1000
    /// How long a delivery is remembered (`DeliveryMarker`): the same bytes delivered to the same
    /// user again within it are taken for a retry of that delivery and stored once. The default is
    /// Postfix's `maximal_queue_lifetime` (5 days), the longest it retries a message; 0 turns it
    /// off (no marker is read or written: a retry after a crash can then store a second copy).
    public var deliveryRetryWindowMillis: UInt64 = 5 * 24 * 3600 * 1000
    /// Batch bounds of importing the incoming queue into INBOX.
    public var incomingImport = IncomingImportLimits()

    public init(
        deploymentSecret: [UInt8],
        writerSlot: UInt8,
        kdf: ScryptParameters = .default,
        quotaBytes: UInt64? = nil,
        maxMessageBytes: Int = 64 * 1024 * 1024,
        logStore: MailboxLogStoreConfiguration = .standard,
        packThreshold: Int = 256,
        segmentCapacity: Int = 16_384,
        incomingPartBytes: Int = 1024 * 1024
    ) throws(MailError) {
        guard deploymentSecret.count >= StorageIdentifierHasher.minimumSecretLength else {
            throw MailError(.invalidOperation, "deployment secret must have at least 16 bytes")
        }
        guard UInt32(writerSlot) < Writer.slotCount else {
            throw MailError(.invalidOperation, "writer slot \(writerSlot) is not below \(Writer.slotCount)")
        }
        guard maxMessageBytes > 0, packThreshold >= 1, (1...30_000).contains(segmentCapacity),
            (4096...(8 * 1024 * 1024)).contains(incomingPartBytes)
        else {
            throw MailError(.invalidOperation, "message limit, pack threshold, segment capacity or part size out of range")
        }
        self.deploymentSecret = deploymentSecret
        self.writerSlot = writerSlot
        self.kdf = kdf
        self.quotaBytes = quotaBytes
        self.maxMessageBytes = maxMessageBytes
        self.logStore = logStore
        self.packThreshold = packThreshold
        self.segmentCapacity = segmentCapacity
        self.incomingPartBytes = incomingPartBytes
    }
}
