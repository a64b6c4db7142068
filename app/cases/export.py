"""Exports of the audit log (CSV, JSON Lines), each stating whether the chain verified and its head."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cases.chain import AuditRow, ChainReport, Checkpoint

if TYPE_CHECKING:
    from app.cases.sql import SqlCaseStore

FORMATS = ("csv", "jsonl", "pdf")
COLUMNS = ("seq", "at", "actor", "action", "case_id", "payload", "prev_hash", "row_hash")


@dataclass(frozen=True, slots=True)
class ExportHeader:
    """What every export says first: the chain's state when it was written and its head."""

    chain_verified: bool
    head_seq: int
    head_hash: str
    checkpoint_at: str
    problem: str
    since: str | None
    until: str | None
    rows: int
    signature: str = ""

    @classmethod
    def of(
        cls, report: ChainReport, point: Checkpoint, since: datetime | None, until: datetime | None, rows: int
    ) -> ExportHeader:
        return cls(
            chain_verified=report.ok,
            head_seq=point.seq,
            head_hash=point.hash,
            checkpoint_at=point.at,
            problem=report.problem,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            rows=rows,
            signature=point.signature,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "facecompare_audit_export": 1,
            "chain_verified": self.chain_verified,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "checkpoint_at": self.checkpoint_at,
            "signature": self.signature,
            "problem": self.problem,
            "since": self.since,
            "until": self.until,
            "rows": self.rows,
        }

    def line(self) -> str:
        state = "VERIFIED" if self.chain_verified else f"NOT VERIFIED ({self.problem})"
        return f"audit chain {state}; head #{self.head_seq} sha256 {self.head_hash}"

    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.head_seq, self.head_hash, self.checkpoint_at, self.signature)


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


def read_checkpoint(path: Path) -> Checkpoint:
    """The head recorded in an export (CSV, JSONL, PDF) or in a checkpoint JSON file."""
    if path.suffix.lower() == ".pdf":
        return _pdf_checkpoint(path)
    with path.open(encoding="utf-8") as fh:
        lines = [fh.readline(), fh.readline()]
    if lines[0].strip() == "{":  # a checkpoint file written with indentation
        lines = [path.read_text(encoding="utf-8")]
    for line in lines:
        text = line.lstrip("# ").strip()
        if not text.startswith("{"):
            continue
        obj = json.loads(text)
        obj = obj.get("export", obj)
        if "head_seq" in obj:
            return Checkpoint(
                int(obj["head_seq"]), obj["head_hash"], obj.get("checkpoint_at", ""), obj.get("signature", "")
            )
    raise ValueError(f"{path} holds no audit head (not an export or checkpoint file)")


def _pdf_checkpoint(path: Path) -> Checkpoint:
    import pymupdf

    with pymupdf.open(path) as doc:
        meta = json.loads(doc.metadata.get("keywords") or "{}")
    if "head_seq" not in meta:
        raise ValueError(f"{path} holds no audit head")
    return Checkpoint(
        int(meta["head_seq"]), meta["head_hash"], meta.get("checkpoint_at", ""), meta.get("signature", "")
    )


def export(
    store: SqlCaseStore,
    fmt: str,
    output: Path,
    *,
    actor: str,
    since: datetime | None = None,
    until: datetime | None = None,
    case_ids: list[str] | None = None,
) -> ExportHeader:
    """Verify the chain, record a checkpoint, write the file, and log the export itself."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    report = store.verify_audit()
    point = store.checkpoint()
    rows = [r for r in store.audit(since=since, until=until) if r.seq <= point.seq]
    if fmt == "pdf":
        from app.cases.report_pdf import write_pdf

        header = ExportHeader.of(report, point, since, until, rows=len(rows))
        count = write_pdf(store, output, header, actor=actor, since=since, until=until, case_ids=case_ids)
    else:
        header = ExportHeader.of(report, point, since, until, rows=len(rows))
        (write_csv if fmt == "csv" else write_jsonl)(output, header, rows)
        count = len(rows)
    store.audit_event(
        actor,
        "audit.exported",
        {
            "format": fmt,
            "file": output.name,
            "items": count,
            "since": header.since,
            "until": header.until,
            "chain_verified": header.chain_verified,
            "head_seq": header.head_seq,
            "head_hash": header.head_hash,
        },
    )
    return header
