"""The CSV import, from the page and from `flask users import`: a report line per row, each
refused row with its reason; good rows are added and invited, refused ones leave nothing."""
import io

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from tests.conftest import csrf_token, login
from tests.people.conftest import invitation_path
from tracker.extensions import db
from tracker.models import AuditEvent, User

FILE = """email,name,manager email,target framework
ann@example.com,Ann,bob@example.com,
bob@example.com,Bob,manager@example.com,em_scorecard
not-an-email,Nobody,,
ANN@example.com,Ann Again,,
candidate@example.com,Cara,,
dan@example.com,Dan,ghost@example.com,
eve@example.com,Eve,fay@example.com,
fay@example.com,Fay,eve@example.com,
gus@example.com,Gus,eve@example.com,
hal@example.com,Hal,,no_such_framework
,No Email,,
ian@example.com,,,
jo@example.com,Jo,jo@example.com,
"""
REPORT = [
    "Row 2: added ann@example.com and sent an invitation.",
    "Row 3: added bob@example.com and sent an invitation.",
    "Row 4: refused (not-an-email). Give a valid email address.",
    "Row 5: refused (ann@example.com). The same email as row 2.",
    "Row 6: refused (candidate@example.com). candidate@example.com already has an account.",
    "Row 7: refused (dan@example.com). No one has the email ghost@example.com.",
    "Row 8: refused (eve@example.com). Rows 8, 9 name each other as managers, in a loop.",
    "Row 9: refused (fay@example.com). Rows 8, 9 name each other as managers, in a loop.",
    "Row 10: refused (gus@example.com). Its manager's row (8) was refused.",
    "Row 11: refused (hal@example.com). No framework 'no_such_framework'.",
    "Row 12: refused. Give a valid email address.",
    "Row 13: refused (ian@example.com). Give the person's name.",
    "Row 14: refused (jo@example.com). It names itself as its manager.",
]


def upload(client, content, filename="people.csv"):
    data = {"csrf_token": csrf_token(client, "/people/import"),
            "file": (io.BytesIO(content if isinstance(content, bytes) else content.encode()), filename)}
    return client.post("/people/import", data=data, content_type="multipart/form-data")


def users_count():
    return db.session.scalar(select(func.count(User.id)))


def test_the_page_reports_every_row_and_adds_only_the_good_ones(client, org, smtp):
    login(client, "admin@example.com")
    before = users_count()
    response = upload(client, FILE)
    text = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 200 and "2 added, 11 refused" in text
    for line in REPORT:
        assert line in text, line
    assert users_count() == before + 2
    ann = db.session.scalar(select(User).where(User.email == "ann@example.com"))
    assert ann.manager.email == "bob@example.com" and ann.manager.manager.email == "manager@example.com"
    assert ann.manager.framework.slug == "em_scorecard" and not ann.has_password
    assert invitation_path(smtp, "ann@example.com") and invitation_path(smtp, "bob@example.com")
    assert len(smtp.messages) == 2
    created = db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "user_created")).all()
    assert sorted(d["row"] for d in created) == [2, 3]

    for content, words in (("name;email\nx;y\n", "The first row must name the columns"),
                           (b"email,name\n\xff\xfe,x\n", "not UTF-8"),
                           ("email,name\n" + "a@example.com,A\n" * 501, "at most 500"),
                           ("", "Choose a CSV file.")):
        refused = upload(client, content)
        assert refused.status_code == 422 and words in refused.get_data(as_text=True), words
    assert users_count() == before + 2

    manager = client.application.test_client()
    login(manager, "manager@example.com")  # a manager imports into their own subtree only
    own = upload(manager, "email,name,manager email\nkim@example.com,Kim,\n"
                          "lee@example.com,Lee,other.manager@example.com\n"
                         "max@example.com,Max,kim@example.com\n")
    assert "Row 4: added max@example.com" in own.get_data(as_text=True)
    assert "Row 3: refused (lee@example.com). No one you can choose has the email other.manager@example.com." \
        in own.get_data(as_text=True)
    kim = db.session.scalar(select(User).where(User.email == "kim@example.com"))
    assert kim.manager.email == "manager@example.com" and [r.email for r in kim.reports] == ["max@example.com"]


def test_the_command_prints_the_same_report_and_delivers_the_invitations(org, smtp, runner, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(FILE, encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1  # some rows were refused
    assert result.output.splitlines() == [*REPORT, "2 added, 11 refused."]
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == ["ann@example.com", "bob@example.com"]
    path.write_text("email,name\nzoe@example.com,Zoe\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0 and result.output.startswith("Row 2: added zoe@example.com")
    assert "Row 2: refused (zoe@example.com)" in runner.invoke(args=["users", "import", str(path)]).output
    assert runner.invoke(args=["users", "import", str(tmp_path / "missing.csv")]).exit_code == 2


def test_a_row_someone_else_adds_meanwhile_refuses_the_file_and_keeps_nothing(client, org, smtp):
    """Between the import's checks and its insert another admin adds Bob: the file is refused,
    naming the row, and nothing of it is kept (no server error)."""
    login(client, "admin@example.com")
    before = users_count()

    added = []

    def someone_else_adds_bob(session, context, instances):
        if not added and any(isinstance(new, User) and new.email == "bob@example.com" for new in session.new):
            added.append(True)
            with db.engine.begin() as connection:
                connection.execute(User.__table__.insert().values(email="bob@example.com", name="Bob Elsewhere"))

    event.listen(Session, "before_flush", someone_else_adds_bob)
    try:
        response = upload(client, "email,name,manager email,target framework\nbob@example.com,Bob,,\n"
                                  "ann@example.com,Ann,bob@example.com,\n")
    finally:
        event.remove(Session, "before_flush", someone_else_adds_bob)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert ("Row 2: A user with email bob@example.com already exists. Nothing was imported; import the file "
            "again to add the other rows.") in text
    db.session.expire_all()
    assert users_count() == before + 1
    assert db.session.scalar(select(User.name).where(User.email == "bob@example.com")) == "Bob Elsewhere"
    assert not smtp.messages
