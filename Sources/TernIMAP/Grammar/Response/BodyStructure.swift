/// `body` (RFC 3501 / 9051 §9): the MIME structure of a message as BODY / BODYSTRUCTURE return it.
public indirect enum BodyStructure: Hashable, Sendable {
    case singlepart(SinglePartBody)
    case multipart(MultipartBody)
}

/// `body-type-1part`: basic, text or message/rfc822, with optional extension data.
public struct SinglePartBody: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `body-type-basic`.
        case basic
        /// `body-type-text`: the body size in lines.
        case text(lines: UInt64)
        /// `body-type-msg` (MESSAGE/RFC822 and, in RFC 9051, MESSAGE/GLOBAL).
        case message(Envelope, BodyStructure, lines: UInt64)
    }

    public var type: ByteString
    public var subtype: ByteString
    public var fields: BodyFields
    public var kind: Kind
    /// `body-ext-1part`, only in BODYSTRUCTURE.
    public var extensionData: BodyExtension?

    public init(
        type: ByteString, subtype: ByteString, fields: BodyFields, kind: Kind, extensionData: BodyExtension? = nil
    ) {
        self.type = type
        self.subtype = subtype
        self.fields = fields
        self.kind = kind
        self.extensionData = extensionData
    }
}

/// `body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]`.
public struct MultipartBody: Hashable, Sendable {
    public var parts: [BodyStructure]
    public var subtype: ByteString
    /// `body-ext-mpart`, only in BODYSTRUCTURE; its leading field is the parameter list.
    public var extensionData: BodyExtension?

    public init(parts: [BodyStructure], subtype: ByteString, extensionData: BodyExtension? = nil) {
        self.parts = parts
        self.subtype = subtype
        self.extensionData = extensionData
    }
}

/// `body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP body-fld-octets`.
public struct BodyFields: Hashable, Sendable {
    /// nil is `NIL`.
    public var parameters: [BodyParameter]?
    public var id: ByteString?
    public var description: ByteString?
    public var encoding: ByteString
    public var octets: UInt64

    public init(
        parameters: [BodyParameter]?, id: ByteString?, description: ByteString?, encoding: ByteString, octets: UInt64
    ) {
        self.parameters = parameters
        self.id = id
        self.description = description
        self.encoding = encoding
        self.octets = octets
    }
}

public struct BodyParameter: Hashable, Sendable {
    public var name: ByteString
    public var value: ByteString

    public init(name: ByteString, value: ByteString) {
        self.name = name
        self.value = value
    }
}

/// Extension data after the basic fields. Each field is present on the wire only if all before it are
/// (`fieldCount` says how many were, 1...4); `extra` holds any `body-extension` values after the location.
public struct BodyExtension: Hashable, Sendable {
    public enum First: Hashable, Sendable {
        /// `body-fld-md5` of a single part.
        case md5(ByteString?)
        /// `body-fld-param` of a multipart.
        case parameters([BodyParameter]?)
    }

    public var first: First
    public var disposition: BodyDisposition?
    public var language: BodyLanguage
    public var location: ByteString?
    public var extra: [ExtensionValue]
    public var fieldCount: Int

    public init(
        first: First,
        disposition: BodyDisposition? = nil,
        language: BodyLanguage = .none,
        location: ByteString? = nil,
        extra: [ExtensionValue] = [],
        fieldCount: Int = 4
    ) {
        self.first = first
        self.disposition = disposition
        self.language = language
        self.location = location
        self.extra = extra
        self.fieldCount = extra.isEmpty ? min(max(fieldCount, 1), 4) : 4
    }
}

/// `body-fld-dsp = "(" string SP body-fld-param ")" / nil`.
public struct BodyDisposition: Hashable, Sendable {
    public var kind: ByteString
    public var parameters: [BodyParameter]?

    public init(kind: ByteString, parameters: [BodyParameter]?) {
        self.kind = kind
        self.parameters = parameters
    }
}

/// `body-fld-lang = nstring / "(" string *(SP string) ")"`.
public enum BodyLanguage: Hashable, Sendable {
    case none
    case single(ByteString)
    case list([ByteString])
}
