"""Helpers for the race tests: a signed-in person over real HTTP (against `live_server`),
and requests released at the same moment."""
import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

from tests.conftest import PASSWORD

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Browser:
    """A signed-in person over real HTTP: cookies, CSRF tokens, forms and JSON."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())

    def request(self, method, path, body=None, headers=None, timeout=60):
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def csrf(self, path="/login"):
        return CSRF.search(self.request("GET", path)[1]).group(1)

    def login(self, email):
        form = {"email": email, "password": PASSWORD, "csrf_token": self.csrf()}
        status, _ = self.request("POST", "/login", urllib.parse.urlencode(form).encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302
        return self

    def json(self, method, path, body, token):
        return self.request(method, "/api/v1" + path, json.dumps(body).encode(),
                            {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})

    def upload(self, path, token, filename, data):
        boundary = "----tracker-test-boundary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'.encode(),
                 f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f'Content-Type: text/plain\r\n\r\n'.encode() + data + b"\r\n",
                 f"--{boundary}--\r\n".encode()]
        return self.request("POST", path, b"".join(parts),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def at_once(calls, timeout=60):
    """Run the zero-argument `calls` in parallel threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait(timeout)
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 -- reported by the assertion below
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a request did not finish in time"
    errors = [result for result in results if isinstance(result, Exception)]
    assert not errors, errors
    return results
