"""``facecompare kiosk``: registered, its options, and the staff PIN hash it prints."""

from __future__ import annotations

from typer.testing import CliRunner

from app.cli.main import app
from app.gui.kiosk.flow import check_pin


def test_kiosk_command_is_registered_with_its_sources() -> None:
    result = CliRunner().invoke(app, ["kiosk", "--help"], env={"COLUMNS": "250", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    for option in ("--camera-file", "--card-file", "--card-camera-file", "--scanner-folder", "--hash-pin"):
        assert option in result.output


def test_hash_pin_prints_an_argon2_hash_of_the_pin_and_never_the_pin() -> None:
    result = CliRunner().invoke(app, ["kiosk", "--hash-pin"], input="482916\n482916\n")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("$argon2"))
    assert check_pin(line, "482916") and not check_pin(line, "482917")
    assert "482916" not in result.stdout.replace(line, "")


def test_a_short_pin_is_refused() -> None:
    result = CliRunner().invoke(app, ["kiosk", "--hash-pin"], input="12\n12\n")
    assert result.exit_code != 0


def test_language_must_be_ko_or_en() -> None:
    result = CliRunner().invoke(app, ["kiosk", "--language", "fr"])
    assert result.exit_code != 0
