"""The JSON API under /api/v1, with bearer-token auth and its own error format."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from tracker.api import artifacts, errors, exports, me, openapi, packet, readiness, reviews, self_assessments, tokens  # noqa: E402,F401  (routes register on bp)
from tracker.api import corroborations  # noqa: E402,F401  (stakeholder corroboration)
from tracker.api import users  # noqa: E402,F401  (people administration)
