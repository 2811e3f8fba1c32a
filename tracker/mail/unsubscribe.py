"""Signed unsubscribe links: each names one person and one kind of mail, and works without
signing in (RFC 8058). They do not expire, as a link in an old mail should still work; a
link that was tampered with does not verify."""
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "mail-unsubscribe"


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def unsubscribe_token(user_id, kind):
    return _serializer().dumps([user_id, kind])


def read_unsubscribe_token(token):
    """(user id, kind), or None for a link that was not made here or was changed."""
    try:
        user_id, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind


def unsubscribe_url(user_id, kind):
    return f"{current_app.config['BASE_URL']}/unsubscribe/{unsubscribe_token(user_id, kind)}"
