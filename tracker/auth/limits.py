"""Sign-in throttling, shared by the sign-in form and the API's token endpoint.

Both routes draw on the same two budgets, so a guesser gains nothing by alternating
between them: one per client address and one per account (the email tried), whichever
runs out first. Counters live in TRACKER_RATELIMIT_STORAGE_URI; when that storage is
unreachable the limiter falls back to counting in the process's memory and logs the
outage, so sign-in neither fails with a 500 nor goes unthrottled.
"""
import time

from flask import request

from tracker.auth.service import normalise_email
from tracker.extensions import limiter

SIGN_IN_LIMITS = "10 per minute; 50 per hour"


def attempted_account():
    """The account a sign-in attempt is for, from the form or the JSON body."""
    email = request.form.get("email") if request.mimetype != "application/json" else None
    if email is None and request.is_json:
        body = request.get_json(silent=True)
        email = body.get("email") if isinstance(body, dict) else None
    return "account:" + (normalise_email(email)[:254] if isinstance(email, str) else "")


def failed(response):
    """Only attempts that did not sign in count: a successful sign-in answers 302 (the form)
    or 201 (a new API token)."""
    return response.status_code not in (201, 302)


def sign_in_limited(view):
    """Apply both sign-in budgets to POSTs of `view`."""
    per_address = limiter.shared_limit(SIGN_IN_LIMITS, scope="sign-in-address", methods=["POST"],
                                       deduct_when=failed)
    per_account = limiter.shared_limit(SIGN_IN_LIMITS, scope="sign-in-account", methods=["POST"],
                                       key_func=attempted_account, deduct_when=failed)
    return per_address(per_account(view))


def retry_after():
    """Seconds until the exhausted sign-in budget has room again (None when unknown)."""
    current = limiter.current_limit
    if current is None:
        return None
    return max(1, int(current.reset_at - time.time()))
