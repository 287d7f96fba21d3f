import Testing

/// The scrape reader itself: a histogram whose `# TYPE` line is the body's first line (the order of families
/// changes with every server process) is still one family, not three.
@Suite struct PrometheusExpositionTests {
    @Test func aHistogramRightAfterTheHeaderIsOneFamily() {
        let response = [
            "HTTP/1.1 200 OK\r", "Content-Type: text/plain; version=0.0.4\r", "Content-Length: 120\r", "\r",
            "# TYPE tern_example_seconds histogram",
            "tern_example_seconds_bucket{le=\"+Inf\"} 2",
            "tern_example_seconds_sum 0.5",
            "tern_example_seconds_count 2",
            "# TYPE tern_example_total counter",
            "tern_example_total{result=\"ok\"} 3",
        ]
        let scrape = PrometheusExposition(PrometheusExposition.body(ofResponse: response))
        #expect(scrape.families == ["tern_example_seconds", "tern_example_total"])
        #expect(scrape.total("tern_example_seconds") == 2)
        #expect(scrape.total("tern_example_total", ["result": "ok"]) == 3)
    }

    @Test func crLFLineEndsSplitToo() {
        let scrape = PrometheusExposition("# TYPE tern_a_seconds histogram\r\ntern_a_seconds_count 4\r\n")
        #expect(scrape.families == ["tern_a_seconds"])
        #expect(scrape.total("tern_a_seconds") == 4)
    }
}
