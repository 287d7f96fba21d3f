/// Words the generated text is made of: ordinary mail vocabulary, so text search has something
/// plausible to scan. `MessageGenerator.rareWord` is deliberately not among them.
enum Vocabulary {
    static let words: [[UInt8]] = [
        "the", "meeting", "project", "thanks", "please", "review", "attached", "invoice", "schedule",
        "tomorrow", "update", "report", "budget", "team", "question", "deadline", "draft", "customer",
        "release", "notes", "follow", "up", "call", "agenda", "minutes", "contract", "shipping", "order",
        "payment", "receipt", "travel", "hotel", "flight", "weekend", "family", "photos", "newsletter",
        "offer", "subscription", "account", "security", "password", "reset", "confirm", "delivery",
        "package", "server", "backup", "monitoring", "alert", "resolved", "ticket", "support", "bug",
        "feature", "design", "proposal", "summary", "quarter", "results", "office", "lunch", "friday",
        "holiday",
    ].map { Array($0.utf8) }

    static let names: [String] = [
        "Alice Martin", "Bob Schmidt", "Chloé Dubois", "Daniel Rossi", "Emma Jensen", "Farid Haddad",
        "Grace Okafor", "Hiro Tanaka", "Ines Costa", "Jonas Berg",
    ]
}
