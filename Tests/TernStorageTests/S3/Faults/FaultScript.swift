import NIOConcurrencyHelpers
import NIOHTTP1

/// What the fault proxy does with one request.
enum Fault: Sendable, Equatable {
    /// Forward it and relay the answer unchanged.
    case pass
    /// Answer with this status and an S3 error body; the server never sees the request.
    case status(Int)
    /// Wait, then forward.
    case delay(Duration)
    /// Forward; send the response head and this many body bytes, then reset the connection.
    case resetAfterBodyBytes(Int)
    /// Forward; send a response whose Content-Length (and body) is this many bytes short.
    case shortenBody(by: Int)
    /// Forward; flip one bit of the response body at this offset.
    case corruptBody(at: Int)
    /// Forward (so a write lands), then reset the connection without answering.
    case dropResponse
}

/// One request as the proxy saw it.
struct ProxiedRequest: Sendable {
    var method: HTTPMethod
    var uri: String
    var headers: HTTPHeaders
    var fault: Fault
}

/// The faults a test wants, as rules tried in order: the first rule that matches a request and
/// has uses left decides its fault (and uses one up); no match means `.pass`. Every request is logged.
final class FaultScript: Sendable {
    typealias Matcher = @Sendable (HTTPMethod, String, HTTPHeaders) -> Bool

    private struct Rule {
        var matches: Matcher
        var fault: Fault
        var remaining: Int
        /// When set, draws the fault for each request instead of `fault`.
        var draw: (@Sendable (HTTPMethod, HTTPHeaders) -> Fault)? = nil
    }

    private struct State {
        var rules: [Rule] = []
        var log: [ProxiedRequest] = []
    }

    private let state = NIOLockedValueBox(State())

    /// Adds a rule: `fault` for the next `times` requests that `matches` accepts.
    func add(_ fault: Fault, times: Int = Int.max, when matches: @escaping Matcher = { _, _, _ in true }) {
        state.withLockedValue { $0.rules.append(Rule(matches: matches, fault: fault, remaining: times)) }
    }

    /// Adds a rule that applies to every request and lets `draw` pick its fault (random soaks).
    func addDrawing(_ draw: @escaping @Sendable (HTTPMethod, HTTPHeaders) -> Fault) {
        state.withLockedValue {
            $0.rules.append(Rule(matches: { _, _, _ in true }, fault: .pass, remaining: Int.max, draw: draw))
        }
    }

    func removeAllRules() {
        state.withLockedValue { $0.rules.removeAll() }
    }

    func decide(method: HTTPMethod, uri: String, headers: HTTPHeaders) -> Fault {
        state.withLockedValue { state in
            var fault = Fault.pass
            if let index = state.rules.firstIndex(where: { $0.remaining > 0 && $0.matches(method, uri, headers) }) {
                state.rules[index].remaining -= 1
                fault = state.rules[index].draw?(method, headers) ?? state.rules[index].fault
            }
            state.log.append(ProxiedRequest(method: method, uri: uri, headers: headers, fault: fault))
            return fault
        }
    }

    var log: [ProxiedRequest] {
        state.withLockedValue { $0.log }
    }
}

/// Matchers for common cases.
enum Requests {
    static func method(_ method: HTTPMethod) -> FaultScript.Matcher {
        { requestMethod, _, _ in requestMethod == method }
    }

    /// Object requests (not bucket-level ones like listings) of `method` whose path ends with `suffix`.
    static func object(_ method: HTTPMethod, endingWith suffix: String) -> FaultScript.Matcher {
        { requestMethod, uri, _ in
            let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
            return requestMethod == method && path.hasSuffix(suffix)
        }
    }

    static let listing: FaultScript.Matcher = { method, uri, _ in method == .GET && uri.contains("list-type=2") }
}
