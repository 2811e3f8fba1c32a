"""A small OpenID provider on loopback for the single-sign-on tests: discovery, keys,
`/authorize` (consents at once), `/token` (client secret, PKCE and single-use codes checked)
and `/userinfo`. What it says about the person, and how it misbehaves, is set per test."""
import base64
import hashlib
import json
import secrets
import threading
import time
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID, CLIENT_SECRET = "tracker", "client-secret-for-tests"
KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key"}, private=True)
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key"}, private=True)  # same kid, wrong key


def s256(verifier):
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class Provider:
    """Set `person` (the claims about who signs in) and the misbehaviours before a flow:
    `deny` (answer error=access_denied), `nonce` (a wrong one), `audience`, `signing_key`,
    `email_in_id_token` (False: only /userinfo tells the email)."""

    def __init__(self):
        self.url = None
        self.person = {"sub": "user-1", "email": "candidate@example.com", "email_verified": True}
        self.deny = False
        self.nonce = None
        self.audience = CLIENT_ID
        self.signing_key = KEY
        self.email_in_id_token = True
        self.codes = {}  # code -> what /authorize was asked, until /token uses it
        self.authorizations = []  # the query of every /authorize request
        self.token_requests = []  # (whether the client secret was right, the form) of every /token request
        self.access_tokens = {}

    def __call__(self, environ, start_response):
        request = Request(environ)
        routes = {"/.well-known/openid-configuration": self.discovery, "/jwks": self.jwks,
                  "/authorize": self.authorize, "/token": self.token, "/userinfo": self.userinfo}
        handler = routes.get(request.path)
        response = handler(request) if handler else Response("not found", status=404)
        return response(environ, start_response)

    def discovery(self, request):
        return answer({"issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                     "token_endpoint": f"{self.url}/token", "userinfo_endpoint": f"{self.url}/userinfo",
                     "jwks_uri": f"{self.url}/jwks", "response_types_supported": ["code"],
                     "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                     "code_challenge_methods_supported": ["S256"],
                     "token_endpoint_auth_methods_supported": ["client_secret_basic"]})

    def jwks(self, request):
        return answer(KeySet([KEY]).as_dict(private=False))

    def authorize(self, request):
        query = request.args.to_dict()
        self.authorizations.append(query)
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return answer({"error": "invalid_request"}, 400)
        back = {"state": query["state"]}
        if self.deny:
            back["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = query
            back["code"] = code
        return Response(status=302, headers={"Location": f"{query['redirect_uri']}?{urlencode(back)}"})

    def token(self, request):
        secret_right = (request.authorization is not None and request.authorization.type == "basic"
                        and request.authorization.username == CLIENT_ID
                        and request.authorization.password == CLIENT_SECRET)
        self.token_requests.append((secret_right, request.form.to_dict()))
        if not secret_right:
            return answer({"error": "invalid_client"}, 401)
        asked = self.codes.pop(request.form.get("code"), None)
        if (asked is None or request.form.get("redirect_uri") != asked["redirect_uri"]
                or s256(request.form.get("code_verifier", "")) != asked["code_challenge"]):
            return answer({"error": "invalid_grant"}, 400)
        now = int(time.time())
        claims = {"iss": self.url, "aud": self.audience, "sub": self.person["sub"], "iat": now,
                  "exp": now + 300, "nonce": self.nonce or asked["nonce"]}
        if self.email_in_id_token:
            claims |= self.person
        access_token = secrets.token_urlsafe(16)
        self.access_tokens[access_token] = dict(self.person)
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.signing_key)
        return answer({"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token})

    def userinfo(self, request):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        person = self.access_tokens.get(token) if scheme == "Bearer" else None
        return answer(person) if person else answer({"error": "invalid_token"}, 401)


def answer(body, status=200):
    return Response(json.dumps(body), status=status, mimetype="application/json")


class Running:
    """The provider served on loopback in a thread, until `stop`."""

    def __init__(self, provider):
        self.server = make_server("127.0.0.1", 0, provider, threaded=True)
        provider.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
