"""Every option's default passes its own checks, and ``batch`` runs without ``--workers`` (issue 13).

typer >= 0.29 validates defaults like given values, so ``--workers`` with ``min=1`` and a
default of 0 made ``facecompare batch pairs.csv --out scores.csv`` exit 2 on a fresh install.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli.main import app
from tests.cli.cli_tree import leaf_commands, minimal_args, run_cli
from tests.conftest import DATA, need

COMMANDS = leaf_commands()
runner = CliRunner()


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_default_passes_its_own_checks(
    path: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing a command with only its required parameters validates every default (no command runs)."""
    monkeypatch.setenv("FACECOMPARE_NEW_PASSWORD", "a-long-enough-password")  # add-user's prompt
    command = COMMANDS[path]
    args = minimal_args(command, tmp_path)
    with command.make_context(" ".join(("facecompare", *path)), args) as ctx:
        defaults = {p.name for p in command.params if not p.required}
        assert defaults <= set(ctx.params)


@pytest.mark.parametrize("command", ["batch", "evaluate", "calibrate"])
def test_workers_default_is_every_core_and_says_so(command: str, tmp_path: Path) -> None:
    res = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    line = next(line for line in res.stdout.splitlines() if "--workers" in line)
    assert "all cores" in line and "default: 0" not in line
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("card,selfie,same\n")
    refused = runner.invoke(app, [command, str(pairs), "--workers", "0"])
    assert refused.exit_code == 2 and "'--workers'" in refused.stderr, refused.output


def _idcard_pairs(tmp_path: Path, n: int) -> Path:
    """The first ``n`` rows of idcard-dev's pairs.csv, with paths made absolute."""
    root = need(DATA / "idcard-dev")
    with (root / "pairs.csv").open(newline="") as fh:
        rows = [r for _, r in zip(range(n), csv.DictReader(fh), strict=False)]
    pairs = tmp_path / "pairs.csv"
    with pairs.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for r in rows:
            writer.writerow(r | {"card": root / r["card"], "selfie": root / r["selfie"]})
    return pairs


@pytest.mark.models
@pytest.mark.data
def test_batch_as_the_readme_writes_it(tmp_path: Path) -> None:
    """``facecompare batch pairs.csv --out scores.csv``: no --workers, a real CSV, a subprocess."""
    pairs = _idcard_pairs(tmp_path, 3)
    out = tmp_path / "scores.csv"
    res = run_cli(["batch", pairs, "--out", out])
    assert res.returncode == 0, res.stderr
    assert "3 pairs scored, 0 with errors" in res.stdout
    assert "Traceback" not in res.stderr and "[ WARN" not in res.stderr
    rows = list(csv.DictReader(out.open()))
    assert [r["same"] for r in rows] == [r["same"] for r in csv.DictReader(pairs.open())]
    assert all(r["decision"] in ("MATCH", "REVIEW", "NO_MATCH") and float(r["ms"]) > 0 for r in rows)
