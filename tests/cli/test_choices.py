"""Fixed choices are enums that ``--help`` lists and typer checks, and they agree with their owners."""

from __future__ import annotations

import inspect
import typing
from enum import Enum
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import choices
from app.cli.main import app
from tests.cli.cli_tree import ROOT, base_type, leaf_commands

runner = CliRunner()
WIDE = {"COLUMNS": "200", "NO_COLOR": "1"}

#: (command, option or argument, its choices): every parameter of the CLI that takes one of a fixed set.
CHOICES = [
    (("audit", "export"), "--format", "csv|jsonl|pdf"),
    (("audit", "export"), "--language", "en|ko"),
    (("audit", "add-user"), "--role", "operator|reviewer|admin"),
    (("audit", "keygen"), "KIND", "image|audit"),
    (("compare",), "--outcome", "accept|reject|flag"),
    (("gui",), "--language", "en|ko"),
    (("workstation",), "--language", "en|ko"),
    (("kiosk",), "--language", "en|ko"),
    (("review",), "--language", "en|ko"),
    (("serve",), "--log-level", "critical|error|warning|info|debug"),
]


def _help(path: tuple[str, ...]) -> str:
    res = runner.invoke(app, [*path, "--help"], env=WIDE)
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.mark.parametrize(("path", "name", "listed"), CHOICES, ids=lambda v: str(v))
def test_help_lists_the_choices_and_typer_refuses_others(
    path: tuple[str, ...], name: str, listed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = next(line for line in _help(path).splitlines() if f" {name} " in line)
    assert listed in line
    values = listed.split("|")
    monkeypatch.setenv("FACECOMPARE_NEW_PASSWORD", "a-long-enough-password")
    args = [*path, "bogus"] if name.isupper() else [*path, name, "bogus"]
    res = runner.invoke(app, args, env={"FACECOMPARE_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"})
    assert res.exit_code == 2
    (line,) = res.stderr.splitlines()
    assert "'bogus' is not one of" in line and all(f"'{v}'" in line for v in values)


def test_every_enum_parameter_is_in_the_list() -> None:
    """A new fixed-choice parameter anywhere in the CLI shows up here (and gets the test above)."""
    found = set()
    for path, command in leaf_commands().items():
        hints = typing.get_type_hints(inspect.unwrap(command.callback), include_extras=True)
        for param in command.params:
            kind = base_type(hints[param.name])
            if isinstance(kind, type) and issubclass(kind, Enum):
                label = param.opts[0] if param.param_type_name == "option" else param.name.upper()
                found.add((path, label))
    assert found == {(path, name) for path, name, _ in CHOICES}


def test_each_outcome_choice_records_an_outcome_of_the_cases() -> None:
    from app.cases import Outcome

    assert {c.outcome for c in choices.OutcomeChoice} == {o.value for o in Outcome}


def test_choices_agree_with_their_owners() -> None:
    from app.cases import Role
    from app.cases.export import EXPORT_FORMATS
    from app.cli.evaluate import DEFAULT_MAX_PAIRS
    from app.evaluation import impostors

    assert [c.value for c in choices.ExportChoice] == list(EXPORT_FORMATS)
    assert {c.value for c in choices.RoleChoice} == {r.value for r in Role}
    translated = {
        p.stem.split("_", 1)[1] for p in (ROOT / "resources" / "translations").glob("facecompare_*.ts")
    }
    assert {c.value for c in choices.Language} == {"en"} | translated
    assert DEFAULT_MAX_PAIRS == impostors.DEFAULT_MAX_PAIRS


def test_values_are_matched_without_case() -> None:
    res = runner.invoke(app, ["audit", "keygen", "IMAGE"])
    assert res.exit_code == 0, res.output
