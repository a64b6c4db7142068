"""An auditor's check of an exported log on another machine: the file and the public key only.

No database and no secret: the rows of a CSV or JSON Lines export are walked as a chain, the
export's own signed head must close it, and any published or earlier checkpoint that falls inside
it must match. What the database's tables hold is not in an export; the cross-check needs the
database (``facecompare audit verify`` on it).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.cases.chain import AuditRow, ChainReport, Checkpoint, canonical_json, verify
from app.cases.export import COLUMNS, read_checkpoint, read_header


def read_rows(path: Path) -> list[AuditRow]:
    """The audit rows of a CSV or JSON Lines export, in file order."""
    rows: list[AuditRow] = []
    with path.open(encoding="utf-8", newline="") as fh:
        if path.suffix.lower() == ".csv":
            body = [line for line in fh if not line.startswith("# ")]
            for r in csv.DictReader(body):
                if tuple(r) != COLUMNS:
                    raise ValueError(f"{path} does not have the export's columns")
                rows.append(_row(r, r["payload"]))
        else:
            for i, line in enumerate(fh):
                obj = json.loads(line)
                if i == 0 and "export" in obj:
                    continue
                rows.append(_row(obj, canonical_json(obj["payload"])))
    return rows


def _row(r: dict[str, object], payload: str) -> AuditRow:
    case_id = r["case_id"] or None
    return AuditRow(
        int(str(r["seq"])),
        str(r["at"]),
        str(r["actor"]),
        str(r["action"]),
        None if case_id is None else str(case_id),
        payload,
        str(r["prev_hash"]),
        str(r["row_hash"]),
    )


def verify_export(
    path: Path, public_keys: Sequence[Ed25519PublicKey], checkpoints: Sequence[Checkpoint] = ()
) -> ChainReport:
    """Walk the export's rows; its signed head closes them; ``checkpoints`` inside it must match.

    Checkpoints past the export's head are not evidence about it and are counted in ``notes``.
    """
    head = read_checkpoint(path)
    picked = {k: v for k, v in read_header(path).items() if k in ("action", "by") and v}
    if picked:  # rows were left out on purpose: the links between the rest cannot be walked
        report = ChainReport(head_seq=head.seq, head_hash=head.hash)
        chosen = ", ".join(f"{k} {v}" for k, v in sorted(picked.items()))
        report.problem = (
            f"{path.name} is a selection of the log ({chosen}), not a chain to verify: "
            "export without --action/--by to check it"
        )
        return report
    rows = read_rows(path)
    if not rows:
        report = ChainReport(head_seq=head.seq, head_hash=head.hash)
        report.problem = f"{path} holds no audit rows"
        return report
    start = (rows[0].seq, rows[0].prev_hash)
    inside = [c for c in checkpoints if start[0] <= c.seq <= head.seq]
    report = verify(rows, head=head, checkpoints=[head, *inside], public_keys=public_keys, start=start)
    if start[0] > 1:
        report.notes.append(f"the export starts at row #{start[0]}: rows before it are not in the file")
    beyond = len(checkpoints) - len(inside)
    if beyond:
        report.notes.append(f"{beyond} checkpoint(s) outside the export's rows not compared")
    return report
