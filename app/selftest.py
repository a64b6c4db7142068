"""The self-test of an installation: one JSON line, ``ok`` true when everything works.

Always: load the model pack and compare two shipped sample images, and create a throw-away
case store (its migration scripts must be installed). When asked (``qt=True``, the
workstation's ``--self-test``): start Qt, offscreen without a display, and read the styles,
icon and translation; that check lives in :mod:`app.gui.common.qt_check` and is imported only
then, so ``facecompare selftest`` runs on a server or kiosk without a display or Qt.

The samples are synthetic renderings of a public-domain NASA portrait (``packaging/samples/``,
see its README); both show the same person, so anything but MATCH means the models, their
files or the image decoders are broken.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import app
from app import shipped

SAMPLES = ("card.jpg", "selfie.jpg")
EXPECTED_DECISION = "MATCH"
QT_RESOURCES = ("stylesheet", "icon", "translation_ko", "font_ko")


def samples_dir() -> Path | None:
    """The folder of the sample images: a frozen build's, an installed wheel's or the
    repository's ``packaging/samples/`` (:mod:`app.shipped`)."""
    return shipped.find("samples", *SAMPLES)


def check_engine(pack: str | None = None, samples: Path | None = None) -> dict[str, Any]:
    """Load the engine and compare the samples: ``decision`` and timings, or ``error``."""
    folder = samples or samples_dir()
    if folder is None:
        return {"error": "sample images not found (packaging/samples/card.jpg, selfie.jpg)"}
    result: dict[str, Any] = {}
    try:
        from app.engine.engine import Engine

        t0 = time.perf_counter()
        engine = Engine(pack)
        result["load_s"] = round(time.perf_counter() - t0, 2)
        result["pack"] = engine.pack.name
        result["thresholds_source"] = engine.thresholds_source
        card, selfie = ((folder / name).read_bytes() for name in SAMPLES)
        comparison = engine.compare(card, selfie)
    except Exception as exc:  # a self-test reports every failure instead of crashing
        result["error"] = f"{type(exc).__name__}: {exc}"
        return result
    result["decision"] = str(comparison.decision)
    result["similarity"] = round(comparison.similarity, 4)
    result["compare_ms"] = round(comparison.elapsed_ms, 1)
    if result["decision"] != EXPECTED_DECISION:
        result["error"] = f"the two samples of one person gave {result['decision']}, not {EXPECTED_DECISION}"
    return result


def check_case_store() -> dict[str, Any]:
    """Create a throw-away SQLite case store: its migration scripts must be installed."""
    with tempfile.TemporaryDirectory(prefix="facecompare-selftest-") as folder:
        try:
            from app.cases import SqlCaseStore

            SqlCaseStore.at(Path(folder) / "cases.sqlite3").close()
        except Exception as exc:
            return {"case_store": False, "case_store_error": f"{type(exc).__name__}: {exc}"}
    return {"case_store": True}


def check_qt() -> dict[str, Any]:
    """Qt and the workstation's resources (:func:`app.gui.common.qt_check.check_qt`)."""
    try:
        from app.gui.common.qt_check import check_qt

        return check_qt()
    except Exception as exc:  # a broken Qt install must still give a JSON line
        return {"qt_error": f"{type(exc).__name__}: {exc}"}


def run(pack: str | None = None, samples: Path | None = None, *, qt: bool = False) -> dict[str, Any]:
    """Every check that applies, as a JSON-ready result whose ``ok`` says all passed.

    Never raises for an engine, file, database or Qt problem: ``error`` names the first
    (the comparison's, else Qt's, else the case store's).
    """
    result: dict[str, Any] = {"version": app.__version__, "frozen": bool(getattr(sys, "frozen", False))}
    qt_result = check_qt() if qt else {}
    cases = check_case_store()
    result.update(check_engine(pack, samples))
    result.update(qt_result)
    result.update(cases)
    problems = [result.get("error")]
    if qt and ("qt_error" in qt_result or not all(qt_result.get(k) for k in QT_RESOURCES)):
        problems.append("Qt or the workstation's resources (styles, icon, translations, font) are missing")
    if not cases["case_store"]:
        problems.append("the case store cannot be created: " + cases["case_store_error"])
    first = next((p for p in problems if p), None)
    result["ok"] = first is None
    if first is not None:
        result["error"] = first
    return result


def to_line(result: dict[str, Any]) -> str:
    """The result as one line of JSON (what the self-test prints)."""
    return json.dumps(result, ensure_ascii=False, sort_keys=True)


def main(pack: str | None = None, *, qt: bool = False) -> int:
    """Run the self-test, print its JSON line, and return the exit code (0 passed, 1 failed)."""
    result = run(pack, qt=qt)
    print(to_line(result), flush=True)
    return 0 if result["ok"] else 1
