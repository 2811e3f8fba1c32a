"""Rules for text that people type into one-line fields (titles, names, metric names)."""
import re

# Embeddings, overrides and isolates reorder what is shown around them, so a title can
# display as something other than what it stores ("Trojan Source"). Marks (LRM, RLM, ALM)
# only nudge neutral characters and are allowed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
BIDI_MESSAGE = ("Remove the invisible text-direction characters (U+202A to U+202E, "
                "U+2066 to U+2069); they make text display differently from what is stored.")


def has_bidi_controls(text):
    return bool(BIDI_CONTROLS.search(text))
