"""The verification queue: a page at a time, oldest first, narrowed to one person; bulk
verification at the versions shown; previews made when evidence is saved."""
import re
from datetime import date, timedelta

from sqlalchemy import select

from tests.api.helpers import version_of
from tests.conftest import login, post_form
from tracker.artifacts.service import update_artifact
from tracker.extensions import db
from tracker.models import Artifact

START = date(2026, 1, 1)


def waiting(org, owner, count, title="Item"):
    return [org.log(owner, occurred_on=START + timedelta(days=index), state="submitted", title=f"{title} {index:02d}")
            for index in range(count)]


def titles(page):
    return re.findall(r'<h2><a href="/artifacts/\d+">([^<]+)</a></h2>', page)


def test_the_queue_pages_oldest_first_by_keyset(client, org):
    waiting(org, org.candidate, 30)
    login(client, "manager@example.com")
    first = client.get("/artifacts/queue").get_data(as_text=True)
    assert titles(first) == [f"Item {index:02d}" for index in range(25)]
    assert "30 waiting" in first
    next_link = re.search(r'href="(/artifacts/queue\?after=[^"]+)">Newer', first).group(1)
    second = client.get(next_link.replace("&amp;", "&")).get_data(as_text=True)
    assert titles(second) == [f"Item {index:02d}" for index in range(25, 30)]
    assert "Newer</a>" not in second and "Back to the oldest" in second


def test_a_manager_narrows_the_queue_to_one_report(client, org):
    from tracker.auth.service import create_user
    create_user("second@example.com", "Sam Second", "long-enough-password", manager_email="manager@example.com")
    db.session.commit()
    from tracker.auth.service import find_user
    waiting(org, org.candidate, 2, "Cara")
    waiting(org, find_user("second@example.com"), 1, "Sam")
    login(client, "manager@example.com")
    page = client.get("/artifacts/queue?person=second@example.com").get_data(as_text=True)
    assert titles(page) == ["Sam 00"] and "1 waiting from Sam Second" in page
    assert len(titles(client.get("/artifacts/queue").get_data(as_text=True))) == 3


def test_a_person_the_viewer_cannot_see_shows_nothing_rather_than_everyone(client, org):
    waiting(org, org.other, 1, "Otto")
    waiting(org, org.candidate, 1, "Cara")
    login(client, "manager@example.com")
    page = client.get("/artifacts/queue?person=other@example.com").get_data(as_text=True)
    assert titles(page) == [] and "Nobody you can see" in page
    post_form(client, "/logout")
    login(client, "admin@example.com")
    assert titles(client.get("/artifacts/queue?person=other@example.com").get_data(as_text=True)) == ["Otto 00"]
    admin_page = client.get("/artifacts/queue").get_data(as_text=True)
    assert "as an admin you can decide on any of it" in admin_page


def test_bulk_verify_takes_each_item_at_the_version_shown(client, org):
    items = waiting(org, org.candidate, 3)
    login(client, "manager@example.com")
    seen = {f"version-{a.id}": str(version_of(a.id)) for a in items}
    # one changes after the page was drawn
    update_artifact(org.candidate, db.session.get(Artifact, items[1].id), {"title": "Item 01, reworded"},
                    today=date(2026, 11, 21))
    db.session.commit()
    response = post_form(client, "/artifacts/queue/verify", {"verify": [str(a.id) for a in items], **seen})
    assert response.status_code == 302
    db.session.expire_all()
    assert [db.session.get(Artifact, a.id).state for a in items] == ["verified", "submitted", "verified"]
    page = client.get("/artifacts/queue").get_data(as_text=True)
    assert "Verified 2 items." in page and "Left alone because they changed" in page
    assert "Item 01, reworded" in page


def test_bulk_verify_leaves_what_is_not_waiting_for_the_viewer(client, org):
    theirs = waiting(org, org.other, 1)[0]
    login(client, "manager@example.com")
    post_form(client, "/artifacts/queue/verify", {"verify": str(theirs.id), f"version-{theirs.id}":
                                                  str(version_of(theirs.id))})
    db.session.expire_all()
    assert db.session.get(Artifact, theirs.id).state == "submitted"
    assert "no longer waiting for you" in client.get("/artifacts/queue").get_data(as_text=True)


def test_bulk_verify_needs_the_versions_shown(client, org):
    item = waiting(org, org.candidate, 1)[0]
    login(client, "manager@example.com")
    assert post_form(client, "/artifacts/queue/verify", {"verify": str(item.id)}).status_code == 400
    assert post_form(client, "/artifacts/queue/verify", {"verify": "x1"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Artifact, item.id).state == "submitted"


def test_the_preview_is_made_when_the_summary_is_saved(org):
    item = org.log(org.candidate, state="submitted", summary="Cut **spend** by 30%.\n\n<script>x</script>")
    preview = db.session.scalar(select(Artifact.summary_preview).where(Artifact.id == item.id))
    assert "<strong>spend</strong>" in preview and "<script>" not in preview
