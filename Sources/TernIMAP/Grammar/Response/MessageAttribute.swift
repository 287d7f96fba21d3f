/// One `msg-att` item of a FETCH response (named after the RFC rule; `FetchAttribute` is the command side).
///
/// ENVELOPE and BODY/BODYSTRUCTURE come typed (what the client-side parser produces) or pre-rendered: the
/// server renders them from its stored message structure (TernMIME does this without depending on TernIMAP)
/// and the encoder copies the bytes after the item name.
public enum MessageAttribute: Hashable, Sendable {
    case flags([Flag])
    case uid(UID)
    case internalDate(InternalDate)
    case rfc822Size(UInt64)
    /// `MODSEQ (n)` (RFC 7162).
    case modSeq(ModSeq)
    case envelope(Envelope)
    /// `BODY` (non-extensible) when `extensible` is false, `BODYSTRUCTURE` when true.
    case bodyStructure(BodyStructure, extensible: Bool)
    /// An item whose value the caller has already rendered, e.g. `ENVELOPE` + ` ("Wed, 17 Jul..." ...)`.
    case prerendered(PrerenderedItem, bytes: [UInt8])
    /// `BODY[section]<origin> nstring`.
    case bodySection(SectionSpecifier, origin: UInt64?, data: ByteString?)
    /// `BINARY[part]<origin> (nstring / literal8)` (RFC 3516).
    case binary(part: [UInt32], origin: UInt64?, data: ByteString?)
    /// `BINARY.SIZE[part] n` (RFC 3516).
    case binarySize(part: [UInt32], size: UInt64)
    case rfc822(ByteString?)
    case rfc822Header(ByteString?)
    case rfc822Text(ByteString?)

    /// The items that may be pre-rendered.
    public enum PrerenderedItem: Hashable, Sendable {
        case envelope
        case body
        case bodyStructure
    }
}
