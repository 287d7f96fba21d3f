/// A parsed XML element of an S3 response: name without namespace prefix, child elements, and
/// the concatenated text directly inside it (entities decoded). Attributes are not kept: no S3
/// response Tern reads carries data in them.
struct S3XMLElement: Hashable, Sendable {
    var name: String
    var children: [S3XMLElement] = []
    var text: String = ""

    /// The first child named `name`.
    func child(_ name: String) -> S3XMLElement? {
        children.first { $0.name == name }
    }

    /// Every child named `name`, in document order.
    func children(_ name: String) -> [S3XMLElement] {
        children.filter { $0.name == name }
    }

    /// The text of the first child named `name`.
    func text(of name: String) -> String? {
        child(name)?.text
    }
}
