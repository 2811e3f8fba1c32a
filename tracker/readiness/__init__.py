"""Readiness: the rules of SPEC section 3, the matrix page and the team view."""
