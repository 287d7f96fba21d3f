import Foundation
import TernMIME

/// Loads the hand-written fixtures (Fixtures/) and, when present, MIME-B's corpus (Corpus/), located
/// relative to this source file so no resource bundle is needed.
enum MIMEFixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ name: String) throws -> [UInt8] {
        let url = testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }

    /// Every `.eml` file under Fixtures/ and Corpus/ (recursively), sorted by path.
    static func allMessages() throws -> [(name: String, bytes: [UInt8])] {
        var result: [(String, [UInt8])] = []
        for folder in ["Fixtures", "Corpus"] {
            let root = testsDirectory.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
                continue
            }
            for case let url as URL in enumerator where url.pathExtension == "eml" {
                result.append(("\(folder)/\(url.lastPathComponent)", Array(try Data(contentsOf: url))))
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A message written with "\n" line ends, converted to CRLF.
    static func crlf(_ text: String) -> [UInt8] {
        Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
}
