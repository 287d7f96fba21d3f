import Logging
import TernHTTP
import TernMail
import TernMetrics

extension ServerRuntime {
    /// The ports the IMAP listeners bound, which autoconfiguration announces.
    struct IMAPPorts {
        var plain: [Int]
        var implicitTLS: [Int]
    }

    /// One HTTP listener per address: `metrics` addresses serve `/metrics` and `/healthz`, `http` addresses the
    /// client autoconfiguration; an address in both lists serves both. `https` addresses serve the
    /// autoconfiguration over TLS, with the context `tls` holds when each connection is accepted. They bind when
    /// the service group runs.
    static func httpListeners(
        _ configuration: ServerConfiguration, imap: IMAPPorts, metrics: MetricsRegistry?, mail: MailService,
        tls: TLSContextSource?, logger: Logger
    ) -> [HTTPListener] {
        let autoconfig = configuration.mailClientSettings(imapPorts: imap.plain, imapsPorts: imap.implicitTLS)
        let health = HealthProbe { await mail.storageProblem() }
        // One listener per distinct address; the same fixed address in both lists serves both (port 0 never
        // merges: each asks the kernel for a port of its own).
        var roles: [(address: ListenAddress, metrics: Bool, autoconfig: Bool)] = []
        for address in configuration.listeners.metrics { roles.append((address, true, false)) }
        for address in configuration.listeners.http {
            if address.port != 0, let index = roles.firstIndex(where: { $0.address == address }) {
                roles[index].autoconfig = true
            } else {
                roles.append((address, false, true))
            }
        }
        var render: (@Sendable () -> String)?
        if let metrics { render = { metrics.prometheusText() } }
        var listeners: [HTTPListener] = []
        for role in roles {
            let routes = HTTPRoutes(
                metrics: role.metrics ? render : nil, health: role.metrics ? health : nil,
                autoconfig: role.autoconfig ? autoconfig : nil)
            listeners.append(
                HTTPListener(host: role.address.host, port: role.address.port, routes: routes, logger: logger))
        }
        if let tls {
            let routes = HTTPRoutes(metrics: nil, health: nil, autoconfig: autoconfig)
            for address in configuration.listeners.https {
                listeners.append(
                    HTTPListener(
                        host: address.host, port: address.port, routes: routes, tls: { tls.context }, logger: logger))
            }
        }
        return listeners
    }

    /// Waits until every HTTP listener is bound and adds its address to the report (`metrics` when it serves
    /// `/metrics`, else `http`); false when one ended without binding (the service group's error says why).
    static func reportBound(_ listeners: [HTTPListener], into report: inout ServerReport) async -> Bool {
        for listener in listeners {
            guard let address = await listener.boundAddress(), let port = address.port else { return false }
            let bound = ListenAddress(host: listener.host, port: port)
            if listener.routes.metrics != nil {
                report.metrics.append(bound)
            } else if listener.tls != nil {
                report.https.append(bound)
            } else {
                report.http.append(bound)
            }
        }
        return true
    }
}
