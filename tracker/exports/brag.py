"""The brag document: a candidate's evidence for a date range as one timeline, by year and
quarter, newest first (a review reads the latest work first).

`build_brag_document` reads through the listing service and returns plain dataclasses that
every format renders; nothing here knows a format. A redacted document, for use outside the
company, passes each entry through `redaction`. Only the candidate may have their brag
document: it gathers everything they logged, and it is theirs to hand out.
"""
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from tracker import access
from tracker.artifacts.listing import LIST_OPTIONS, filtered
from tracker.corroboration.service import given_on
from tracker.dates import parse_iso_date
from tracker.errors import Forbidden, NotFound, ValidationError
from tracker.exports.redaction import NOTE, redact, scrubber
from tracker.extensions import db
from tracker.formatting import format_number
from tracker.models import Artifact
from tracker.settings.service import company_name

# What a reader outside engineering counts as an outcome; a year without one such metric on
# verified evidence is flagged.
BUSINESS_OUTCOMES = ("revenue", "cost", "risk", "speed")
STAR = (("situation", "Situation"), ("task", "Task"), ("action", "Action"), ("result", "Result"))
# Bounds on the work one document can cause (the PDF's layout grows with its length).
MAX_DAYS = 5 * 366
MAX_ENTRIES = 500
DEFAULT_DAYS = 365
SWITCHES = ("verified_only", "include_private", "redacted")
CORROBORATION_NOTE = "Statements from stakeholders show only the stakeholder's role."


@dataclass
class Options:
    start: date
    end: date
    verified_only: bool = False
    include_private: bool = False
    redacted: bool = False  # for use outside the company (see `redaction`)


@dataclass
class MetricLine:
    name: str
    baseline: float | None
    result: float | None
    unit: str
    category: str

    @property
    def change(self):
        """The relative change in whole percent (`-33%`), or None without a non-zero baseline."""
        if self.baseline in (None, 0) or self.result is None:
            return None
        percent = round((self.result - self.baseline) / abs(self.baseline) * 100)
        return f"{percent:+d}%" if percent else "0%"

    @property
    def text(self):
        """`Cloud spend: 120 -> 80 k (-33%)`."""
        unit = f" {self.unit}" if self.unit else ""
        if self.baseline is None:
            return f"{self.name}: {format_number(self.result)}{unit}"
        change = f" ({self.change})" if self.change else ""
        return f"{self.name}: {format_number(self.baseline)} -> {format_number(self.result)}{unit}{change}"


@dataclass
class Entry:
    title: str
    occurred_on: date
    type_label: str
    private: bool
    verified_by: str | None  # None: not verified; "": verified, the verifier's name left out
    verified_on: date | None
    summary: str  # Markdown, as logged
    star: list  # [(label, Markdown)] of the parts written
    metrics: list
    claims: list  # [(competency name, level name)]
    links: list
    outcomes: list  # the metrics' categories
    confidential: bool = False
    placeholder: str | None = None  # all that a confidential entry shows when redacted
    corroborations: list = field(default_factory=list)  # [Corroborated], oldest first

    @property
    def quarter(self):
        return (self.occurred_on.month - 1) // 3 + 1

    @property
    def categories(self):
        return sorted({category.capitalize() for category in self.outcomes})

    @property
    def verification(self):
        if self.verified_by is None:
            return "Not verified yet"
        by = f" by {self.verified_by}" if self.verified_by else ""
        return f"Verified{by} on {self.verified_on.isoformat()}"

    @property
    def business_outcome(self):
        return self.verified_by is not None and any(category in BUSINESS_OUTCOMES for category in self.outcomes)


@dataclass
class Corroborated:
    """A stakeholder's statement on an entry. A redacted document keeps only the role (its
    stakeholder's name left out, and their statement too: free text that may name people or
    the company in ways no scrubber can be sure to catch)."""
    name: str | None
    role: str
    statement: str | None

    @classmethod
    def of(cls, statement):
        """From a given statement (tracker.corroboration.service.Statement), on one line."""
        return cls(statement.name, statement.role, " ".join(statement.text.split()))

    @property
    def text(self):
        if self.name is None:
            return f"Corroborated by a stakeholder ({self.role})"
        return f"Corroborated by {self.name}, {self.role}: “{self.statement}”"


@dataclass
class Quarter:
    year: int
    number: int
    entries: list = field(default_factory=list)

    @property
    def label(self):
        return f"Q{self.number} {self.year}"


@dataclass
class Year:
    year: int
    quarters: list = field(default_factory=list)

    @property
    def entries(self):
        return [entry for quarter in self.quarters for entry in quarter.entries]

    @property
    def flag(self):
        """The warning for a year with no verified business outcome, or None."""
        if any(entry.business_outcome for entry in self.entries):
            return None
        return f"No verified business outcome in {self.year}: aim for at least one a year"


@dataclass
class BragDocument:
    name: str
    options: Options
    generated_on: date
    years: list

    @property
    def entries(self):
        return [entry for year in self.years for entry in year.entries]

    @property
    def title(self):
        return f"Brag document{' (redacted)' if self.options.redacted else ''}: {self.name}"

    @property
    def note(self):
        """What a redacted document left out, or None."""
        return f"{NOTE} {CORROBORATION_NOTE}" if self.options.redacted else None

    @property
    def verified_count(self):
        return sum(1 for entry in self.entries if entry.verified_by is not None)

    @property
    def filename(self):
        redacted = "redacted-" if self.options.redacted else ""
        return f"brag-document-{redacted}{self.options.start.isoformat()}-{self.options.end.isoformat()}"


def parse_options(args, today):
    """Options from query parameters (`from`, `to` and the SWITCHES), or a
    ValidationError naming each bad one. `to` defaults to today, `from` to a year before it."""
    errors = {}
    end = _date(errors, args, "to", today)
    start = _date(errors, args, "from", end - timedelta(days=DEFAULT_DAYS - 1) if end else None)
    switches = {name: _switch(errors, args, name) for name in SWITCHES}
    if start and end and not errors:
        if start > end:
            errors["from"] = "Choose a start on or before the end."
        elif (end - start).days >= MAX_DAYS:
            errors["from"] = "Choose a range of at most five years."
    if errors:
        raise ValidationError(errors)
    return Options(start, end, **switches)


def _date(errors, args, name, default):
    if not args.get(name):
        return default
    parsed = parse_iso_date(args[name])
    if parsed is None:
        errors[name] = "Give the date as YYYY-MM-DD."
    return parsed


def _switch(errors, args, name):
    """`true` or `false`; absent or empty is off."""
    text = (args.get(name) or "").strip().lower()
    if text in ("", "false"):
        return False
    if text == "true":
        return True
    errors[name] = "Give true or false."
    return False


def authorise(actor, person):
    """NotFound when the actor may not see the person, Forbidden when they may but the
    document is not their own: not even their managers or an admin get it."""
    if not access.can_view_person(actor, person):
        raise NotFound("No such person that you can see.")
    if actor.id != person.id:
        raise Forbidden("A brag document is its owner's alone: only they can export it.")


def build_brag_document(actor, person, options, today):
    """The brag document of `person` as `actor` asked for it (see `authorise`)."""
    authorise(actor, person)
    query = filtered(actor, owner=person, since=options.start, until=options.end,
                     state="verified" if options.verified_only else None)
    if not options.include_private:
        query = query.where(Artifact.visibility != "private")
    artifacts = db.session.scalars(
        query.options(*LIST_OPTIONS).order_by(Artifact.occurred_on.desc(), Artifact.id.desc())
        .limit(MAX_ENTRIES + 1)).all()
    if len(artifacts) > MAX_ENTRIES:
        raise ValidationError({"from": f"More than {MAX_ENTRIES} pieces of evidence in this range; "
                                       "choose a shorter one."})
    statements = given_on([artifact.id for artifact in artifacts])
    entries = [_entry(artifact, statements.get(artifact.id, [])) for artifact in artifacts]
    if options.redacted:
        company = company_name()
        entries = [_redacted(entry, artifact, company) for entry, artifact in zip(entries, artifacts)]
    return BragDocument(person.name, options, today, _timeline(options, entries))


def _redacted(entry, artifact, company):
    """The entry redacted; the names of those who corroborated it count as stakeholders'
    names, so its text says "a stakeholder" for them too."""
    names = [c.name for c in entry.corroborations]
    stakeholders = ", ".join([artifact.stakeholders or "", *names])
    redacted = redact(entry, stakeholders, company)
    if redacted.placeholder:
        return replace(redacted, corroborations=[])
    scrub = scrubber(company, stakeholders)
    return replace(redacted, corroborations=[Corroborated(None, scrub(c.role), None) for c in entry.corroborations])


def _entry(artifact, statements):
    verified = artifact.state == "verified" and artifact.decided_by is not None
    return Entry(
        title=artifact.title, occurred_on=artifact.occurred_on, type_label=artifact.type_label,
        private=artifact.visibility == "private",
        verified_by=artifact.decided_by.name if verified else None,
        verified_on=artifact.decided_at.date() if verified else None,
        summary=artifact.summary or "",
        star=[(label, getattr(artifact, key)) for key, label in STAR if getattr(artifact, key)],
        metrics=[MetricLine(m.name, m.baseline, m.result, m.unit or "", m.category) for m in artifact.metrics],
        claims=[(c.competency.name, c.level.name) for c in artifact.claims],
        links=list(artifact.links or []), outcomes=[m.category for m in artifact.metrics],
        confidential=artifact.confidential,
        corroborations=[Corroborated.of(statement) for statement in statements])


def _timeline(options, entries):
    """Every year of the range, newest first (a year with no evidence is still flagged), each
    with its quarters that have evidence, newest first. `entries` come newest first."""
    years = {year: Year(year) for year in range(options.end.year, options.start.year - 1, -1)}
    for entry in entries:
        year = years[entry.occurred_on.year]
        if not year.quarters or year.quarters[-1].number != entry.quarter:
            year.quarters.append(Quarter(year.year, entry.quarter))
        year.quarters[-1].entries.append(entry)
    return list(years.values())
