"""``pip install .`` gives a working program, and the client installs alone.

The wheels are built from a clean copy of this checkout (with a research pack and a download
script planted in ``models/``), installed into fresh venvs, and run there with an empty home
and models folder, so what works comes from the wheel and nowhere else.
"""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from app.shipped import shipped_files, shipped_packs
from tests.packaging.wheels import ROOT, STRAY, Installed, copy_checkout, isolated_env, run, venv_script

pytestmark = pytest.mark.slow
DATA = "app/_data/"


def _data_files(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as zf:
        return {n.removeprefix(DATA): zf.read(n) for n in zf.namelist() if n.startswith(DATA)}


def _json_line(stdout: str) -> dict[str, object]:
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    assert lines, stdout
    return dict(json.loads(lines[-1]))


def test_the_wheel_carries_the_models_resources_and_samples(installed: Installed) -> None:
    data = _data_files(installed.wheel)
    assert {
        "models/manifests/open.json",
        "models/manifests/buffalo_l.json",
        "models/calibration/open.json",
        "models/open/face_detection_yunet_2023mar.onnx",
        "models/open/mask_classifier.npz",
        "models/open/LICENSE-yunet.txt",
        "resources/icons/app.svg",
        "resources/translations/facecompare_ko.qm",
        "resources/translations/kiosk_ko.qm",
        "samples/card.jpg",
        "samples/selfie.jpg",
        "samples/README.md",
    } <= set(data)
    assert any(name.startswith("resources/styles/") and name.endswith(".qss") for name in data)
    assert set(data) == {dest for _source, dest in shipped_files(ROOT)}
    for pack, files in shipped_packs(ROOT / "models" / "manifests").items():
        manifest = json.loads(data[f"models/manifests/{pack}.json"])
        for entry in (e for e in manifest["files"] if e["name"] in files):
            assert hashlib.sha256(data[f"models/{pack}/{entry['name']}"]).hexdigest() == entry["sha256"]


def test_the_wheel_leaves_out_research_packs_sources_and_scripts(installed: Installed) -> None:
    data = _data_files(installed.wheel)
    assert all(not name.startswith("models/buffalo_l/") for name in data), STRAY
    assert [name for name in data if name.endswith((".py", ".ts"))] == []
    with zipfile.ZipFile(installed.wheel) as zf:
        names = zf.namelist()
    assert "app/cases/migrations/script.py.mako" in names  # alembic reads them from disk
    assert not [n for n in names if n.startswith(("tests/", "tools/", "benchmarks/", "packaging/"))]


def test_the_source_distribution_can_build_the_same_wheel(tmp_path: Path) -> None:
    """``python -m build`` and ``uv build`` make the wheel from the sdist: it must hold every
    shipped file (and setup.py's list), and no research pack kept in ``models/``."""
    src = copy_checkout(tmp_path / "src")
    code = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    name = run([sys.executable, "-c", code, tmp_path], cwd=src).stdout.split()[-1]
    with tarfile.open(tmp_path / name) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if m.isfile()}
    wanted = {source.relative_to(ROOT).as_posix() for source, _dest in shipped_files(ROOT)}
    assert wanted | {"setup.py", "app/shipped.py", "MANIFEST.in"} <= members
    assert {m for m in members if m.startswith("models/")} == {
        w for w in wanted if w.startswith("models/")
    }, STRAY


def test_the_installed_program_works_from_the_wheel_alone(installed: Installed) -> None:
    """``facecompare selftest`` and ``models list`` with the repository nowhere on the path."""
    env, home = isolated_env(installed.home), installed.home
    where = run([installed.python, "-c", "import app; print(app.__file__)"], env=env, cwd=home).stdout
    assert Path(where.strip()).is_relative_to(installed.python.parent.parent), where
    facecompare = venv_script(installed.python, "facecompare")
    selftest = run([facecompare, "selftest"], env=env, cwd=home, check=False)
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr[-2000:]
    line = _json_line(selftest.stdout)
    assert line["ok"] is True and line["pack"] == "open" and line["decision"] == "MATCH"
    assert line["case_store"] is True
    assert str(line["thresholds_source"]).replace("\\", "/").endswith(
        "site-packages/app/_data/models/calibration/open.json (shipped)"
    )
    listing = run([facecompare, "models", "list"], env=env | {"COLUMNS": "1000"}, cwd=home).stdout
    row = next(line for line in listing.splitlines() if line.strip("│ ").startswith("open "))
    assert " yes " in row and "app/_data/models/open" in row and "open.json (shipped)" in row, listing


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


CLIENT_SCRIPT = """
import importlib.util, json, sys
import app.client
from app.client import FaceCompareClient
heavy = ("numpy", "cv2", "onnxruntime", "dlib", "shiboken6", "fastapi", "sqlalchemy")
heavy = [m for m in heavy if importlib.util.find_spec(m)]
with FaceCompareClient(sys.argv[1], sys.argv[2]) as fc:
    result = fc.compare(sys.argv[3], sys.argv[4])
print(json.dumps({"heavy": heavy, "client": app.client.__file__, "decision": result.verification.decision,
                  "similarity": result.similarity}))
"""


def test_the_client_alone_calls_the_installed_server(installed: Installed, tmp_path: Path) -> None:
    """The client wheel, with only httpx and pydantic beside it, compares through a real
    ``facecompare serve`` started from the full wheel."""
    port, secret = _free_port(), "packaging-test-secret"
    env = isolated_env(installed.home) | {
        "FACECOMPARE_SECRETS": secret,
        "FACECOMPARE_REQUEST_STORE": f"sqlite:///{tmp_path / 'ids.sqlite3'}",
    }
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [str(venv_script(installed.python, "facecompare")), "serve", "--port", str(port), "--workers", "1"],
        env=env, cwd=installed.home, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the installed server never became ready"
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        card, selfie = (ROOT / "packaging" / "samples" / name for name in ("card.jpg", "selfie.jpg"))
        out = run(
            [installed.client_python, "-c", CLIENT_SCRIPT, base, secret, card, selfie],
            env=isolated_env(installed.home), cwd=installed.home,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    answer = _json_line(out.stdout)
    assert answer["heavy"] == [], "the client-only venv can import the full program's dependencies"
    assert Path(str(answer["client"])).is_relative_to(installed.client_python.parent.parent)
    assert answer["decision"] == "MATCH" and float(str(answer["similarity"])) > 0.95


def test_the_client_wheel_holds_the_client_and_the_contract_only(installed: Installed) -> None:
    with zipfile.ZipFile(installed.client_wheel) as zf:
        names = [n for n in zf.namelist() if not n.startswith("facecompare_client-")]
        metadata = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert {n.split("/")[1] for n in names if n.count("/") > 1} == {"client", "contract"}
    assert {n for n in names if n.count("/") == 1} == {"app/__init__.py", "app/py.typed"}
    requires = sorted(line.split(":", 1)[1].split(">")[0].strip() for line in metadata.splitlines()
                      if line.startswith("Requires-Dist:"))  # fmt: skip
    assert requires == ["httpx", "pydantic"]
