"""Exports of the audit log (CSV, JSON Lines, or the PDF report of :mod:`app.cases.report_pdf`),
each opening with the :class:`~app.cases.export_header.ExportHeader`, and reading their head back."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cases.chain import AuditRow, Checkpoint
from app.cases.export_header import ExportHeader, recorded_checkpoint
from app.cases.plain_words import LANGUAGES
from app.files import private_file

if TYPE_CHECKING:
    from app.cases.sql import SqlCaseStore

COLUMNS = ("seq", "at", "actor", "action", "case_id", "payload", "prev_hash", "row_hash")


def write_csv(path: Path, header: ExportHeader, rows: list[AuditRow]) -> None:
    """Comment lines with the header (``# key: value``), then one CSV row per audit row."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write(f"# {header.line()}\n")
        fh.write(f"# {json.dumps(header.as_dict(), sort_keys=True)}\n")
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow(
                [r.seq, r.at, r.actor, r.action, r.case_id or "", r.payload, r.prev_hash, r.row_hash]
            )


def write_jsonl(path: Path, header: ExportHeader, rows: list[AuditRow]) -> None:
    """The header object on the first line, then one audit row per line."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"export": header.as_dict()}, sort_keys=True) + "\n")
        for r in rows:
            fh.write(json.dumps(r.as_dict(), sort_keys=True, ensure_ascii=False) + "\n")


@dataclass(frozen=True, slots=True)
class Selection:
    """What an export covers: the verified rows up to the checkpoint, the window and the cases
    (and the language a report is written in)."""

    rows: list[AuditRow]
    since: datetime | None = None
    until: datetime | None = None
    case_ids: list[str] | None = None
    language: str = "en"


#: ``write(store, path, header, selection, actor) -> items written``
Writer = Callable[["SqlCaseStore", Path, ExportHeader, Selection, str], int]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: its name (``--format``), what a file dialog calls it, and its writer."""

    name: str
    label: str
    suffix: str
    write: Writer


def _csv(store: SqlCaseStore, path: Path, header: ExportHeader, sel: Selection, actor: str) -> int:
    write_csv(path, header, sel.rows)
    return len(sel.rows)


def _jsonl(store: SqlCaseStore, path: Path, header: ExportHeader, sel: Selection, actor: str) -> int:
    write_jsonl(path, header, sel.rows)
    return len(sel.rows)


def _pdf(store: SqlCaseStore, path: Path, header: ExportHeader, sel: Selection, actor: str) -> int:
    from app.cases.report_pdf import write_pdf

    return write_pdf(
        store,
        path,
        header,
        actor=actor,
        since=sel.since,
        until=sel.until,
        case_ids=sel.case_ids,
        language=sel.language,
    )


#: Every export format by name; a new format is one writer and one entry here.
EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("csv", "CSV", ".csv", _csv),
        ExportFormat("jsonl", "JSON Lines", ".jsonl", _jsonl),
        ExportFormat("pdf", "PDF", ".pdf", _pdf),
    )
}
FORMATS = tuple(EXPORT_FORMATS)


def read_header(path: Path) -> dict[str, Any]:
    """The export header a CSV or JSON Lines export opens with (empty when it has none)."""
    with path.open(encoding="utf-8") as fh:
        lines = [fh.readline(), fh.readline()]
    for line in lines:
        text = line.lstrip("# ").strip()
        if text.startswith("{"):
            obj = json.loads(text)
            found: dict[str, Any] = obj.get("export", obj)
            if "head_seq" in found:
                return found
    return {}


def read_checkpoint(path: Path) -> Checkpoint:
    """The head recorded in an export (CSV, JSONL, PDF) or in a checkpoint JSON file."""
    if path.suffix.lower() == ".pdf":
        from app.cases.report_pdf import read_pdf_header

        point = recorded_checkpoint(read_pdf_header(path))
        if point is None:
            raise ValueError(f"{path} holds no audit head")
        return point
    with path.open(encoding="utf-8") as fh:
        lines = [fh.readline(), fh.readline()]
    if lines[0].strip() == "{":  # a checkpoint file written with indentation
        lines = [path.read_text(encoding="utf-8")]
    for line in lines:
        text = line.lstrip("# ").strip()
        if not text.startswith("{"):
            continue
        obj = json.loads(text)
        point = recorded_checkpoint(obj.get("export", obj))
        if point is not None:
            return point
    raise ValueError(f"{path} holds no audit head (not an export or checkpoint file)")


def export(
    store: SqlCaseStore,
    fmt: str,
    output: Path,
    *,
    actor: str,
    since: datetime | None = None,
    until: datetime | None = None,
    case_ids: list[str] | None = None,
    action: str | None = None,
    by: str | None = None,
    now: datetime | None = None,
    language: str = "en",
) -> ExportHeader:
    """Verify the chain, record a checkpoint, write the file, and log the export itself.

    The rows are those at or before the checkpoint in [``since``, ``until``), of ``action`` and
    by ``by`` when given (the audit viewer's filters); a PDF without ``case_ids`` then reports
    the cases those rows name. ``now`` is when the export is stamped (default: the clock);
    ``language`` is the PDF's (``en`` or ``ko``: CSV and JSON Lines keep the stored values).
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    report = store.verify_audit()
    point = store.checkpoint()
    selected = store.audit(since=since, until=until, action=action or None, actor=by or None)
    rows = [r for r in selected if r.seq <= point.seq]
    if fmt == "pdf" and not case_ids and (action or by):
        case_ids = list(dict.fromkeys(r.case_id for r in rows if r.case_id))
    stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    header = ExportHeader.of(
        report, point, since, until, len(rows), action=action, by=by, exported_by=actor, exported_at=stamp
    )
    selection = Selection(rows, since, until, case_ids, language)
    private_file(output, truncate=True)  # 0600 before a byte of the log is in it
    count = EXPORT_FORMATS[fmt].write(store, output, header, selection, actor)
    private_file(output)  # a writer that replaced the file gets the mode back
    store.audit_event(
        actor,
        "audit.exported",
        {
            "format": fmt,
            "file": output.name,
            "items": count,
            "since": header.since,
            "until": header.until,
            "action": header.action,
            "by": header.by,
            "chain_verified": header.chain_verified,
            "head_seq": header.head_seq,
            "head_hash": header.head_hash,
        },
    )
    return header
