"""Bad input anywhere in the CLI is one clear line (or, with --json, the API's envelope) and a non-zero exit.

Each case runs ``facecompare`` in a subprocess, as a user would, in a scratch home with an
80-column terminal (so that a wrapped message would show as two lines).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from app.cli.errors import CliGroup
from tests.cli.cli_tree import SAMPLES, run_cli

CARD, SELFIE = str(SAMPLES / "card.jpg"), str(SAMPLES / "selfie.jpg")
RECORD = ["--record", "--operator", "kim", "--customer", "C-1", "--consent"]

#: name: (arguments, with {placeholders} for scratch files; what the line must say; extra environment)
CASES: dict[str, tuple[list[str], str, dict[str, str]]] = {
    "unknown command": (["nosuch"], "No such command 'nosuch'", {}),
    "unknown audit command": (["audit", "nosuch"], "No such command 'nosuch'", {}),
    "unknown option": (["compare", CARD, SELFIE, "--colour"], "--colour", {}),
    "missing argument": (["compare", CARD], "SELFIE", {}),
    # batch
    "batch: missing CSV": (["batch", "{missing_csv}", "--out", "{out}"], "does not exist", {}),
    "batch: CSV is a folder": (["batch", "{folder}", "--out", "{out}"], "is a directory", {}),
    "batch: CSV is not text": (["batch", "{binary}", "--out", "{out}"], "not a UTF-8 CSV", {}),
    "batch: bad CSV header": (["batch", "{bad_header}", "--out", "{out}"], "columns card and selfie", {}),
    "batch: --workers 0": (["batch", "{pairs}", "--out", "{out}", "--workers", "0"], "'--workers'", {}),
    "batch: --workers x": (["batch", "{pairs}", "--out", "{out}", "--workers", "x"], "'--workers'", {}),
    "batch: --out unwritable": (["batch", "{pairs}", "--out", "{under_a_file}"], "is a file", {}),
    "batch: unknown pack": (["batch", "{pairs}", "--out", "{out}", "--pack", "nosuch"], "nosuch", {}),
    "batch: pack not installed": (
        ["batch", "{pairs}", "--out", "{out}"],
        "not installed",
        {"MODEL_PACK": "1"},
    ),
    "batch: corrupt pack": (
        ["batch", "{pairs}", "--out", "{out}", "--pack", "broken"],
        "could not be loaded",
        {},
    ),
    # compare and analyze
    "compare: missing card": (["compare", "{missing_jpg}", SELFIE], "No such file", {}),
    "compare: card is a folder": (["compare", "{folder}", SELFIE], "Is a directory", {}),
    "compare: --outcome bogus": (["compare", CARD, SELFIE, *RECORD, "--outcome", "maybe"], "'flag'", {}),
    "compare: --record alone": (["compare", CARD, SELFIE, "--record"], "--operator", {}),
    "compare: --record without --consent": (["compare", CARD, SELFIE, *RECORD[:-1]], "--consent", {}),
    "compare: database folder missing": (["compare", CARD, SELFIE, *RECORD], "does not exist", {"DB": "1"}),
    "compare: --server without secret": (
        ["compare", CARD, SELFIE, "--server", "http://127.0.0.1:9"],
        "FACECOMPARE_SECRET",
        {},
    ),
    "compare: --secret on the command line": (
        ["compare", CARD, SELFIE, "--server", "http://127.0.0.1:9", "--secret", "s"],
        "process list",
        {},
    ),
    "compare: server not there": (
        ["compare", CARD, SELFIE, "--server", "http://127.0.0.1:9"],
        "127.0.0.1:9",
        {"SECRET": "1"},
    ),
    "compare: corrupt pack": (["compare", CARD, SELFIE, "--pack", "broken"], "could not be loaded", {}),
    "analyze: missing image": (["analyze", CARD, "{missing_jpg}"], "No such file", {}),
    "analyze: corrupt pack": (["analyze", CARD, "--pack", "broken"], "could not be loaded", {}),
    # evaluate and calibrate
    "evaluate: missing CSV": (["evaluate", "{missing_csv}", "--report", "{folder}"], "does not exist", {}),
    "evaluate: bad CSV header": (
        ["evaluate", "{bad_header}", "--report", "{folder}"],
        "needs the columns",
        {},
    ),
    "evaluate: --report unwritable": (["evaluate", "{pairs}", "--report", "{under_a_file}"], "is a file", {}),
    "evaluate: unknown pack": (
        ["evaluate", "{pairs}", "--report", "{folder}", "--pack", "nosuch"],
        "nosuch",
        {},
    ),
    "calibrate: --far 2": (["calibrate", "{pairs}", "--far", "2"], "strictly between 0 and 1", {}),
    "calibrate: --out unwritable": (["calibrate", "{pairs}", "--out", "{under_a_file}"], "is a file", {}),
    # audit
    "audit verify: database folder missing": (["audit", "verify"], "does not exist", {"DB": "1"}),
    "audit verify: not a database URL": (["audit", "verify", "--database", "nosuchdb://x"], "nosuchdb", {}),
    "audit verify: missing checkpoint": (
        ["audit", "verify", "--checkpoint", "{missing_csv}"],
        "does not exist",
        {},
    ),
    "audit verify: garbage checkpoint": (
        ["audit", "verify", "--checkpoint", "{binary}"],
        "no audit head",
        {},
    ),
    "audit export: --format xml": (["audit", "export", "--format", "xml", "--output", "{out}"], "'pdf'", {}),
    "audit export: --since yesterday": (
        ["audit", "export", "--format", "csv", "--output", "{out}", "--since", "yesterday"],
        "ISO date",
        {},
    ),
    "audit export: --output unwritable": (
        ["audit", "export", "--format", "csv", "--output", "{under_a_file}"],
        "is a file",
        {},
    ),
    "audit checkpoint: --output a folder": (
        ["audit", "checkpoint", "--output", "{folder}"],
        "is a folder",
        {},
    ),
    "audit show: --last 0": (["audit", "show", "--last", "0"], "'--last'", {}),
    "audit keygen: bogus": (["audit", "keygen", "bogus"], "'image'", {}),
    "audit add-user: --role bogus": (["audit", "add-user", "x", "--role", "boss"], "'reviewer'", {}),
    # the windows (refused before Qt starts)
    "gui: --language fr": (["gui", "--language", "fr"], "'ko'", {}),
    "gui: missing --camera-file": (["gui", "--camera-file", "{missing_jpg}"], "does not exist", {}),
    "kiosk: --language fr": (["kiosk", "--language", "fr"], "'ko'", {}),
    "kiosk: missing --card-file": (["kiosk", "--card-file", "{missing_jpg}"], "does not exist", {}),
    "kiosk: --scanner-folder is a file": (["kiosk", "--scanner-folder", "{pairs}"], "is a file", {}),
    "review: --language fr": (["review", "--language", "fr"], "'ko'", {}),
    "serve: --workers -1": (["serve", "--workers", "-1"], "'--workers'", {}),
}
#: The same with --json: the API's error envelope (compare) or one JSON line per image (analyze).
JSON_CASES: dict[str, tuple[list[str], str]] = {
    "compare --json: missing card": (["compare", "{missing_jpg}", SELFIE, "--json"], "INVALID_REQUEST"),
    "compare --json: corrupt pack": (
        ["compare", CARD, SELFIE, "--json", "--pack", "broken"],
        "INTERNAL_ERROR",
    ),
    "analyze --json: missing image": (["analyze", "{missing_jpg}", "--json"], "INVALID_REQUEST"),
}
#: Cases that load the models before they can fail (the image's bytes are checked by the engine).
MODEL_CASES: dict[str, tuple[list[str], str, dict[str, str]]] = {
    "compare: not an image": (["compare", "{text_jpg}", SELFIE], "UNSUPPORTED_FORMAT", {}),
    "compare: pack not installed": (["compare", CARD, SELFIE], "not installed", {"MODEL_PACK": "1"}),
    "analyze: unknown pack": (["analyze", CARD, "--pack", "nosuch"], "nosuch", {}),
}
MODEL_JSON_CASES: dict[str, tuple[list[str], str]] = {
    "compare --json: not an image": (["compare", "{text_jpg}", SELFIE, "--json"], "UNSUPPORTED_FORMAT"),
}


def _corrupt_pack(folder: Path) -> None:
    """A custom pack whose files match its manifest but are not ONNX models."""
    folder.mkdir(parents=True)
    files = []
    for name, role in (("det.onnx", "detector"), ("rec.onnx", "recognizer")):
        data = bytes(range(256)) * 20
        (folder / name).write_bytes(data)
        files.append(
            {"name": name, "role": role, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        )
    manifest = {"name": "broken", "kind": "custom", "licence": "test", "embedding_dim": 128, "files": files}
    (folder / "pack.json").write_text(json.dumps(manifest))


@pytest.fixture
def scratch(tmp_path: Path) -> dict[str, str]:
    """Bad inputs of every kind, a scratch home and an empty models folder."""
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "models").mkdir()
    _corrupt_pack(tmp_path / "corrupt-models" / "broken")
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00\x81 not text")
    (tmp_path / "header.csv").write_text("left,right\na.jpg,b.jpg\n")
    (tmp_path / "notes.jpg").write_text("not an image")
    (tmp_path / "pairs.csv").write_text(f"card,selfie,same\n{CARD},{SELFIE},1\n")
    return {
        "root": str(tmp_path),
        "missing_csv": str(tmp_path / "missing.csv"),
        "missing_jpg": str(tmp_path / "missing.jpg"),
        "folder": str(tmp_path / "folder"),
        "binary": str(tmp_path / "binary.csv"),
        "bad_header": str(tmp_path / "header.csv"),
        "text_jpg": str(tmp_path / "notes.jpg"),
        "pairs": str(tmp_path / "pairs.csv"),
        "out": str(tmp_path / "out" / "result.csv"),
        "under_a_file": str(tmp_path / "a-file" / "result.csv"),
    }


def _run(
    args: list[str], scratch: dict[str, str], extra: dict[str, str] | None = None
) -> tuple[int, str, str]:
    root = Path(scratch["root"])
    env = {
        "HOME": str(root / "home"),
        "XDG_DATA_HOME": str(root / "xdg"),
        "FACECOMPARE_MODELS": str(root / "models"),
        "FACECOMPARE_DATABASE_URL": f"sqlite:///{root / 'cases.db'}",
        "FACECOMPARE_SECRETS": "",
        "FACECOMPARE_SECRET": "",
        "QT_QPA_PLATFORM": "offscreen",
    }
    if extra and "SECRET" in extra:
        env["FACECOMPARE_SECRET"] = "s"
    if extra and "DB" in extra:
        env["FACECOMPARE_DATABASE_URL"] = f"sqlite:///{root / 'no' / 'such' / 'cases.db'}"
    if "broken" in args:  # only there, or "auto" would choose it over the embedded pack
        env["FACECOMPARE_MODELS"] = str(root / "corrupt-models")
    if extra and "MODEL_PACK" in extra:
        env["FACECOMPARE_MODEL_PACK"] = "buffalo_l"  # never in the empty models folder
    res = run_cli([a.format(**scratch) for a in args], env=env, timeout=300)
    return res.returncode, res.stdout, res.stderr


def _one_line(code: int, stdout: str, stderr: str, says: str) -> None:
    assert code != 0
    assert "Traceback" not in stdout + stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert says in lines[0]


def _envelope(code: int, stdout: str, stderr: str, error_code: str) -> None:
    assert code == 1 and stderr == "" and "Traceback" not in stdout
    (line,) = stdout.splitlines()
    assert json.loads(line)["errorCode"] == error_code


@pytest.mark.parametrize("name", list(CASES))
def test_one_clear_line(name: str, scratch: dict[str, str]) -> None:
    args, says, extra = CASES[name]
    _one_line(*_run(args, scratch, extra), says)


@pytest.mark.parametrize("name", list(JSON_CASES))
def test_json_envelope(name: str, scratch: dict[str, str]) -> None:
    args, error_code = JSON_CASES[name]
    _envelope(*_run(args, scratch), error_code)


@pytest.mark.models
@pytest.mark.parametrize("name", list(MODEL_CASES))
def test_one_clear_line_after_the_models_load(name: str, scratch: dict[str, str]) -> None:
    args, says, extra = MODEL_CASES[name]
    _one_line(*_run(args, scratch, extra), says)


@pytest.mark.models
@pytest.mark.parametrize("name", list(MODEL_JSON_CASES))
def test_json_envelope_after_the_models_load(name: str, scratch: dict[str, str]) -> None:
    args, error_code = MODEL_JSON_CASES[name]
    _envelope(*_run(args, scratch), error_code)


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What no command expected still says one line, naming the command; FACECOMPARE_DEBUG=1 re-raises."""
    probe = typer.Typer(cls=CliGroup)

    @probe.command("explode")
    def explode() -> None:
        raise RuntimeError("the disk caught fire\nsecond line")

    @probe.command("other")
    def other() -> None: ...

    res = CliRunner().invoke(probe, ["explode"], prog_name="facecompare")
    assert res.exit_code == 1 and res.stdout == ""
    (line,) = res.stderr.splitlines()
    assert "RuntimeError: the disk caught fire second line" in line and "FACECOMPARE_DEBUG=1" in line
    monkeypatch.setenv("FACECOMPARE_DEBUG", "1")
    res = CliRunner().invoke(probe, ["explode"], prog_name="facecompare")
    assert isinstance(res.exception, RuntimeError)
