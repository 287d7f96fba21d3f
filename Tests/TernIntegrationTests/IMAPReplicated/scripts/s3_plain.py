"""The few S3 calls the replicator makes, for a plain moto server (it checks no signature): list a bucket (every
page), GET, PUT and DELETE one object, create a bucket."""
import calendar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree

NAMESPACE = "{http://s3.amazonaws.com/doc/2006-03-01/}"
# Any credential will do, but an anonymous GET of an object is refused (403): moto applies the bucket's ACL.
AUTHORIZATION = ("AWS4-HMAC-SHA256 Credential=TERNMOTOTESTKEY/20200101/us-east-1/s3/aws4_request, "
                 "SignedHeaders=host, Signature=0")


class S3Endpoint:
    def __init__(self, host_port, bucket, timeout=30):
        self.base = f"http://{host_port}/{bucket}"
        self.timeout = timeout

    def _request(self, method, key="", query="", body=None):
        url = self.base + ("/" + urllib.parse.quote(key, safe="/") if key else "") + (("?" + query) if query else "")
        # An explicit content type: moto's web layer reads a form-encoded body as a form and stores nothing.
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={"Content-Type": "application/octet-stream",
                                                  "Authorization": AUTHORIZATION})
        return urllib.request.urlopen(request, timeout=self.timeout)

    def create_bucket(self):
        try:
            self._request("PUT").read()
        except urllib.error.HTTPError as error:
            if error.code != 409:  # already there
                raise

    def list(self):
        """{key: (etag, last-modified as seconds since the epoch)} of the whole bucket."""
        found, token = {}, None
        while True:
            query = "list-type=2" + ("&continuation-token=" + urllib.parse.quote(token, safe="") if token else "")
            with self._request("GET", query=query) as response:
                root = ElementTree.fromstring(response.read())
            for item in root.iter(NAMESPACE + "Contents"):
                modified = item.findtext(NAMESPACE + "LastModified")
                found[item.findtext(NAMESPACE + "Key")] = (item.findtext(NAMESPACE + "ETag"), parse_time(modified))
            if root.findtext(NAMESPACE + "IsTruncated") != "true":
                return found
            token = root.findtext(NAMESPACE + "NextContinuationToken")

    def get(self, key):
        """The object's bytes, or None when it is gone."""
        try:
            with self._request("GET", key) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise

    def put(self, key, body):
        """Stores the object; returns its new ETag."""
        with self._request("PUT", key, body=body) as response:
            response.read()
            return response.headers.get("ETag")

    def delete(self, key):
        self._request("DELETE", key).read()


def parse_time(text):
    """Seconds since the epoch of an S3 timestamp such as 2026-12-07T19:45:54.000Z (moto keeps whole seconds)."""
    found = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z", text or "")
    if not found:
        return 0.0
    whole = calendar.timegm(tuple(int(part) for part in found.groups()[:6]) + (0, 0, 0))
    return whole + float("0." + (found.group(7) or "0"))
