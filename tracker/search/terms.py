"""What someone typed, as search terms: words only (letters and digits), at most eight, all
of them required, each matched by its word stem. Anything else (quotes, operators, brackets)
is dropped, so no input can be read as query syntax."""
import re

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8
MAX_TERM_LENGTH = 40


def terms_of(text):
    words = [word.lower()[:MAX_TERM_LENGTH] for word in WORD.findall(text or "") if word.strip("_")]
    return list(dict.fromkeys(words))[:MAX_TERMS]
