"""Single sign-on with OpenID Connect (authorization code with PKCE, state and nonce).

`client.py` talks to the identity provider through Authlib and turns its answer into an
`Identity`; `linking.py` finds the account an identity signs in as, linking it on the
first sign-in by verified email; `refusals.py` names every way a sign-in is refused;
`routes.py` is the two pages. Single sign-on is on when TRACKER_OIDC_ISSUER, _CLIENT_ID and
_CLIENT_SECRET are set (config.check_sign_in); without it its routes answer 404.
"""
from flask import current_app

from tracker.errors import Forbidden


def sso_enabled():
    return bool(current_app.config.get("OIDC_ISSUER"))


def password_sign_in():
    return current_app.config.get("PASSWORD_SIGN_IN", True)


def refuse_password_sign_in():
    """Forbidden when TRACKER_PASSWORD_SIGN_IN is off (the sign-in form and the API's tokens)."""
    if not password_sign_in():
        raise Forbidden("Signing in with a password is turned off here. Use single sign-on.")
