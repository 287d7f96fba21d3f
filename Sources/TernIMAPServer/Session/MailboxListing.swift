import TernIMAP
import TernMail

/// Computes the items of LIST / LSUB (RFC 9051 §6.3.9, LIST-EXTENDED RFC 5258, CHILDREN RFC 3348,
/// SPECIAL-USE RFC 6154) from a user's mailbox names and subscriptions. Pure.
///
/// Rules:
/// - Every existing mailbox matching a pattern is listed with `\HasChildren` or `\HasNoChildren` and its
///   special-use attribute.
/// - A level of hierarchy that matches a pattern only because of a trailing `%` (e.g. `a` for `a/b`
///   under `%`) but is no mailbox itself is listed `\Noselect` (`\NonExistent` in the extended form).
/// - `(SUBSCRIBED)` lists subscribed names (existing or not; missing ones `\NonExistent`); with
///   `RECURSIVEMATCH`, a matching name (subscribed or not) with a subscribed descendant that matches
///   no pattern gets `CHILDINFO ("SUBSCRIBED")` (RFC 5258 §3.5, as Dovecot answers).
/// - LSUB lists subscribed names (missing ones `\Noselect`) and, as `\Noselect`, unsubscribed
///   levels above them that only `%` reaches, existing or not (RFC 3501 §6.3.9).
/// Output: INBOX first, then by name.
public struct MailboxListing: Sendable {
    public struct Mailbox: Hashable, Sendable {
        public var name: String
        public var specialUse: SpecialUse?

        public init(name: String, specialUse: SpecialUse? = nil) {
            self.name = name
            self.specialUse = specialUse
        }
    }

    public struct Options: Hashable, Sendable {
        public var selectSubscribed = false
        public var selectSpecialUse = false
        public var recursiveMatch = false
        public var returnSubscribed = false
        /// The command used LIST-EXTENDED syntax (select or return options).
        public var extended = false
        public var lsub = false

        public init() {}
    }

    public struct Item: Hashable, Sendable {
        public var name: String
        public var attributes: [MailboxAttribute]
        /// `CHILDINFO ("SUBSCRIBED")`
        public var childInfoSubscribed: Bool
    }

    public let mailboxes: [Mailbox]
    public let subscriptions: Set<String>
    private let existing: [String: SpecialUse?]
    /// Every name that has an existing mailbox below it (precomputed: LIST stays linear in the names).
    private let parents: Set<String>

    public init(mailboxes: [Mailbox], subscriptions: [String]) {
        self.mailboxes = mailboxes
        self.subscriptions = Set(subscriptions.map(MailboxPattern.canonicalInbox))
        var existing: [String: SpecialUse?] = [:]
        for mailbox in mailboxes { existing[MailboxPattern.canonicalInbox(mailbox.name)] = mailbox.specialUse }
        self.existing = existing
        var parents = Set<String>()
        for name in existing.keys { parents.formUnion(Self.ancestors(of: name)) }
        self.parents = parents
    }

    public func list(patterns: [MailboxPattern], options: Options) -> [Item] {
        let selected: Set<String>
        if options.selectSubscribed || options.lsub {
            selected = subscriptions
        } else if options.selectSpecialUse {
            selected = Set(existing.compactMap { $0.value == nil ? nil : $0.key })
        } else {
            selected = Set(existing.keys)
        }
        var items: [String: Item] = [:]
        for name in selected where patterns.contains(where: { $0.matches(name) }) {
            items[name] = item(for: name, options: options, childInfo: false)
        }
        // Parents reached by the patterns only as hierarchy levels.
        let childInfo = options.recursiveMatch && options.selectSubscribed && !options.lsub
        for name in selected {
            let ancestors = Self.ancestors(of: name)
            guard !ancestors.isEmpty else { continue }
            if childInfo {
                // RFC 5258 §3.5: a name matching a pattern gets CHILDINFO ("SUBSCRIBED") when one of
                // its subscribed descendants matches no pattern, whether or not the name itself is
                // listed (subscribed) already; it is listed for that reason alone otherwise.
                guard !patterns.contains(where: { $0.matches(name) }) else { continue }
                for parent in ancestors where patterns.contains(where: { $0.matches(parent) }) {
                    if items[parent] == nil {
                        items[parent] = item(for: parent, options: options, childInfo: true)
                    } else {
                        items[parent]?.childInfoSubscribed = true
                    }
                }
                continue
            }
            // Other selection options list exactly the names they select (RFC 5258 §3).
            if options.selectSubscribed && !options.lsub || options.selectSpecialUse { continue }
            for parent in ancestors where items[parent] == nil {
                guard patterns.contains(where: { $0.matches(parent) && !$0.matches(name) }) else { continue }
                if options.lsub {
                    // RFC 3501 §6.3.9: an unsubscribed level above a subscribed name is `\Noselect`
                    // in LSUB, whether a mailbox of that name exists or not.
                    items[parent] = Item(name: parent, attributes: [.noSelect], childInfoSubscribed: false)
                } else if existing[parent] == nil {
                    items[parent] = Item(
                        name: parent, attributes: [options.extended ? .nonExistent : .noSelect, .hasChildren],
                        childInfoSubscribed: false)
                }
            }
        }
        return items.values.sorted { a, b in
            if a.name == "INBOX" || b.name == "INBOX" { return a.name == "INBOX" && b.name != "INBOX" }
            return a.name < b.name
        }
    }

    private func item(for name: String, options: Options, childInfo: Bool) -> Item {
        var attributes: [MailboxAttribute] = []
        let exists = existing[name] != nil
        if !exists {
            attributes.append(options.lsub ? .noSelect : .nonExistent)
        }
        if options.lsub {
            return Item(name: name, attributes: attributes, childInfoSubscribed: childInfo)
        }
        if options.returnSubscribed || options.selectSubscribed, subscriptions.contains(name) {
            attributes.append(.subscribed)
        }
        if exists || !childInfo {
            attributes.append(hasChildren(name) ? .hasChildren : .hasNoChildren)
        }
        if case .some(.some(let use)) = existing[name] {
            attributes.append(MailboxAttribute(use.rawValue))
        }
        return Item(name: name, attributes: attributes, childInfoSubscribed: childInfo)
    }

    /// Some existing mailbox lies below `name`.
    public func hasChildren(_ name: String) -> Bool {
        parents.contains(name)
    }

    /// `a` and `a/b` for `a/b/c`.
    static func ancestors(of name: String) -> [String] {
        var result: [String] = []
        var current = ""
        let levels = name.split(separator: "/", omittingEmptySubsequences: false)
        for level in levels.dropLast() {
            current = current.isEmpty ? String(level) : current + "/" + level
            result.append(current)
        }
        return result
    }
}
