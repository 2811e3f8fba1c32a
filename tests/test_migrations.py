"""The committed migrations build the schema from nothing, tear it down, and build it again,
on SQLite and (with TRACKER_TEST_DATABASE_URL) on PostgreSQL."""
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade

from tests.conftest import dispose, make_app, scratch_database
from tracker.database_cli import upgrade_database
from tracker.extensions import db

TABLES = {"users", "api_tokens", "frameworks", "levels", "competencies", "descriptors", "artifacts",
          "attachments", "user_targets", "readiness_status", "readiness_cells", "readiness_standing", "mail_deliveries", "mail_opt_outs", "mail_runs", "notifications", "self_assessments",
          "review_sessions", "review_topics", "review_notes", "agreed_levels", "review_action_items",
          "review_decisions", "mail_outbox", "site_settings", "packet_explanations", "endorsements",
          "claims", "metrics", "artifact_events", "account_links", "audit_events", "corroborations"}


@pytest.fixture()
def empty_url(tmp_path):
    with scratch_database(tmp_path, "tracker_migrations_check") as url:
        yield url


def tables():
    """The tables the models describe (the search index's are checked apart)."""
    from tracker.search import described_by_models
    return {name for name in sa.inspect(db.engine).get_table_names()
            if name != "alembic_version" and described_by_models(name, "table", None)}


def search_index_exists():
    return "artifact_search" in sa.inspect(db.engine).get_table_names()


def test_upgrade_downgrade_upgrade_from_empty(empty_url):
    app = make_app(empty_url)
    with app.app_context():
        assert tables() == set()
        upgrade_database()
        assert tables() == TABLES and search_index_exists()
        slugs = db.session.scalars(sa.text("SELECT slug FROM frameworks ORDER BY slug")).all()
        assert slugs == ["cto_readiness", "em_scorecard", "it_director", "vp_engineering"]
        db.session.remove()  # end the read transaction, or PostgreSQL's DROP TABLE waits on it
        downgrade(revision="base")
        assert tables() == set() and not search_index_exists()
        upgrade_database()
        assert tables() == TABLES
        assert db.session.scalar(sa.text("SELECT count(*) FROM competencies")) == 8 + 9 + 9 + 9
    dispose(app)


def test_models_match_the_migrations(app):
    """Autogenerate finds nothing to add: the committed migrations are complete."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from tracker.search import described_by_models

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": described_by_models})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_db_upgrade_command_on_a_fresh_database(empty_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # operators run it from anywhere, not only the checkout's root
    app = make_app(empty_url)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Framework vp_engineering: installed" in result.output
    with app.app_context():
        assert tables() == TABLES
        assert db.session.scalar(sa.text("SELECT count(*) FROM frameworks")) == 4
    again = app.test_cli_runner().invoke(args=["db", "upgrade"])  # idempotent
    assert again.exit_code == 0
    dispose(app)


def test_typed_state_history_is_filled_in_for_earlier_events(empty_url):
    app = make_app(empty_url)
    with app.app_context():
        upgrade_database(revision="0005")
        db.session.execute(sa.text(
            "INSERT INTO users (id, email, name, password_hash, is_admin, active, reminders_enabled, timezone, "
            "created_at, session_generation) VALUES (1, 'a@example.com', 'A', 'x', false, true, true, 'UTC', "
            "'2026-01-01 00:00:00+00', 0)"))
        db.session.execute(sa.text(
            "INSERT INTO artifacts (id, owner_id, author_id, type, title, occurred_on, summary, situation, task, "
            "action, result, scope, stakeholders, links, visibility, state, decision_comment, created_at, "
            "updated_at, version) VALUES (1, 1, 1, 'other', 'T', '2026-01-01', '', '', '', '', '', '', '', '[]', "
            "'manager', 'verified', '', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00', 3)"))
        for event_id, state in ((1, "draft"), (2, "submitted"), (3, "verified")):
            db.session.execute(sa.text(
                "INSERT INTO artifact_events (id, artifact_id, actor_id, kind, comment, snapshot, created_at) "
                "VALUES (:id, 1, 1, 'x', '', :snapshot, '2026-01-01 00:00:00+00')"),
                {"id": event_id, "snapshot": f'{{"state": "{state}"}}'})
        db.session.commit()
        upgrade_database()
        rows = db.session.execute(sa.text(
            "SELECT from_state, to_state FROM artifact_events ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [(None, "draft"), ("draft", "submitted"), ("submitted", "verified")]
        db.session.remove()
    dispose(app)


def test_upgrading_a_database_with_evidence_builds_the_stored_status(empty_url):
    from tracker.auth.service import create_user
    from tracker.models import Artifact, Claim, ReadinessCell, ReadinessStatus
    from tracker.readiness.status import computed_rows

    app = make_app(empty_url)
    with app.app_context():
        upgrade_database()
        person = create_user("p@example.com", "P", "long-enough-password")
        db.session.commit()
        framework_id = db.session.scalar(sa.text("SELECT id FROM frameworks WHERE slug = 'vp_engineering'"))
        competency = db.session.scalar(sa.text(f"SELECT id FROM competencies WHERE framework_id = {framework_id} "
                                               "ORDER BY position LIMIT 1"))
        level = db.session.scalar(sa.text(f"SELECT id FROM levels WHERE framework_id = {framework_id} "
                                          "ORDER BY position LIMIT 1"))
        for month in (1, 2):  # written behind the hooks' back, as data from before this version is
            db.session.execute(sa.insert(Artifact.__table__).values(
                id=month, owner_id=person.id, author_id=person.id, type="other", title="T",
                occurred_on=date(2026, month, 10),
                summary="", situation="", task="", action="", result="", scope="", stakeholders="", links=[],
                visibility="manager", state="verified", decision_comment="", version=1,
                created_at=datetime.now(timezone.utc), updated_at=datetime.now(timezone.utc)))
            db.session.execute(sa.insert(Claim.__table__).values(artifact_id=month, competency_id=competency,
                                                                 level_id=level))
        db.session.execute(sa.delete(ReadinessStatus))
        db.session.execute(sa.delete(ReadinessCell))
        db.session.commit()
        assert upgrade_database()[1]  # at head already: only the post-upgrade steps run, and rebuild
        stored = db.session.execute(sa.select(ReadinessStatus.level_id, ReadinessStatus.counting)).all()
        assert [tuple(row) for row in stored] == [(level, 2)]
        cells = db.session.execute(sa.select(ReadinessCell.level_id, ReadinessCell.verified,
                                             ReadinessCell.reached_on).order_by(ReadinessCell.level_id)).all()
        assert [tuple(row) for row in cells][0] == (level, 2, date(2026, 2, 10))
        assert len(cells) == 3  # every level of the competency, reached or not
        status, computed_cells, standing = computed_rows(db.session, [person.id])
        assert len(status) == 1 and len(computed_cells) == 3 and len(standing) == 1
        db.session.remove()
    dispose(app)


@pytest.mark.parametrize("edited", [False, True])
def test_upgrading_keeps_an_admins_vp_framework_and_upgrades_an_untouched_one(empty_url, edited):
    app = make_app(empty_url)
    with app.app_context():
        upgrade_database(revision="0003")
        from tracker.frameworks.service import BUNDLED_DIR
        import yaml
        document = yaml.safe_load((BUNDLED_DIR / "vp_engineering.yaml").read_text())
        framework_id = db.session.execute(sa.text(
            "INSERT INTO frameworks (slug, name, description, min_evidence, min_distinct_months, ready_rows, "
            "transition_rows, updated_at) VALUES ('vp_engineering', 'VP', '', 2, 2, 6, 3, "
            "'2026-01-01 00:00:00+00') RETURNING id")).scalar()
        level_ids = [db.session.execute(sa.text(
            "INSERT INTO levels (framework_id, slug, name, description, position) "
            "VALUES (:f, :slug, :name, '', :position) RETURNING id"),
            {"f": framework_id, "slug": level["slug"], "name": level["name"], "position": position}).scalar()
            for position, level in enumerate(document["levels"])]
        for index, competency in enumerate(document["competencies"]):
            competency_id = db.session.execute(sa.text(
                "INSERT INTO competencies (framework_id, slug, name, summary, position, evidence_hints, "
                "weak_signals) VALUES (:f, :slug, :name, '', :position, '[]', '[]') RETURNING id"),
                {"f": framework_id, "slug": competency["slug"], "name": competency["name"],
                 "position": index}).scalar()
            for position, level in enumerate(document["levels"]):
                text = competency["descriptors"][level["slug"]]
                if edited and index == 0 and position == 0:
                    text = "Our own wording."
                db.session.execute(sa.text(
                    "INSERT INTO descriptors (competency_id, level_id, text) VALUES (:c, :l, :t)"),
                    {"c": competency_id, "l": level_ids[position], "t": text})
        db.session.commit()
        upgrade_database()
        row = db.session.execute(sa.text(
            "SELECT origin, content_version FROM frameworks WHERE slug = 'vp_engineering'")).one()
        assert tuple(row) == (("imported", 1) if edited else ("bundled", 2))
        db.session.remove()
    dispose(app)


def test_people_who_had_turned_reminders_off_keep_them_off_per_kind(empty_url):
    app = make_app(empty_url)
    with app.app_context():
        upgrade_database(revision="0008")
        for user_id, enabled in ((1, "false"), (2, "true")):
            db.session.execute(sa.text(
                "INSERT INTO users (id, email, name, password_hash, is_admin, active, reminders_enabled, timezone, "
                f"created_at, session_generation) VALUES ({user_id}, 'u{user_id}@example.com', 'U', 'x', false, "
                f"true, {enabled}, 'UTC', '2026-01-01 00:00:00+00', 0)"))
        db.session.commit()
        upgrade_database()
        rows = db.session.execute(sa.text("SELECT user_id, kind FROM mail_opt_outs ORDER BY kind")).all()
        assert [tuple(row) for row in rows] == [(1, "monthly_reminder"), (1, "nudge")]
        db.session.remove()
    dispose(app)


def test_evidence_logged_before_structured_types_is_scored_previewed_and_searchable(empty_url):
    from tracker.artifacts.coach import review_artifact
    from tracker.artifacts.listing import search_artifacts
    from tracker.models import Artifact, User

    app = make_app(empty_url)
    with app.app_context():
        upgrade_database(revision="0010")
        db.session.execute(sa.text(
            "INSERT INTO users (id, email, name, password_hash, is_admin, active, timezone, created_at, "
            "session_generation) VALUES (1, 'a@example.com', 'A', 'x', false, true, 'UTC', "
            "'2026-01-01 00:00:00+00', 0)"))
        db.session.execute(sa.text(
            "INSERT INTO artifacts (id, owner_id, author_id, type, title, occurred_on, summary, situation, task, "
            "action, result, scope, stakeholders, links, visibility, state, decision_comment, created_at, "
            "updated_at, version) VALUES (1, 1, 1, 'other', 'Vendor consolidation', '2026-01-01', "
            "'We chose **one** supplier with Finance.', '', '', '', '', '4 teams', '', '[]', 'manager', 'verified', "
            "'', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00', 1)"))
        db.session.execute(sa.text(
            "INSERT INTO metrics (artifact_id, position, name, baseline, result, unit, category) "
            "VALUES (1, 0, 'Licence cost', 120, 80, 'k$', 'cost')"))
        db.session.commit()
        upgrade_database()
        artifact = db.session.get(Artifact, 1)
        assert artifact.coach_score == review_artifact(artifact).score == 5  # as a save would score it
        assert "<strong>one</strong>" in artifact.summary_preview
        owner = db.session.get(User, 1)
        assert [a.title for a in search_artifacts(owner, q="supplier").items] == ["Vendor consolidation"]
        assert [a.title for a in search_artifacts(owner, q="licence").items] == ["Vendor consolidation"]
        db.session.remove()
    dispose(app)
