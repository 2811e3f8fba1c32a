"""The OpenID Connect client, through Authlib's Flask integration.

Authlib's `OAuth` registry remembers one application and caches its clients, so each
application gets a registry of its own (in `app.extensions`) instead of one shared, unbound
instance. The provider's discovery document and keys are fetched on first use and kept;
a key the provider rotates in is fetched when an ID token names it.

Authlib keeps the state, the nonce and the PKCE verifier in the session, checks the state
on the way back and the ID token's signature, nonce, expiry and issuer. The audience is
checked here: Authlib's default only looks at `azp`.
"""
from dataclasses import dataclass

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import OAuth
from flask import current_app, request, session
from joserfc.errors import JoseError

from config import check_sign_in
from tracker.auth.service import normalise_email
from tracker.sso.refusals import Refusal, SignInRefused

EXTENSION = "tracker_sso"
NAME = "sso"
PENDING = f"_state_{NAME}_"  # how Authlib names the session keys of sign-ins under way
SCOPES = "openid email profile"
TIMEOUT = 10  # seconds for each call to the provider
# The provider cannot be reached, or answered something other than the protocol says
# (Authlib raises RuntimeError for missing endpoints, KeyError for a key set without keys).
PROVIDER_TROUBLE = (requests.RequestException, RuntimeError, KeyError, TypeError, ValueError)


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in. `subject` is "ISSUER SUB", unique across providers."""
    subject: str
    email: str
    email_verified: bool


def register(app):
    """Check the sign-in settings and, when single sign-on is on, make the app's client."""
    check_sign_in(app.config)
    issuer = app.config.get("OIDC_ISSUER")
    if not issuer:
        return
    app.extensions[EXTENSION] = OAuth(app).register(
        NAME, client_id=app.config["OIDC_CLIENT_ID"], client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPES, "code_challenge_method": "S256",
                       "token_endpoint_auth_method": "client_secret_basic", "default_timeout": TIMEOUT})


def _client():
    return current_app.extensions[EXTENSION]


def redirect_to_provider(redirect_uri):
    """The redirect to the provider's sign-in, with a fresh state, nonce and PKCE challenge.
    A sign-in started earlier and not finished is dropped: each one keeps about half a
    kilobyte in the session cookie, which a browser refuses beyond 4 KB."""
    for key in [key for key in session if key.startswith(PENDING)]:
        session.pop(key)
    try:
        return _client().authorize_redirect(redirect_uri)
    except PROVIDER_TROUBLE as exc:
        raise SignInRefused(Refusal.PROVIDER_UNAVAILABLE, problem=repr(exc)) from None


def identity_from_callback():
    """Finish the flow the provider sent the person back from: check the state, exchange
    the code (with the PKCE verifier and the client secret), check the ID token."""
    if request.args.get("error"):
        raise SignInRefused(Refusal.PROVIDER_SAID_NO, problem=request.args["error"][:100])
    client = _client()
    expected = {"iss": {"essential": True, "value": current_app.config["OIDC_ISSUER"]},
                "aud": {"essential": True, "value": client.client_id}}
    try:
        token = client.authorize_access_token(claims_options=expected)
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise SignInRefused(Refusal.UNTRUSTED_ANSWER, problem="no ID token")
        if "email" not in claims or "email_verified" not in claims:
            claims = _with_userinfo(client, claims)
    except MismatchingStateError:
        raise SignInRefused(Refusal.BAD_STATE) from None
    except OAuthError as exc:
        raise SignInRefused(Refusal.TOKEN_REFUSED, problem=exc.error) from None
    except JoseError as exc:
        raise SignInRefused(Refusal.UNTRUSTED_ANSWER, problem=f"{exc.error}: {exc.description}") from None
    except PROVIDER_TROUBLE as exc:
        raise SignInRefused(Refusal.PROVIDER_UNAVAILABLE, problem=repr(exc)) from None
    subject = f"{current_app.config['OIDC_ISSUER']} {claims['sub']}"
    email = claims.get("email")
    if len(subject) > 255 or not isinstance(email, str):
        raise SignInRefused(Refusal.UNTRUSTED_ANSWER, problem="subject too long or no email")
    return Identity(subject=subject, email=normalise_email(email),
                    email_verified=claims.get("email_verified") in (True, "true"))


def _with_userinfo(client, claims):
    """Email claims the ID token left out, from the userinfo endpoint (for the same subject)."""
    if not client.load_server_metadata().get("userinfo_endpoint"):
        return claims
    info = client.userinfo()
    if info.get("sub") != claims["sub"]:
        raise SignInRefused(Refusal.UNTRUSTED_ANSWER, problem="userinfo is about another subject")
    return {key: info[key] for key in ("email", "email_verified") if key in info} | claims
