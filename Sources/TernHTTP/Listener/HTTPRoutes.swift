import Hummingbird
import NIOCore

/// What one HTTP listener serves. The `metrics` addresses get `/metrics` and `/healthz` (loopback or a scrape
/// network: not authenticated); the `http` addresses get the autoconfiguration answers, which must be public.
/// An address in both lists gets all of them.
public struct HTTPRoutes: Sendable {
    /// Prometheus text for `GET /metrics`; nil leaves the route out.
    public var metrics: (@Sendable () -> String)?
    /// `GET /healthz`; nil leaves the route out.
    public var health: HealthProbe?
    /// Thunderbird / K-9 / FairEmail autoconfig and Outlook Autodiscover; nil leaves the routes out.
    public var autoconfig: MailClientSettings?

    public init(
        metrics: (@Sendable () -> String)? = nil, health: HealthProbe? = nil, autoconfig: MailClientSettings? = nil
    ) {
        self.metrics = metrics
        self.health = health
        self.autoconfig = autoconfig
    }

    /// Paths compare without case: Outlook asks for `/Autodiscover/Autodiscover.xml`, others lower-case.
    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .caseInsensitive)
        if let metrics {
            router.get("/metrics") { _, _ in
                Self.response(.ok, contentType: "text/plain; version=0.0.4", metrics())
            }
        }
        if let health {
            router.get("/healthz") { _, _ in
                let problem = await health.run()
                guard let problem else { return Self.response(.ok, "ok\n") }
                return Self.response(.serviceUnavailable, "unavailable: \(problem)\n")
            }
        }
        if let settings = autoconfig {
            let clientConfig: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
                let address = request.uri.queryParameters["emailaddress"].map(String.init)
                return Self.response(AutoconfigAnswer.clientConfig(settings, emailAddress: address))
            }
            router.get("/mail/config-v1.1.xml", use: clientConfig)
            router.get("/.well-known/autoconfig/mail/config-v1.1.xml", use: clientConfig)
            router.post("/autodiscover/autodiscover.xml") { request, _ in
                // Past the cap, collect throws NIOTooManyBytesError, which Hummingbird answers with 413.
                let body = try await request.body.collect(upTo: AutodiscoverRequest.maxBytes)
                return Self.response(AutoconfigAnswer.autodiscover(settings, body: Array(buffer: body)))
            }
        }
        return router
    }

    static func response(_ answer: AutoconfigAnswer) -> Response {
        response(HTTPResponse.Status(code: answer.status), contentType: answer.contentType, answer.body)
    }

    static func response(
        _ status: HTTPResponse.Status, contentType: String = "text/plain; charset=utf-8", _ body: String
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
