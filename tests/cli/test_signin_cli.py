"""Attackers at the command line: acting as someone without their password, recording without
consent, secrets and passwords in the process list. Every refusal happens before a model loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cases import Role, SqlCaseStore
from app.cli.main import app

runner = CliRunner()
PASSWORDS = (
    "FACECOMPARE_PASSWORD",
    "FACECOMPARE_ADMIN_PASSWORD",
    "FACECOMPARE_NEW_PASSWORD",
    "FACECOMPARE_SECRET",
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    monkeypatch.setenv("FACECOMPARE_DATABASE_URL", url)
    monkeypatch.delenv("FACECOMPARE_RETENTION_DAYS", raising=False)
    for name in PASSWORDS:
        monkeypatch.delenv(name, raising=False)
    store = SqlCaseStore(url)
    store.add_user("boss", Role.ADMIN, "admin-password")
    store.add_user("kim.j", Role.OPERATOR, "operator-pw", actor="boss")
    store.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="boss")
    store.close()
    return url


@pytest.fixture
def images(tmp_path: Path) -> list[str]:
    """Two files that are not even images: a refusal must come before anything reads them as one."""
    card, selfie = tmp_path / "card.jpg", tmp_path / "selfie.jpg"
    card.write_bytes(b"not a card")
    selfie.write_bytes(b"not a face")
    return [str(card), str(selfie)]


def _record(images: list[str], *extra: str) -> list[str]:
    return ["compare", *images, "--record", "--operator", "kim.j", "--customer", "C-1", *extra]


def _store(url: str) -> SqlCaseStore:
    return SqlCaseStore(url)


def test_record_with_a_wrong_password_exits_2_records_nothing_and_is_audited(
    db: str, images: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACECOMPARE_PASSWORD", "guessed-password")
    res = runner.invoke(app, _record(images, "--consent"))
    assert res.exit_code == 2, res.output
    assert "kim.j" in res.stderr and "password" in res.stderr
    store = _store(db)
    assert store.count() == 0
    last = store.audit()[-1]
    assert (last.actor, last.action) == ("kim.j", "user.sign_in_failed")
    assert "guessed-password" not in "".join(r.payload for r in store.audit())
    store.close()


def test_record_without_a_password_exits_2_and_is_audited(db: str, images: list[str]) -> None:
    """No FACECOMPARE_PASSWORD and nothing typed at the prompt: refused like a wrong one."""
    res = runner.invoke(app, _record(images, "--consent"), input="")
    assert res.exit_code == 2, res.output
    store = _store(db)
    assert store.count() == 0 and store.audit()[-1].action == "user.sign_in_failed"
    store.close()


def test_record_as_someone_else_with_ones_own_password_is_refused(
    db: str, images: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reviewer's own password does not make them the operator kim.j (four eyes)."""
    monkeypatch.setenv("FACECOMPARE_PASSWORD", "reviewer-pw")
    res = runner.invoke(app, _record(images, "--consent"))
    assert res.exit_code == 2
    store = _store(db)
    assert store.count() == 0 and store.audit()[-1].action == "user.sign_in_failed"
    store.close()


def test_a_reviewer_may_not_record_cases(db: str, images: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACECOMPARE_PASSWORD", "reviewer-pw")
    res = runner.invoke(
        app, ["compare", *images, "--record", "--operator", "lee.s", "--customer", "C", "--consent"]
    )
    assert res.exit_code == 2 and "operator" in res.stderr
    store = _store(db)
    assert store.count() == 0
    store.close()


def test_record_without_consent_records_nothing(
    db: str, images: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACECOMPARE_PASSWORD", "operator-pw")
    res = runner.invoke(app, _record(images))
    assert res.exit_code == 2 and "--consent" in res.stderr
    store = _store(db)
    assert store.count() == 0 and store.audit()[-1].action == "user.added"  # not even a sign-in
    store.close()


def test_secret_on_the_command_line_is_refused(images: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``ps`` shows every argument: a secret given as one is refused before any request is sent."""
    monkeypatch.delenv("FACECOMPARE_SECRET", raising=False)
    res = runner.invoke(app, ["compare", *images, "--server", "http://127.0.0.1:9", "--secret", "s3cret"])
    assert res.exit_code == 2, res.output
    assert "FACECOMPARE_SECRET" in res.stderr and "s3cret" not in res.output


def test_passwords_on_the_command_line_are_refused(db: str) -> None:
    """No ``--password`` / ``--admin-password``: they would show in the process list."""
    for extra in (["--password", "new-password-1"], ["--as", "boss", "--admin-password", "admin-password"]):
        res = runner.invoke(app, ["audit", "add-user", "eve", "--role", "operator", *extra], input="")
        assert res.exit_code == 2, res.output
    store = _store(db)
    assert store.user("eve") is None
    store.close()


def test_add_user_takes_passwords_from_the_environment(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACECOMPARE_NEW_PASSWORD", "new-operator-pw")
    monkeypatch.setenv("FACECOMPARE_ADMIN_PASSWORD", "wrong-password")
    denied = runner.invoke(app, ["audit", "add-user", "park", "--role", "operator", "--as", "boss"])
    assert denied.exit_code == 2, denied.output
    monkeypatch.setenv("FACECOMPARE_ADMIN_PASSWORD", "admin-password")
    added = runner.invoke(app, ["audit", "add-user", "park", "--role", "operator", "--as", "boss"])
    assert added.exit_code == 0, added.output
    store = _store(db)
    actions = [(r.actor, r.action) for r in store.audit()]
    assert actions[-3:] == [
        ("boss", "user.sign_in_failed"),
        ("boss", "user.signed_in"),
        ("boss", "user.added"),
    ]
    assert store.authenticate("park", "new-operator-pw") is not None
    store.close()


def test_a_later_user_needs_an_admin(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without ``--as`` only the very first user can be added."""
    monkeypatch.setenv("FACECOMPARE_NEW_PASSWORD", "new-operator-pw")
    res = runner.invoke(app, ["audit", "add-user", "mallory", "--role", "admin"])
    assert res.exit_code != 0
    store = _store(db)
    assert store.user("mallory") is None
    store.close()


def test_export_in_someones_name_needs_their_password(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "log.csv"
    monkeypatch.setenv("FACECOMPARE_PASSWORD", "wrong-password")
    res = runner.invoke(app, ["audit", "export", "--format", "csv", "--output", str(out), "--actor", "lee.s"])
    assert res.exit_code == 2 and not out.exists()
    monkeypatch.setenv("FACECOMPARE_PASSWORD", "reviewer-pw")
    res = runner.invoke(app, ["audit", "export", "--format", "csv", "--output", str(out), "--actor", "lee.s"])
    assert res.exit_code == 0, res.output
    store = _store(db)
    assert store.audit(action="audit.exported")[-1].actor == "lee.s"
    store.close()


def test_an_admin_unlocks_a_locked_account(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(db)
    for i in range(5):
        store.authenticate("kim.j", f"guess-{i}")
    assert store.locked_until("kim.j") is not None
    store.close()
    monkeypatch.setenv("FACECOMPARE_ADMIN_PASSWORD", "operator-pw")
    assert runner.invoke(app, ["audit", "unlock-user", "kim.j", "--as", "kim.j"]).exit_code == 2
    monkeypatch.setenv("FACECOMPARE_ADMIN_PASSWORD", "admin-password")
    res = runner.invoke(app, ["audit", "unlock-user", "kim.j", "--as", "boss"])
    assert res.exit_code == 0, res.output
    store = _store(db)
    assert store.locked_until("kim.j") is None
    store.close()


def test_an_override_from_the_command_line_needs_a_note(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rejecting a MATCH is recorded only with --note (the store's rule), and is flagged override."""
    samples = Path(__file__).resolve().parents[2] / "packaging" / "samples"
    pair = [str(samples / "card.jpg"), str(samples / "selfie.jpg")]
    monkeypatch.setenv("FACECOMPARE_PASSWORD", "operator-pw")
    res = runner.invoke(app, _record(pair, "--consent", "--outcome", "reject"))
    assert res.exit_code == 1 and "not recorded" in res.stderr and "reason" in res.stderr, res.output
    assert _store(db).count() == 0
    res = runner.invoke(
        app, _record(pair, "--consent", "--outcome", "reject", "--note", "card photo is not hers")
    )
    assert res.exit_code == 0, res.output
    store = _store(db)
    (case,) = store.list()
    assert (
        case.decision == "MATCH" and case.note == "card photo is not hers" and "override" in case.flag_reasons
    )
    store.close()
