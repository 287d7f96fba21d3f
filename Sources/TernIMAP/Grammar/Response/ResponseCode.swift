/// `resp-text-code`: the bracketed machine-readable part of a status response.
///
/// Every code of RFC 3501 and RFC 9051, and those of the extensions Tern implements; anything else is kept
/// as `.other` so that a client can ignore it and re-encode it unchanged.
public enum ResponseCode: Hashable, Sendable {
    // RFC 3501
    case alert
    /// `BADCHARSET` with the optional list of supported charsets.
    case badCharset([ByteString]?)
    case capability([Capability])
    case parse
    case permanentFlags([Flag])
    case readOnly
    case readWrite
    case tryCreate
    case uidNext(UID)
    case uidValidity(UInt32)
    case unseen(SequenceNumber)
    // UIDPLUS (RFC 4315) / RFC 9051
    case appendUID(uidValidity: UInt32, uids: UIDSet)
    case copyUID(uidValidity: UInt32, source: UIDSet, destination: UIDSet)
    case uidNotSticky
    // CONDSTORE / QRESYNC (RFC 7162)
    case highestModSeq(ModSeq)
    case noModSeq
    case modified(SequenceSet)
    case closed
    // RFC 9051 / RFC 5530
    case notSaved
    case unavailable
    case authenticationFailed
    case authorizationFailed
    case expired
    case privacyRequired
    case contactAdmin
    case noPerm
    case inUse
    case expungeIssued
    case corruption
    case serverBug
    case clientBug
    case cannot
    case limit
    case overQuota
    case alreadyExists
    case nonExistent
    case hasChildren
    // APPENDLIMIT (RFC 7889) / RFC 4469
    case tooBig
    // BINARY (RFC 3516)
    case unknownCTE
    // SPECIAL-USE (RFC 6154)
    case useAttr
    // COMPRESS (RFC 4978)
    case compressionActive
    /// Any other code, with its text argument verbatim (`1*<any TEXT-CHAR except "]">`) if present.
    case other(name: String, argument: String?)
}
