"""Sign-in throttling, shared by the sign-in form and the API's token endpoint.

Both routes draw on the same budgets, so a guesser gains nothing by alternating between
them: failed attempts per client address and per account (the email tried), whichever runs
out first, and every attempt per address, more loosely. A successful sign-in does not use
up the budget for failures. Counters live in TRACKER_RATELIMIT_STORAGE_URI; when that storage is
unreachable the limiter falls back to counting in the process's memory and logs the
outage, so sign-in neither fails with a 500 nor goes unthrottled.
"""
import time

from flask import request

from tracker.auth.service import normalise_email
from tracker.extensions import limiter

SIGN_IN_LIMITS = "10 per minute; 50 per hour"  # failed attempts
ALL_ATTEMPTS_LIMITS = "30 per minute; 300 per hour"  # every attempt, per address


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
    """Apply the sign-in budgets to POSTs of `view`. Failures are counted once they are known,
    so attempts sent all at once could all pass that check; a looser budget that counts every
    attempt as it arrives bounds such a burst."""
    per_address = limiter.shared_limit(SIGN_IN_LIMITS, scope="sign-in-address", methods=["POST"],
                                       deduct_when=failed)
    per_account = limiter.shared_limit(SIGN_IN_LIMITS, scope="sign-in-account", methods=["POST"],
                                       key_func=attempted_account, deduct_when=failed)
    every_attempt = limiter.shared_limit(ALL_ATTEMPTS_LIMITS, scope="sign-in-burst", methods=["POST"])
    return every_attempt(per_address(per_account(view)))


def retry_after():
    """Seconds until the exhausted sign-in budget has room again (None when unknown)."""
    current = limiter.current_limit
    if current is None:
        return None
    return max(1, int(current.reset_at - time.time()))
