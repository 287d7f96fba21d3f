import Testing

@testable import TernStorage

@Suite("S3 XML parsing")
struct S3XMLParserTests {
    func parse(_ text: String) throws -> S3XMLElement {
        try S3XMLParser.parse(Array(text.utf8))
    }

    @Test func listObjectsV2Page() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>bucket</Name><Prefix>row/a/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
              <Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>
              <Contents><Key>row/a/1 &amp; &lt;2&gt;</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>
                <ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag><Size>0</Size><StorageClass>STANDARD</StorageClass></Contents>
              <Contents><Key>row/a/caf&#xE9;&#233;</Key><ETag>"x"</ETag><Size>12345678901</Size></Contents>
              <CommonPrefixes><Prefix>row/a/sub/</Prefix></CommonPrefixes>
              <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
            </ListBucketResult>
            """
        let page = try S3ListPage.decode(Array(xml.utf8))
        #expect(page.objects.map(\.key) == ["row/a/1 & <2>", "row/a/caféé"])
        #expect(page.objects.map(\.size) == [0, 12_345_678_901])
        #expect(page.objects[0].etag == "\"d41d8cd98f00b204e9800998ecf8427e\"")
        #expect(page.commonPrefixes == ["row/a/sub/"])
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test func lastPageAndEmptyElements() throws {
        let page = try S3ListPage.decode(Array("<ListBucketResult><IsTruncated>false</IsTruncated><Prefix/></ListBucketResult>".utf8))
        #expect(page.objects.isEmpty)
        #expect(!page.isTruncated)
        #expect(page.nextContinuationToken == nil)
    }

    @Test func truncatedListingWithoutTokenIsRefused() {
        #expect(throws: S3XMLParser.Failure.self) {
            try S3ListPage.decode(Array("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>".utf8))
        }
    }

    @Test func errorBody() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message>
            <RequestId>4442587FB7D0A2F9</RequestId></Error>
            """
        #expect(
            S3ErrorBody.decode(Array(xml.utf8))
                == S3ErrorBody(code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match"))
        #expect(S3ErrorBody.decode(Array("<html><body>502 Bad Gateway</body></html>".utf8)) == nil)
        #expect(S3ErrorBody.decode([UInt8]()) == nil)
    }

    @Test func resultOrErrorIn200() throws {
        let ok = try S3ResultOrError.decode(
            Array("<CopyObjectResult><ETag>\"e\"</ETag></CopyObjectResult>".utf8), expecting: "CopyObjectResult")
        #expect(ok == .result(S3XMLElement(name: "CopyObjectResult", children: [S3XMLElement(name: "ETag", text: "\"e\"")])))
        let failed = try S3ResultOrError.decode(
            Array("<Error><Code>InternalError</Code><Message>try again</Message></Error>".utf8), expecting: "CopyObjectResult")
        #expect(failed == .error(S3ErrorBody(code: "InternalError", message: "try again")))
    }

    @Test func deleteResultFailures() throws {
        let xml = "<DeleteResult><Deleted><Key>a</Key></Deleted><Error><Key>b</Key><Code>AccessDenied</Code><Message>no</Message></Error></DeleteResult>"
        let result = try S3DeleteResult.decode(Array(xml.utf8))
        #expect(result.failures.count == 1)
        #expect(result.failures.first?.key == "b")
        #expect(result.failures.first?.code == "AccessDenied")
    }

    @Test func commentsCDATAAttributesAndNamespaces() throws {
        let root = try parse("<!-- c --><a:Root xmlns:a='urn:x' k=\"v>w\"><a:B><![CDATA[<raw> & text]]></a:B><!-- x --><C/></a:Root>")
        #expect(root.name == "Root")
        #expect(root.text(of: "B") == "<raw> & text")
        #expect(root.child("C") != nil)
    }

    @Test(arguments: [
        "", "<a>", "<a></b>", "<a>&bogus;</a>", "<a>&#xFFFFFFFF;</a>", "<a/><b/>", "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
        "<a k=v></a>", "text", "<a><![CDATA[open</a>",
    ])
    func malformedDocumentsAreRejected(_ text: String) {
        #expect(throws: S3XMLParser.Failure.self) { try parse(text) }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
        #expect(throws: S3XMLParser.Failure.self) { try parse(deep) }
        let fine = String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10)
        #expect(throws: Never.self) { try parse(fine) }
    }

    @Test func requestBodiesEscapeKeys() {
        #expect(
            S3RequestXML.deleteObjects(["a&b", "<c>"]).hasSuffix(
                "<Quiet>true</Quiet><Object><Key>a&amp;b</Key></Object><Object><Key>&lt;c&gt;</Key></Object></Delete>"))
        #expect(
            S3RequestXML.completeMultipartUpload([(1, "\"e1\""), (2, "\"e2\"")]).hasSuffix(
                "<Part><PartNumber>1</PartNumber><ETag>&quot;e1&quot;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;e2&quot;</ETag></Part></CompleteMultipartUpload>"
            ))
    }
}
