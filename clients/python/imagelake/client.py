"""The HTTP side: one authenticated client of ImageLake's public API, through the gateway."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request


class ApiError(Exception):
    """An answer of the API that is not a success: its status and RFC 9457 problem (type, detail)."""

    def __init__(self, status, problem_type, detail, url):
        super().__init__(f"{status} {problem_type}: {detail} ({url})")
        self.status = status
        self.type = problem_type
        self.detail = detail
        self.url = url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Stable URLs answer 302 to a presigned URL; the client follows it itself, without the key."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    """A tenant's API key against the gateway's base URL.

    Retries what the API says is passing (429 and 503, after their ``Retry-After``), up to
    ``retries`` times; every other error is an :class:`ApiError` at once.
    """

    def __init__(self, base_url, api_key, timeout=60.0, retries=5):
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self._api = urllib.request.build_opener(_NoRedirect())
        self._plain = urllib.request.build_opener()

    def get_json(self, path, **query):
        """GET ``path`` (with ``query``, None values left out) and its JSON body."""
        with self._send(self._request(path, query)) as answer:
            return json.load(answer)

    def post_json(self, path, body):
        request = self._request(path, {}, method="POST", data=json.dumps(body).encode("utf-8"))
        request.add_header("Content-Type", "application/json")
        with self._send(request) as answer:
            return json.load(answer)

    def open(self, path):
        """A stream of the file behind one of the API's stable paths (a shard, a manifest, a card).

        A stable path may answer 302 to a presigned URL: that one is fetched without the API key
        (the presigned URL is its own credential, and the object store refuses two).
        """
        try:
            return self._send(self._request(path, {}))
        except urllib.error.HTTPError as redirect:
            if redirect.code not in (301, 302, 303, 307, 308):
                raise
            location = redirect.headers["Location"]
            redirect.close()
            return self._plain.open(urllib.request.Request(location), timeout=self.timeout)

    def _request(self, path, query, method="GET", data=None):
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        query = {k: v for k, v in query.items() if v is not None}
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self._api_key)
        request.add_header("Accept", "application/json, application/problem+json, */*")
        return request

    def _send(self, request):
        for attempt in range(self.retries + 1):
            try:
                return self._api.open(request, timeout=self.timeout)
            except urllib.error.HTTPError as error:
                if error.code in (301, 302, 303, 307, 308):
                    raise
                if error.code in (429, 503) and attempt < self.retries:
                    wait = _retry_after(error.headers.get("Retry-After"), attempt)
                    error.close()
                    time.sleep(wait)
                    continue
                raise _problem(error, request.full_url) from None
        raise AssertionError("unreachable")


def _retry_after(header, attempt):
    try:
        return min(float(header), 60.0)
    except (TypeError, ValueError):
        return min(0.5 * 2**attempt, 30.0)


def _problem(error, url):
    try:
        body = json.loads(error.read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError, OSError):
        body = {}
    finally:
        error.close()
    return ApiError(error.code, body.get("type", "about:blank"), body.get("detail", error.reason), url)
