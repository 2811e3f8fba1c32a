"""The redacted brag document, for use outside the company.

A confidential entry becomes one neutral line ("Confidential: cost outcome, Q2 2026"). Every
other entry loses its links (and never shows stakeholders or attachments), its metrics keep
only their relative change, its verification keeps no verifier's name (they work at the
company), and its remaining text says "the company" for the company name an admin set and
"a stakeholder" for the names in its stakeholders field (any case, whole occurrences), with
web addresses left out.
"""
import re
from dataclasses import dataclass, replace

NOTE = ("Redacted for use outside the company: confidential evidence shows only its kind of outcome and its "
        "quarter; the company's name, stakeholders' names, links and attachments are left out; metrics show only "
        "their relative change; verified evidence says so without naming the verifier, who works at the company.")
COMPANY = "the company"
STAKEHOLDER = "a stakeholder"
LINK_LEFT_OUT = "(link left out)"
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # [text](address), ![alt](address): the text stays
ADDRESS = re.compile(r"<?\b(?:https?|ftp|file|mailto):[^\s<>()\[\]\"']*>?", re.IGNORECASE)
# Stakeholders are written as a list: "Dana Lee (CFO), finance team; Raj and Ana".
STAKEHOLDER_SEPARATORS = re.compile(r"[,;/()]|\band\b|&")


@dataclass
class RelativeMetric:
    """A metric as a relative change only: `Cloud spend: -33%`, or just its name without one."""
    name: str
    change: str | None
    category: str

    @property
    def text(self):
        return f"{self.name}: {self.change}" if self.change else self.name


def names_pattern(names):
    """A pattern matching any of `names` as whole occurrences, in any case; None for none."""
    names = sorted({name.strip() for name in names if name.strip()}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", re.IGNORECASE)


def scrubber(company, stakeholders):
    """A function that redacts one text: addresses, then stakeholder names, then the company."""
    replacements = [(names_pattern(STAKEHOLDER_SEPARATORS.split(stakeholders or "")), STAKEHOLDER),
                    (names_pattern([company]), COMPANY)]

    def scrub(text):
        text = ADDRESS.sub(LINK_LEFT_OUT, MARKDOWN_LINK.sub(r"\1", text))
        for pattern, replacement in replacements:
            if pattern is not None:
                text = pattern.sub(replacement, text)
        return text

    return scrub


def placeholder(entry):
    """`Confidential: cost outcome, Q2 2026`; `Confidential: outcome, Q2 2026` without metrics."""
    categories = " and ".join(sorted(set(entry.outcomes)))
    return f"Confidential: {categories + ' ' if categories else ''}outcome, Q{entry.quarter} {entry.occurred_on.year}"


def redact(entry, stakeholders, company):
    """The entry as a redacted document shows it. `stakeholders` is the evidence's stakeholders
    field; `company` the company name ("" when none is set: nothing is replaced)."""
    verified_by = None if entry.verified_by is None else ""
    if entry.confidential:
        return replace(entry, title="", type_label="", private=False, verified_by=verified_by, summary="",
                       star=[], metrics=[], claims=[], links=[], placeholder=placeholder(entry))
    scrub, framework_text = scrubber(company, stakeholders), scrubber(company, "")
    return replace(
        entry, title=scrub(entry.title), verified_by=verified_by, summary=scrub(entry.summary),
        star=[(label, scrub(text)) for label, text in entry.star],
        metrics=[RelativeMetric(scrub(m.name), m.change, m.category) for m in entry.metrics],
        claims=[(framework_text(competency), framework_text(level)) for competency, level in entry.claims],
        links=[])
