"""API tokens: issue one for email and password, revoke the one in use."""
from flask import g, jsonify

from tracker.api import bp
from tracker.api.auth import Unauthorized, json_body, token_required
from tracker.audit.service import AuditAction, record
from tracker.auth.limits import sign_in_limited
from tracker.auth.routes import record_failed_sign_in
from tracker.auth.service import authenticate, issue_token, revoke_token
from tracker.errors import ValidationError
from tracker.extensions import db
from tracker.transaction import transactional


@bp.post("/tokens")
@sign_in_limited
@transactional
def create_token():
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
    """Revoke the token this request was made with; it stops working at once."""
    revoke_token(g.api_token)
    return "", 204
