"""``--help`` lists exactly the commands that exist, and the README and docs name only those."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from app.cli.audit import audit_app
from app.cli.main import app
from app.cli.models import models_app
from tests.cli.cli_tree import ROOT

runner = CliRunner()
WIDE = {"COLUMNS": "200", "NO_COLOR": "1"}
GROUPS = {"audit": audit_app, "models": models_app}


def registered(typer_app: object) -> set[str]:
    """The visible commands and sub-groups typer registered on ``typer_app``."""
    commands = {c.name for c in typer_app.registered_commands if not c.hidden}  # type: ignore[attr-defined]
    groups = {g.name for g in typer_app.registered_groups if not g.hidden}  # type: ignore[attr-defined]
    return {str(n) for n in commands | groups}


def listed(args: list[str]) -> tuple[set[str], str]:
    """The commands the Commands panel of ``facecompare ARGS --help`` shows, and the whole help."""
    res = runner.invoke(app, [*args, "--help"], env=WIDE)
    assert res.exit_code == 0, res.output
    panel = res.stdout.split("Commands", 1)[1]
    names = {m.group(1) for m in re.finditer(r"^\W+([a-z][a-z-]*)\s{2,}\S", panel, re.MULTILINE)}
    return names, res.stdout


def test_audit_help_lists_exactly_the_audit_commands() -> None:
    names, text = listed(["audit"])
    assert names == registered(audit_app)
    summary = " ".join(text.split("Options", 1)[0].split())
    said = re.search(r"audit log of cases: ([a-z, -]+)\.", summary)
    assert said is not None, summary
    assert set(said.group(1).split(", ")) == registered(audit_app)  # the description names no others


@pytest.mark.parametrize("group", [[], *([g] for g in GROUPS)], ids=lambda g: " ".join(g) or "facecompare")
def test_every_help_lists_its_registered_commands(group: list[str]) -> None:
    names, _ = listed(group)
    assert names == registered(GROUPS[group[0]] if group else app)


def code_of(markdown: str) -> str:
    """The fenced code blocks and inline code spans of ``markdown`` (commands, not prose)."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL)
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL))
    return "\n".join(fenced + inline)


def test_readme_and_docs_name_only_commands_that_exist() -> None:
    top = registered(app) | {c.name for c in app.registered_commands if c.hidden}
    sub = {name: registered(group) for name, group in GROUPS.items()}
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named: list[tuple[str, str]] = []
    for path in texts:
        for m in re.finditer(r"\bfacecompare ([a-z][a-z-]*)(?: ([a-z][a-z|-]*))?", code_of(path.read_text())):
            named.append((path.name, m.group(1)))
            if m.group(1) in sub and m.group(2):
                named += [(path.name, f"{m.group(1)} {word}") for word in m.group(2).split("|")]
    assert any(cmd == "audit verify" for _, cmd in named) and any(cmd == "batch" for _, cmd in named)
    unknown = [
        (where, cmd)
        for where, cmd in named
        if cmd.split()[0] not in top or (" " in cmd and cmd.split()[1] not in sub[cmd.split()[0]])
    ]
    assert unknown == []
