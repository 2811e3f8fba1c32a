"""The evidence coach: five deterministic checks of what a promotion committee looks for (a
figure, the stakeholders, a decision or trade-off, the scope, a result) and one warning
(vague claims with no figure). No network, no model: patterns and filled-in fields only.

The rules are data so the page can run the very same ones while someone writes
(`static/evidence-form.js` reads `rules_json()`); the server scores again after every save and
stores the score (`Artifact.coach_score`) for the "needs work" filter.
"""
import json
import re
from dataclasses import dataclass

from tracker.artifacts.kinds import kind_of

BAR = 4  # of 5: below it the evidence "needs work"
FLAGS = re.IGNORECASE | re.ASCII  # as the page's script reads the same patterns
SENTENCE = r"[^.!?\n]+"
TEXT = ("title", "summary", "situation", "task", "action", "result", "scope", "stakeholders")


@dataclass(frozen=True)
class Check:
    slug: str
    label: str
    hint: str
    pattern: str  # matched case-insensitively against all the text
    fields: tuple = ()  # or met when any of these is filled in ("metrics": a metric with a result)

    def met(self, text, filled):
        return bool(set(self.fields) & filled) or re.search(self.pattern, text, FLAGS) is not None


CHECKS = (
    Check("number", "Contains a number",
          "Add a figure: how much, how many, how fast. For example “cut p95 latency from 900 ms to 300 ms”.",
          r"\d", ("metrics",)),
    Check("stakeholders", "Names the stakeholders",
          "Say who was involved outside your team and what they needed, e.g. “with the CFO and Sales ops”.",
          r"\b(?:ceo|cfo|cto|coo|cpo|ciso|vp|svp|directors?|head of|board|finance|product|sales|marketing|legal|"
          r"security|compliance|support|operations|partners?|peers?|stakeholders?|executives?|leadership team|"
          r"customers?)\b", ("stakeholders",)),
    Check("decision", "States a decision or trade-off",
          "Name the decision and what you gave up for it: “we chose X instead of Y because …”.",
          r"\b(?:decide[ds]?|decision|decisions|chose|chosen|trade-?offs?|instead of|rather than|prioriti[sz]ed|"
          r"deprioriti[sz]ed|will not|won't|stopped|declined|options)\b", ("decision",)),
    Check("scope", "States the scope",
          "Say how big it was: teams, people, services, budget or customers, e.g. “4 teams, 38 engineers”.",
          r"\b\d[\d,.]*\s*(?:teams?|engineers?|people|managers?|services?|squads?|countries|regions|customers|"
          r"users|products?|departments?)\b|[$€£]\s?\d|\b(?:org-wide|company-wide|across (?:the )?"
          r"(?:org|organi[sz]ation|company|teams|departments))\b", ("scope",)),
    Check("result", "Has a result",
          "End with what changed and by how much: fill in the Result, or add an outcome metric.",
          r"\b(?:reduced|cut|saved|increased|grew|raised|lowered|improved|dropped|doubled|halved|from)\b"
          + SENTENCE.replace("+", "*") + r"\d", ("result", "metrics")),
)
VAGUE = Check("vague", "No vague claims",
              "Give the figure behind it: “improved performance” says nothing a committee can weigh.",
              r"\b(?:improved|increased|enhanced|boosted|optimi[sz]ed|streamlined|better|significant(?:ly)?|"
              r"various|a lot of|helped)\b")


@dataclass(frozen=True)
class Report:
    passed: tuple  # the checks met
    missed: tuple  # the checks missed, each with its hint
    vague: tuple  # sentences that claim without a figure

    @property
    def score(self):
        return max(0, len(self.passed) - (1 if self.vague else 0))

    @property
    def needs_work(self):
        return self.score < BAR


def vague_sentences(text):
    """Sentences with a vague claim and no figure, as written (at most five)."""
    found = []
    for sentence in re.findall(SENTENCE, text):
        if re.search(VAGUE.pattern, sentence, FLAGS) and not re.search(r"\d", sentence, re.ASCII):
            found.append(sentence.strip())
    return tuple(found[:5])


def review(text, filled):
    """The report for `text` (all the evidence's words) with `filled` (names of filled fields)."""
    passed = tuple(check for check in CHECKS if check.met(text, filled))
    missed = tuple(check for check in CHECKS if check not in passed)
    return Report(passed, missed, vague_sentences(text))


def review_evidence(texts, metrics, type_, details):
    """The report for evidence: `texts` {field: text} (TEXT), `metrics` [(name, unit)] of the
    metrics that have a result, and the type's `details`."""
    kind, details = kind_of(type_), details if isinstance(details, dict) else {}
    words = [*(str(texts.get(name) or "") for name in TEXT), *(f"{name} {unit}" for name, unit in metrics),
             *(str(word) for word in kind.words(details))]
    filled = {name for name in ("stakeholders", "scope", "result") if str(texts.get(name) or "").strip()}
    filled |= kind.filled(details)
    if metrics:
        filled.add("metrics")
    return review("\n".join(word for word in words if word), filled)


def review_artifact(artifact):
    """The report for a saved (or about to be saved) artifact."""
    return review_evidence({name: getattr(artifact, name) for name in TEXT},
                           [(m.name, m.unit) for m in artifact.metrics if m.result is not None],
                           artifact.type, artifact.details)


def review_values(values):
    """The report for what a form holds (plain strings, as posted), before it is saved."""
    return review_evidence(values, [(m.get("name", ""), m.get("unit", "")) for m in values.get("metrics") or []
                                    if str(m.get("result") or "").strip()],
                           values.get("type"), values.get("details"))


def rules_json():
    """The checks as the page's script runs them."""
    return json.dumps({"bar": BAR, "sentence": SENTENCE,
                       "checks": [{"slug": c.slug, "label": c.label, "hint": c.hint, "pattern": c.pattern,
                                   "fields": list(c.fields)} for c in CHECKS],
                       "vague": {"label": VAGUE.label, "hint": VAGUE.hint, "pattern": VAGUE.pattern}}
                      ).replace("<", "\\u003c")  # inert inside the page's <script type="application/json">
