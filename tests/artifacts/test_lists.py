"""Evidence lists: a page at a time by date, filters without search words, and arguments that
are not the list's own."""
import re
from datetime import date, timedelta

from tests.conftest import login


def titles(page):
    return re.findall(r'<a href="/artifacts/\d+">([^<]+)</a>', page)


def test_the_list_pages_by_date_and_keeps_ties_apart(client, org):
    for index in range(30):  # pairs share a date: the id breaks the tie
        org.log(org.candidate, title=f"Item {index:02d}", occurred_on=date(2026, 1, 1) + timedelta(days=index // 2))
    login(client, "candidate@example.com")
    first = client.get("/artifacts/").get_data(as_text=True)
    assert titles(first) == [f"Item {index:02d}" for index in range(29, 4, -1)]
    assert "30 in all" in first
    older = re.search(r'href="(/artifacts/\?after=[^"]+)">Older', first).group(1).replace("&amp;", "&")
    second = client.get(older).get_data(as_text=True)
    assert titles(second) == [f"Item {index:02d}" for index in range(4, -1, -1)]
    assert "Older</a>" not in second


def test_date_filters_work_without_search_words(client, org):
    org.log(org.candidate, title="Winter", occurred_on=date(2026, 1, 10))
    org.log(org.candidate, title="Summer", occurred_on=date(2026, 7, 10))
    login(client, "candidate@example.com")
    assert titles(client.get("/artifacts/?from=2026-06-01").get_data(as_text=True)) == ["Summer"]
    assert titles(client.get("/artifacts/?to=2026-06-01").get_data(as_text=True)) == ["Winter"]
    assert titles(client.get("/artifacts/?from=not-a-date").get_data(as_text=True)) == ["Summer", "Winter"]


def test_arguments_that_are_not_the_lists_are_ignored(client, org):
    org.log(org.candidate, title="Only one")
    login(client, "candidate@example.com")
    response = client.get("/artifacts/?q=only&page=9&endpoint=x&_external=1&_anchor=y&after=junk")
    assert response.status_code == 302
    assert "endpoint" not in response.headers["Location"] and "_external" not in response.headers["Location"]
    assert client.get("/artifacts/?after=2026-01-01.99999999999999999999").status_code == 200
