"""The caller's own data."""
from flask import g

from tracker.api import bp
from tracker.api.auth import refuse_unknown_parameters, token_required
from tracker.exports.my_data import download


@bp.get("/me/export")
@token_required
def export():
    """A zip of everything the caller owns (see tracker.exports.my_data)."""
    refuse_unknown_parameters(())
    return download(g.api_user)
