def test_login_page_renders(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b'name="csrf_token"' in response.data


def test_org_fixture_and_login(client, org):
    from tests.conftest import login
    response = login(client, "candidate@example.com")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
