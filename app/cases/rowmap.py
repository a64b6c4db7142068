"""Between ``CaseRecord`` and a ``cases`` row (JSON columns, SQLite's zone-less times)."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from app.cases.models import CaseRecord

_FIELDS = tuple(CaseRecord.model_fields)
JSON_FIELDS = ("card_geometry", "face_geometry")
#: fields added after revision 0006 (0007: the calibrated score); a row read by an earlier
#: migration lacks their columns, and a record made before them holds None
LATER_FIELDS = ("raw_similarity", "score_scale")


def to_row(record: CaseRecord) -> dict[str, Any]:
    """Column values of ``record`` (geometry as JSON text)."""
    values = record.model_dump()
    for name in JSON_FIELDS:
        if values[name] is not None:
            values[name] = json.dumps(record.model_dump(mode="json")[name], separators=(",", ":"))
    return values


def to_record(row: Any) -> CaseRecord:
    """The record a ``cases`` row holds."""
    values: dict[str, Any] = {
        name: getattr(row, name, None) if name in LATER_FIELDS else getattr(row, name) for name in _FIELDS
    }
    if values["created_at"].tzinfo is None:  # SQLite keeps no zone; the store only writes UTC
        values["created_at"] = values["created_at"].replace(tzinfo=UTC)
    for name in JSON_FIELDS:
        if values[name] is not None:
            values[name] = json.loads(values[name])
    return CaseRecord(**values)
