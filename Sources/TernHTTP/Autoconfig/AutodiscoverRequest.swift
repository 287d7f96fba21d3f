import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Outlook's Autodiscover POX request: `<Autodiscover><Request><EMailAddress>…</EMailAddress>`
/// `<AcceptableResponseSchema>…</AcceptableResponseSchema></Request></Autodiscover>`
/// (namespace .../outlook/requestschema/2006). Parsed with FoundationXML over a body the listener already
/// capped; documents with a DTD are refused before parsing, so no entity can expand.
public struct AutodiscoverRequest: Hashable, Sendable {
    public var emailAddress: String
    /// Nil when the client named none; Outlook sends the 2006a response schema.
    public var acceptableResponseSchema: String?

    public static let maxBytes = 8 * 1024

    /// True when the client accepts the Outlook answer this server gives (ActiveSync clients ask for the
    /// mobilesync schema instead, and get nothing from Tern).
    public var acceptsOutlookResponse: Bool {
        acceptableResponseSchema.map { $0 == AutodiscoverResponse.responseNamespace } ?? true
    }

    /// Nil for anything that is not such a request: malformed XML, a DTD, no address, more than `maxBytes`.
    public init?(xml bytes: [UInt8]) {
        guard bytes.count <= Self.maxBytes, !Self.containsDTD(bytes) else { return nil }
        let reader = RequestReader()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        // FoundationXML on Linux reports success for a truncated document: the root must have closed too.
        guard parser.parse(), reader.rootClosed, let address = reader.emailAddress, !address.isEmpty else {
            return nil
        }
        self.emailAddress = address
        self.acceptableResponseSchema = reader.acceptableResponseSchema
    }

    static func containsDTD(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!".utf8)
        guard bytes.count >= marker.count else { return false }
        for index in 0...(bytes.count - marker.count) where bytes[index] == marker[0] && bytes[index + 1] == marker[1] {
            // A comment (`<!--`) is harmless; `<!DOCTYPE`, `<!ENTITY` and CDATA are not expected here.
            if index + 3 < bytes.count, bytes[index + 2] == UInt8(ascii: "-"), bytes[index + 3] == UInt8(ascii: "-") {
                continue
            }
            return true
        }
        return false
    }
}

/// Collects the text of `Autodiscover/Request/EMailAddress` and `.../AcceptableResponseSchema` by local name.
private final class RequestReader: NSObject, XMLParserDelegate {
    var path: [String] = []
    var text = ""
    var emailAddress: String?
    var acceptableResponseSchema: String?
    var rootClosed = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        path.append(elementName)
        text = ""
        // Nesting deeper than the format ever goes is not a request.
        if path.count > 8 { parser.abortParsing() }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch path {
        case ["Autodiscover", "Request", "EMailAddress"] where emailAddress == nil: emailAddress = value
        case ["Autodiscover", "Request", "AcceptableResponseSchema"] where acceptableResponseSchema == nil:
            acceptableResponseSchema = value
        default: break
        }
        path.removeLast()
        if path.isEmpty { rootClosed = true }
        text = ""
    }
}
