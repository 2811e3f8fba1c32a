"""API tokens: issue one for email and password, list the caller's, revoke the one in use
or any other of the caller's own."""
from flask import g, jsonify

from tracker.accounts.profile import held_tokens, revoke_held_token
from tracker.api import bp
from tracker.api.auth import Unauthorized, json_body, token_required
from tracker.audit.service import AuditAction, record
from tracker.auth.limits import sign_in_limited
from tracker.auth.routes import record_failed_sign_in
from tracker.auth.service import authenticate, issue_token
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.sso import refuse_password_sign_in
from tracker.transaction import transactional


@bp.post("/tokens")
@sign_in_limited
@transactional
def create_token():
    refuse_password_sign_in()
    body = json_body()
    errors = {key: "This field is required." for key in ("email", "password")
              if not isinstance(body.get(key), str) or not body.get(key)}
    if errors:
        raise ValidationError(errors)
    user = authenticate(body["email"], body["password"])
    if user is None:
        record_failed_sign_in(body["email"])
        db.session.commit()  # the refusal below rolls back; the record of the attempt stays
        raise Unauthorized("That email and password do not match an active account.")
    record(AuditAction.SIGN_IN, actor=user, target=user, detail={"via": "api_token"})
    return jsonify({"token": issue_token(user)}), 201


@bp.delete("/tokens/current")
@token_required
@transactional
def revoke_current_token():
    """Revoke the token this request was made with; it stops working at once (audited like
    any other revocation)."""
    revoke_held_token(g.api_user, g.api_token.id)
    return "", 204


def _described(row):
    return {"id": row.id, "created_at": row.created_at.isoformat(), "expires_at": row.expires_at.isoformat(),
            "current": row.id == g.api_token.id}


@bp.get("/tokens")
@token_required
def list_tokens():
    """The caller's tokens that still work; `current` marks the one this request used."""
    return jsonify([_described(row) for row in held_tokens(g.api_user)])


@bp.delete("/tokens/<int:token_id>")
@token_required
@transactional
def revoke_held(token_id):
    """Revoke one of the caller's own tokens (anyone else's is not found)."""
    revoke_held_token(g.api_user, token_id)
    return "", 204
