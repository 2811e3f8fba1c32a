"""Framework import, export and lookup. Callers own the transaction (commit or roll back)."""
from pathlib import Path

import yaml
from flask import g, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import make_transient_to_detached, selectinload

from tracker.extensions import db
from tracker.models.base import utcnow
from tracker.frameworks.validation import FrameworkError, validate_framework
from tracker.models import Claim, Competency, Descriptor, Framework, Level

BUNDLED_DIR = Path(__file__).parent / "data"
DEFAULT_SLUG = "vp_engineering"


def parse_yaml(text):
    """Parse and validate YAML text; raise FrameworkError with field paths."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkError({"(yaml)": str(exc).replace("\n", " ")}) from exc
    return validate_framework(doc)


# Per process: slug -> (the framework's updated_at, a detached copy of it, its levels and its
# competencies). A request that finds the same updated_at merges the copy into its session
# without a query; any import or edit moves updated_at. Descriptors stay out of the copy (27
# objects of 40 to merge on every request): pages read them from `readiness.guide`'s copy.
_snapshots = {}


def get_framework(slug):
    """The framework with its levels and competencies loaded, or None (a competency's
    descriptors load when asked for; pages ask `readiness.guide.competency_descriptors`).

    It costs the catalogue's one query per transaction; the framework itself comes from the
    process's copy when its version is current, else from four queries (which refresh the
    copy)."""
    loaded = g.setdefault("frameworks_loaded", {}) if has_app_context() else {}
    framework = loaded.get(slug)
    if framework is not None and framework in db.session:
        return framework
    entry = _catalogue().get(slug) or _catalogue(fresh=True).get(slug)
    if entry is None:
        return None
    version = entry.updated_at
    snapshot = _snapshots.get(slug)
    if snapshot is not None and snapshot[0] == version:
        framework = db.session.merge(snapshot[1], load=False)
    else:
        framework = _load_framework(slug)
        if framework is not None and framework.updated_at == version:
            _snapshots[slug] = (version, _detached_copy(framework))
    if framework is not None:
        loaded[slug] = framework
    return framework


def current_frameworks(slugs):
    """The frameworks as committed now, for rewriting stored readiness: a transaction that
    waited for a lock may hold a copy loaded before another transaction imported a new
    version, and judging with it would store the old rules. One query, and four more for
    each framework that did move."""
    catalogue = _catalogue(fresh=True)
    loaded = g.setdefault("frameworks_loaded", {}) if has_app_context() else {}
    frameworks = []
    for slug in slugs:
        framework = get_framework(slug)
        if framework is not None and slug in catalogue and framework.updated_at != catalogue[slug].updated_at:
            framework = db.session.scalar(
                select(Framework).where(Framework.slug == slug)
                .options(selectinload(Framework.levels), selectinload(Framework.competencies))
                .execution_options(populate_existing=True))
            loaded[slug] = framework
        frameworks.append(framework)
    return frameworks


def _catalogue(fresh=False):
    """{slug: (id, slug, name, kind, updated_at)} of every framework, by name: one query per
    transaction (a commit or rollback starts a new one, which reads it again)."""
    cached = g.get("framework_catalogue") if has_app_context() else None
    transaction = db.session().get_transaction()
    if cached is not None and not fresh and transaction is not None and cached[0] is transaction:
        return cached[1]
    rows = db.session.execute(select(Framework.id, Framework.slug, Framework.name, Framework.kind,
                                     Framework.updated_at).order_by(Framework.name, Framework.slug)).all()
    catalogue = {row.slug: row for row in rows}
    if has_app_context():
        g.framework_catalogue = (db.session().get_transaction(), catalogue)
    return catalogue


def _columns(instance):
    return {column.key: getattr(instance, column.key) for column in type(instance).__table__.columns}


def _detached_copy(framework):
    """New instances holding the loaded values, detached (not in any session), that
    `Session.merge(load=False)` can bring into a session without querying."""
    copy = Framework(**_columns(framework))
    levels = {level.id: Level(**_columns(level)) for level in framework.levels}
    copy.levels = list(levels.values())
    copy.competencies = [Competency(**_columns(competency)) for competency in framework.competencies]
    instances = [copy, *copy.levels, *copy.competencies]
    for instance in instances:
        make_transient_to_detached(instance)
    return copy


def _load_framework(slug):
    return db.session.scalar(
        select(Framework)
        .where(Framework.slug == slug)
        .options(
            selectinload(Framework.levels),
            selectinload(Framework.competencies).selectinload(Competency.descriptors),
        )
    )


def list_frameworks():
    """Every framework's id, slug, name and kind, by name (for menus and lists)."""
    return list(_catalogue().values())


def framework_for(user):
    """The framework a candidate is judged against (their own, else the default)."""
    if user.framework_id is None:
        return get_framework(DEFAULT_SLUG)
    slug = next((row.slug for row in _catalogue().values() if row.id == user.framework_id), None)
    return get_framework(slug or user.framework.slug)


def _claims_using(column, ids):
    if not ids:
        return 0
    return db.session.scalar(select(func.count(Claim.id)).where(column.in_(ids)))


def import_framework(clean, origin="imported"):
    """Create or update a framework from validated data. Refuses to drop anything in use.
    `origin` is "bundled" for `frameworks sync`; anything an admin imports is "imported"
    and from then on left alone by sync."""
    framework = get_framework(clean["slug"])
    if framework is None:
        framework = Framework(slug=clean["slug"])
        db.session.add(framework)
    level_slugs = {level["slug"] for level in clean["levels"]}
    competency_slugs = {competency["slug"] for competency in clean["competencies"]}
    dropped_levels = [level for level in framework.levels if level.slug not in level_slugs]
    dropped_competencies = [c for c in framework.competencies if c.slug not in competency_slugs]
    errors = {}
    if _claims_using(Claim.level_id, [level.id for level in dropped_levels]):
        errors["levels"] = "cannot remove levels that evidence already claims: " + ", ".join(
            level.slug for level in dropped_levels)
    if _claims_using(Claim.competency_id, [c.id for c in dropped_competencies]):
        errors["competencies"] = "cannot remove competencies that evidence already claims: " + ", ".join(
            c.slug for c in dropped_competencies)
    if errors:
        raise FrameworkError(errors)

    for key in ("name", "description", "min_evidence", "min_distinct_months", "ready_rows", "transition_rows",
                "kind", "bands", "proof_pack", "stage_names"):
        setattr(framework, key, clean[key])
    framework.content_version, framework.origin = clean["version"], origin
    levels = {level.slug: level for level in framework.levels}
    for level in dropped_levels:
        framework.levels.remove(level)
    for position, data in enumerate(clean["levels"]):
        level = levels.get(data["slug"])
        if level is None:
            level = Level(slug=data["slug"])
            framework.levels.append(level)
        level.name, level.description, level.position = data["name"], data["description"], position
        level.points = data["points"]
        levels[data["slug"]] = level
    competencies = {c.slug: c for c in framework.competencies}
    for competency in dropped_competencies:
        framework.competencies.remove(competency)
    db.session.flush()
    for position, data in enumerate(clean["competencies"]):
        competency = competencies.get(data["slug"])
        if competency is None:
            competency = Competency(slug=data["slug"])
            framework.competencies.append(competency)
        competency.name, competency.summary, competency.position = data["name"], data["summary"], position
        competency.evidence_hints, competency.weak_signals = data["evidence_hints"], data["weak_signals"]
        competency.guidance = data["guidance"]
        existing = {d.level.slug: d for d in competency.descriptors if d.level is not None}
        for level_slug, text in data["descriptors"].items():
            descriptor = existing.get(level_slug)
            if descriptor is None:
                competency.descriptors.append(Descriptor(level=levels[level_slug], text=text))
            else:
                descriptor.text = text
    db.session.flush()
    # The loaded lists keep their old order (a new level was appended): put them in place,
    # since rules and pages read levels by position. Touch the row so its version moves.
    framework.levels.sort(key=lambda level: level.position)
    framework.competencies.sort(key=lambda competency: competency.position)
    framework.updated_at = utcnow()
    if has_app_context():
        g.pop("framework_catalogue", None)  # the version moved
    return framework


def export_framework(framework):
    """The framework as a document that `import_framework` accepts unchanged."""
    ladder = framework.kind == "ladder"
    thresholds = {"min_evidence": framework.min_evidence, "min_distinct_months": framework.min_distinct_months}
    if ladder:
        thresholds.update(ready_rows=framework.ready_rows, transition_rows=framework.transition_rows)
    document = {
        "slug": framework.slug,
        "name": framework.name,
        "kind": framework.kind,
        "version": framework.content_version,
        "description": framework.description,
        "levels": [
            {"slug": level.slug, "name": level.name, "points": level.points, "description": level.description}
            for level in framework.levels
        ],
        "thresholds": thresholds,
    }
    if ladder and framework.stage_names:
        document["stages"] = dict(framework.stage_names)
    if not ladder:
        document["bands"] = [dict(band) for band in framework.bands or []]
    if framework.proof_pack:
        document["proof_pack"] = [dict(item) for item in framework.proof_pack]
    document["competencies"] = [
        {
            "slug": c.slug,
            "name": c.name,
            "summary": c.summary,
            "descriptors": {level.slug: c.descriptor_for(level) for level in framework.levels},
            "evidence_hints": list(c.evidence_hints or []),
            "weak_signals": list(c.weak_signals or []),
            **({"guidance": dict(c.guidance)} if c.guidance else {}),
        }
        for c in framework.competencies
    ]
    return document


def export_yaml(framework):
    return yaml.safe_dump(export_framework(framework), sort_keys=False, allow_unicode=True, width=100)


def sync_bundled_frameworks():
    """Install the bundled frameworks the database lacks and upgrade bundled copies older
    than the package's YAML. Frameworks an admin imported are never touched, even when they
    share a bundled slug. Returns {slug: what happened}; the caller commits."""
    report = {}
    for path in sorted(BUNDLED_DIR.glob("*.yaml")):
        clean = parse_yaml(path.read_text(encoding="utf-8"))
        installed = db.session.execute(
            select(Framework.origin, Framework.content_version).where(Framework.slug == clean["slug"])).first()
        if installed is None:
            import_framework(clean, origin="bundled")
            report[clean["slug"]] = f"installed (version {clean['version']})"
        elif installed.origin != "bundled":
            report[clean["slug"]] = "kept: an admin imported this framework"
        elif installed.content_version < clean["version"]:
            import_framework(clean, origin="bundled")
            report[clean["slug"]] = f"upgraded from version {installed.content_version} to {clean['version']}"
        else:
            report[clean["slug"]] = f"current (version {installed.content_version})"
    return report
