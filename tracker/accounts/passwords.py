"""The password rules, one validator for every place a password is chosen (the CLI, an
invitation, a change, a reset): at least 10 characters, not a common password, not the
email address (nor its name part)."""
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10
MAX_LENGTH = 1024  # hashing is the costly part; bound what one request can ask for


@lru_cache(maxsize=1)
def common_passwords():
    text = (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_problem(password, email=""):
    """What is wrong with `password` for the account `email`, as a sentence; None if fine."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.strip().lower()
    if lowered in common_passwords():
        return "That password is one of the most common ones; choose another."
    email = (email or "").strip().lower()
    if email and (lowered == email or lowered == email.split("@")[0]):
        return "Do not use your email address as your password."
    return None
