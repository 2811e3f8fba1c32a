"""Sign-in, users and API tokens."""
