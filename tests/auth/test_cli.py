from tracker.auth.service import find_user, user_for_token


def test_users_create(runner, app):
    result = runner.invoke(args=["users", "create", "--email", "Boss@Example.com", "--name", "Boss",
                                 "--password", "long-enough-pw", "--admin"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "--email", "em@example.com", "--name", "Em",
                                 "--password", "long-enough-pw", "--manager", "boss@example.com"])
    assert result.exit_code == 0, result.output
    boss, em = find_user("boss@example.com"), find_user("em@example.com")
    assert boss.is_admin and not em.is_admin
    assert em.manager == boss and em.check_password("long-enough-pw")


def test_users_create_rejects_bad_input_and_saves_nothing(runner, app):
    result = runner.invoke(args=["users", "create", "--email", "not-an-email", "--name", " ",
                                 "--password", "short", "--manager", "ghost@example.com"])
    assert result.exit_code == 1
    for field in ("email:", "name:", "password:", "manager:"):
        assert field in result.output
    assert find_user("not-an-email") is None


def test_users_create_refuses_duplicates(runner, org):
    result = runner.invoke(args=["users", "create", "--email", "candidate@example.com", "--name", "X",
                                 "--password", "long-enough-pw"])
    assert result.exit_code == 1 and "already exists" in result.output


def test_tokens_create_prints_a_working_token(runner, org):
    result = runner.invoke(args=["tokens", "create", "--email", "candidate@example.com"])
    assert result.exit_code == 0
    assert user_for_token(result.output.strip()) == org.candidate
    assert runner.invoke(args=["tokens", "create", "--email", "nobody@example.com"]).exit_code == 1
