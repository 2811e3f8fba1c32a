"""Ranking the matches (at most search.CAP) in Python, the same way on every database: a
BM25-style score from how often each term's word stem starts a word of the document, words
in the title (the document's first line) counting double, shorter documents a little ahead."""
import re

K1, B = 1.2, 0.75
AVERAGE_WORDS = 40
CHARACTERS_PER_WORD = 6


def stem(term):
    """A crude stem for counting: `reducing` and `reduced` both count for `reduc`."""
    return term[:max(4, len(term) - 3)] if len(term) > 4 else term


def score(document, patterns):
    title, _, rest = document.partition("\n")
    length = max(1.0, len(document) / CHARACTERS_PER_WORD)
    total = 0.0
    for pattern in patterns:
        frequency = 2 * len(pattern.findall(title)) + len(pattern.findall(rest))
        total += frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / AVERAGE_WORDS))
    return total


def ranked(documents, ids, terms):
    """`ids` (newest first) best first; ties keep the newer first."""
    patterns = [re.compile(r"\b" + re.escape(stem(term)), re.IGNORECASE) for term in terms]
    scores = {artifact_id: score(documents.get(artifact_id, ""), patterns) for artifact_id in ids}
    return sorted(ids, key=lambda artifact_id: -scores[artifact_id])
