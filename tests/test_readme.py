"""The README is a test: every command line of README.md's ```sh blocks runs here, as written.

Lines run in order from the repository root, each in its own ``sh -c`` subprocess (continuation
lines joined, comments stripped) with a timeout, on a scratch home: ``HOME`` and ``XDG_*`` point
into the test's tmp folder and no ``FACECOMPARE_*`` setting is inherited, so every default
(cases, request store, packs, logs, calibration) lands there and the user's data is never
touched; Qt runs offscreen (``tests/readme_runner.py``). ``PLAN`` is the one list saying, for
every line, how it runs and what it must give; a README line missing from it, or an entry the
README no longer has, fails ``test_every_readme_line_is_planned``.

- ``export`` lines set the variable for the lines after them, as in the reader's shell.
- The server line runs in the background, is waited for on ``/ready``, and is stopped
  (SIGTERM) once the rest of its block (curl, ``compare --server``) has run against it.
- A desktop line (``make run``, ``facecompare review``) must bring up its window, seen on a
  private Xvfb screen with ``xwininfo`` (without them: alive 15 s offscreen), and is then
  stopped. ``make screenshots`` runs under Xvfb if installed (skipped otherwise, saying so),
  in the background while the later lines run; the committed screenshots are put back after.
- ``make test`` is the one line not run: it is the command running this test. The lines run
  once, in ``make test``: the suite on another Python (``make test-pythons``, its own venv)
  skips them, as the README's lines use ``.venv``.

The lines, their exit codes and times are printed and written to ``readme-commands.json`` in
the test's tmp folder.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import readme_runner as runner
from tests.conftest import DATA, need
from tests.readme_runner import ROOT, Done, Line, sh_lines

README = ROOT / "README.md"
SHOTS = ROOT / "docs" / "screenshots"
SERVER = "http://127.0.0.1:8000"
FC = ".venv/bin/facecompare"
PAIR = "packaging/samples/card.jpg packaging/samples/selfie.jpg"

pytestmark = [pytest.mark.models, pytest.mark.data, pytest.mark.qt]  # qt: it runs the desktop lines

Check = Callable[[Done, dict[str, Done]], None]


@dataclass(frozen=True)
class How:
    """How a line runs (run, env, server, gui, screenshots, excluded) and what it must give."""

    kind: str = "run"
    exit: int = 0
    timeout: float = 120
    check: Check | None = None
    why: str = ""  # an excluded line's reason, or why the exit code is not 0
    window: str = ""  # gui: the title of the window that must come up


def _json(text: str) -> dict[str, object]:
    return dict(json.loads(text))


def _says(*words: str) -> Check:
    def check(d: Done, _: dict[str, Done]) -> None:
        for word in words:
            assert word in d.output, f"{word!r} not in the output"

    return check


def _file(path: str, test: Callable[[Path], bool] = Path.exists) -> Check:
    def check(_: Done, __: dict[str, Done]) -> None:
        assert test(ROOT / path), f"{path} missing or not as expected"

    return check


def _compared(d: Done, _: dict[str, Done]) -> None:
    from app.contract.responses import CompareResponse

    body = CompareResponse.model_validate_json(d.stdout)
    assert body.result == "SUCCESS" and body.similarity is not None, body.result
    assert len(body.faces or []) == 2


def _same_as_local(d: Done, seen: dict[str, Done]) -> None:
    _compared(d, seen)
    local = _json(seen[f"{FC} compare {PAIR} --json"].stdout)
    assert _json(d.stdout)["similarity"] == local["similarity"], "server and CLI disagree"


def _refused(d: Done, _: dict[str, Done]) -> None:
    from app.contract.responses import ErrorResponse

    body = ErrorResponse.model_validate_json(d.stdout)
    assert body.result == "ERROR" and body.errorCode == "IMAGE_DECODE_FAILED", body.errorCode


def _analyzed(d: Done, _: dict[str, Done]) -> None:
    rows = [_json(s) for s in d.stdout.splitlines()]
    assert len(rows) == 2 and all(row.get("faces") for row in rows), rows


def _scores(_: Done, __: dict[str, Done]) -> None:
    rows = (ROOT / "out/scores.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 20 and all(r.split(",")[3] in ("MATCH", "REVIEW", "NO_MATCH") for r in rows), rows


def _calibration(_: Done, __: dict[str, Done]) -> None:
    body = _json((ROOT / "out/calibration.json").read_text(encoding="utf-8"))
    assert {"match", "review"} <= body.keys(), sorted(body)


def _selftest(d: Done, _: dict[str, Done]) -> None:
    assert _json(d.stdout.splitlines()[-1])["ok"] is True, d.stdout


def _ready(d: Done, _: dict[str, Done]) -> None:
    assert _json(d.stdout)["status"] == "ready", d.stdout


def _curl_compare(d: Done, seen: dict[str, Done]) -> None:
    _compared(d, seen)
    assert _json(d.stdout)["requestId"] == "try-001"


def _pdf(d: Done, _: dict[str, Done]) -> None:
    assert (ROOT / "out/cases.pdf").read_bytes()[:5] == b"%PDF-" and "VERIFIED" in d.output


CURL_COMPARE = (
    f"curl -s {SERVER}/compare -H 'X-EKYC-SECRET: change-me' "
    """-F 'message={"requestId":"try-001","cardImage":{"name":"card","format":"jpg"},"""
    """"faceImage":{"name":"face","format":"jpg"}}' """
    "-F cardImage=@packaging/samples/card.jpg -F faceImage=@packaging/samples/selfie.jpg"
)
TRUNCATED = "../shared/data/idcard-dev/bad/truncated.jpg packaging/samples/selfie.jpg"
CALIBRATE = "out/pairs.csv --identity-from-folder --far 0.01 --review-far 0.05 --out out/calibration.json"
TRIAL = "awk 'NR == 1 || NR % 60 == 0' ../shared/data/lfw-dev/pairs.csv > out/pairs.csv"

STALE = "not run: .venv/.installed is older than pyproject.toml or requirements.lock (make would reinstall)"

#: Every line of every ```sh block of README.md and how it runs: the one list.
PLAN: dict[str, How] = {
    "make run": How("gui", window="Workstation sign-in"),
    "make test": How("excluded", why="the command running this very test (make test runs make unit: pytest)"),
    "make test-pythons": How("excluded", why="this suite again on Python 3.12 and 3.13 (.ci/run runs it)"),
    f"{FC} --version": How(check=_says("model pack open", "calibration")),
    f"{FC} compare {PAIR}": How(check=_says("MATCH", "similarity")),
    f"{FC} compare {PAIR} --json": How(check=_compared),
    f"{FC} compare {TRUNCATED} --json": How(exit=1, check=_refused, why="README: exit 1, the error envelope"),
    f"{FC} analyze {PAIR} --json": How(check=_analyzed),
    f"{FC} liveness packaging/samples/selfie.jpg": How(check=_says("P(live)")),
    f"{FC} models list": How(check=_says("open", "minifasnet")),
    f"{FC} selftest": How(check=_selftest),
    "export FACECOMPARE_SECRETS=change-me": How("env"),
    f"{FC} serve": How("server", timeout=180),
    "curl -s localhost:8000/ready": How(check=_ready),
    CURL_COMPARE: How(check=_curl_compare),
    "export FACECOMPARE_SECRET=change-me": How("env"),
    f"{FC} compare {PAIR} --server {SERVER} --json": How(check=_same_as_local),
    "make screenshots": How("screenshots", timeout=480),
    "mkdir -p out && ln -sfn ../../shared/data/lfw-dev/images out/images": How(
        check=_file("out/images/Abel_Pacheco", Path.is_dir)
    ),
    TRIAL: How(check=_file("out/pairs.csv", lambda p: len(p.read_text().splitlines()) == 21)),
    f"{FC} batch out/pairs.csv --out out/scores.csv": How(check=_scores),
    f"{FC} evaluate out/pairs.csv --identity-from-folder --report out/report/": How(
        check=_file("out/report/report.html")
    ),
    f"{FC} calibrate {CALIBRATE}": How(check=_calibration),
    "export FACECOMPARE_NEW_PASSWORD=alice-pass-1": How("env"),
    f"{FC} audit add-user alice --role admin": How(check=_says("added alice (admin)")),
    "export FACECOMPARE_PASSWORD=alice-pass-1": How("env"),
    f"{FC} compare {PAIR} --record --operator alice --consent --customer C-42 --outcome accept": How(
        check=_says("recorded case")
    ),
    f"{FC} review": How("gui", window="Reviewer sign-in"),
    f"{FC} audit verify": How(check=_says("audit chain intact")),
    f"{FC} audit export --format pdf --output out/cases.pdf": How(check=_pdf),
}


def run_readme(tmp: Path) -> list[Done]:
    """Every README line by its PLAN, in order; a server lives until its block ends."""
    env, dones, seen = runner.scratch_env(tmp), [], {}
    screen, server, shots = runner.XScreen(), None, None
    stale = runner.venv_stale(env)
    try:
        for line in sh_lines(README.read_text(encoding="utf-8")):
            how = PLAN[line.text]
            if server and server.line.block != line.block:
                server.stop()
            if how.kind == "excluded":
                dones.append(Done(line, "excluded", None, 0.0, note=how.why))
            elif stale and line.text.startswith("make "):
                dones.append(Done(line, "not run", None, 0.0, note=STALE))
            elif how.kind == "env":
                name, _, value = shlex.split(line.text)[1].partition("=")
                env[name] = value
                dones.append(Done(line, "env", 0, 0.0, note="set for the lines after it"))
            elif how.kind == "server":
                server = runner.Server(line, f"{SERVER}/ready", tmp / "server.log")
                dones.append(server.done)
                server.start(env, 8000, how.timeout)
            elif how.kind == "gui":
                log = tmp / f"gui{line.lineno}.log"
                dones.append(runner.run_gui(line, env, screen, how.window, how.timeout, log))
            elif how.kind == "screenshots" and shutil.which("Xvfb") is None:
                dones.append(Done(line, "skipped", None, 0.0, note="no Xvfb (see make sysdeps)"))
            elif how.kind == "screenshots":
                shots = (line, runner.start(line.text, env, tmp / "screenshots.log"), time.monotonic())
            else:
                dones.append(runner.run(line, env, how.timeout))
            if dones and dones[-1].line == line:
                seen[line.text] = dones[-1]
        if shots:
            dones.append(_screenshots(*shots, tmp / "screenshots.log"))
    finally:
        if server:
            server.stop()
        if shots and shots[1].poll() is None:
            runner.stop(shots[1], 5)
        screen.close()
    for d in dones:
        _judge(d, PLAN[d.line.text], seen)
    return sorted(dones, key=lambda d: d.line.lineno)


def _judge(d: Done, how: How, seen: dict[str, Done]) -> None:
    if d.kind == "run" and not d.problems and d.exit != how.exit:
        d.problems.append(f"exit {d.exit}, expected {how.exit}")
    if d.kind == "run" and how.check and not d.problems:
        try:
            how.check(d, seen)
        except (AssertionError, ValueError, KeyError, IndexError) as exc:
            d.problems.append(f"output: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


def _screenshots(line: Line, proc: subprocess.Popen[bytes], t0: float, log: Path) -> Done:
    """The background ``make screenshots``: exit 0, and every PNG the README shows rendered anew."""
    timeout, c0 = PLAN[line.text].timeout, runner.children_cpu()
    try:
        code: int | None = proc.wait(max(1.0, timeout - (time.monotonic() - t0)))
    except subprocess.TimeoutExpired:
        code = runner.stop(proc, 5)[0]
    done = Done(line, "screenshots", code, time.monotonic() - t0, log.read_text(errors="replace"))
    done.cpu = runner.children_cpu() - c0
    done.note = "under Xvfb, in the background while the later lines ran"
    if code != 0:
        done.problems.append(f"exit {code}, expected 0")
    shown = re.findall(r"\(docs/screenshots/([\w.-]+\.png)\)", README.read_text(encoding="utf-8"))
    if stale := [n for n in shown if not (SHOTS / n).exists() or (SHOTS / n).stat().st_mtime < t0 - 1]:
        done.problems.append(f"not rendered: {', '.join(stale)}")
    return done


def _report(dones: list[Done], path: Path, seconds: float) -> str:
    rows = [
        {"block": d.line.block, "line": d.line.lineno, "command": d.line.text, "how": d.kind, "exit": d.exit,
         "expected": PLAN[d.line.text].exit, "seconds": round(d.seconds, 1), "cpu": round(d.cpu, 1),
         "ok": not d.problems, "note": d.note if d.kind != "run" else "", "problems": d.problems}
        for d in dones
    ]  # fmt: skip
    cpu = sum(d.cpu for d in dones)
    summary = {"seconds": round(seconds), "cpu_seconds": round(cpu), "lines": rows}
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    text = [f"README commands: {len(rows)} lines in {seconds:.0f} s, {cpu:.0f} CPU-s ({path}):"]
    for r in rows:
        status = "---" if r["how"] in ("not run", "skipped", "excluded") else "ok " if r["ok"] else "BAD"
        times = f"{r['seconds']:6.1f} s {r['cpu']:5.1f} CPU-s"
        text.append(f"  {status} exit {r['exit']!s:>4} {times}  [{r['how']}] {r['command']}")
    return "\n".join(text)


def test_sh_lines_joins_continuations_and_strips_comments() -> None:
    md = "\n".join(
        ["x", "```sh", "A --x  # note", "", "B 'a # b' \\", '  --c  \\', '  "#d"  # e', "```", "```py", "C",
         "```", "```", "E", "```", "```sh", "# only a comment", "D#E", "```"]
    )  # fmt: skip
    assert sh_lines(md) == [Line(1, 3, "A --x"), Line(1, 5, "B 'a # b' --c \"#d\""), Line(2, 17, "D#E")]


def test_every_readme_line_is_planned() -> None:
    """Each README command is run or excluded with a reason in PLAN, and each PLAN entry is a README line."""
    texts = [line.text for line in sh_lines(README.read_text(encoding="utf-8"))]
    assert [t for t in texts if t not in PLAN] == [], "README lines missing from PLAN"
    assert [t for t in PLAN if t not in texts] == [], "PLAN entries the README no longer has"
    assert [t for t, how in PLAN.items() if (how.kind == "excluded" or how.exit) and not how.why] == []


def test_readme_commands_run_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    need(DATA / "lfw-dev" / "pairs.csv")
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip(f"the README's lines use .venv; this suite runs in {sys.prefix} (make test-pythons)")
    where = [".venv/bin/python", "-c", "import app; print(app.__file__)"]
    probe = subprocess.run(where, cwd=ROOT, env=runner.scratch_env(tmp_path), capture_output=True, text=True)
    assert probe.stdout.startswith(str(ROOT)), (
        f".venv/bin/python imports app from {probe.stdout.strip() or probe.stderr.strip()}, not this "
        "checkout: run with PYTHONPATH=$PWD (or make install)"
    )
    t0 = time.monotonic()
    with runner.restored(SHOTS), runner.cleaned(ROOT / "out"):
        dones = run_readme(tmp_path)
    (ROOT / "build").mkdir(exist_ok=True)  # the list stays after the run: build/readme-commands.json
    report = _report(dones, ROOT / "build" / "readme-commands.json", time.monotonic() - t0)
    with capsys.disabled():
        print("\n" + report)
    bad = [
        f"{d.line.text}\n    {'; '.join(d.problems)}\n    | " + "\n    | ".join(d.output.splitlines()[-12:])
        for d in dones
        if d.problems
    ]
    assert not bad, "README lines that do not work as written:\n" + "\n".join(bad)
