/// `namespace-response = "NAMESPACE" SP namespace SP namespace SP namespace` (RFC 2342 / 9051):
/// personal, other users', shared; each nil (`NIL`) or a list of descriptions.
public struct NamespaceResponse: Hashable, Sendable {
    public var personal: [NamespaceDescription]?
    public var otherUsers: [NamespaceDescription]?
    public var shared: [NamespaceDescription]?

    public init(
        personal: [NamespaceDescription]?,
        otherUsers: [NamespaceDescription]?,
        shared: [NamespaceDescription]?
    ) {
        self.personal = personal
        self.otherUsers = otherUsers
        self.shared = shared
    }
}

/// `"(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil) [namespace-response-extensions] ")"`.
public struct NamespaceDescription: Hashable, Sendable {
    public var prefix: ByteString
    public var delimiter: UInt8?
    /// `SP string SP "(" string *(SP string) ")"` pairs.
    public var extensions: [NamespaceExtension]

    public init(prefix: ByteString, delimiter: UInt8?, extensions: [NamespaceExtension] = []) {
        self.prefix = prefix
        self.delimiter = delimiter
        self.extensions = extensions
    }
}

public struct NamespaceExtension: Hashable, Sendable {
    public var name: ByteString
    public var values: [ByteString]

    public init(name: ByteString, values: [ByteString]) {
        self.name = name
        self.values = values
    }
}
