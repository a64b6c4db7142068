"""``SqlCaseStore``: the case store on SQLAlchemy (SQLite by default, one file per workstation)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, String, Text, create_engine, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from app.cases.models import CaseRecord, Outcome


class _Base(DeclarativeBase):
    pass


class _CaseRow(_Base):
    __tablename__ = "cases"

    case_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    workstation: Mapped[str] = mapped_column(String(200))
    operator: Mapped[str] = mapped_column(String(200))
    customer_ref: Mapped[str] = mapped_column(String(200), index=True)
    outcome: Mapped[str] = mapped_column(String(16), index=True)
    note: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(16))
    similarity: Mapped[float] = mapped_column(Float)
    match_threshold: Mapped[float] = mapped_column(Float)
    review_threshold: Mapped[float] = mapped_column(Float)
    model_pack: Mapped[str] = mapped_column(String(100))
    engine_mode: Mapped[str] = mapped_column(String(16))
    request_id: Mapped[str | None] = mapped_column(String(128))
    uid: Mapped[str | None] = mapped_column(String(128))
    card_sha256: Mapped[str] = mapped_column(String(64))
    face_sha256: Mapped[str] = mapped_column(String(64))
    face_pose: Mapped[str] = mapped_column(String(32))
    face_yaw: Mapped[float | None] = mapped_column(Float)
    face_pitch: Mapped[float | None] = mapped_column(Float)
    face_roll: Mapped[float | None] = mapped_column(Float)
    face_mask: Mapped[bool | None] = mapped_column(Boolean)
    elapsed_ms: Mapped[float | None] = mapped_column(Float)


_FIELDS = tuple(CaseRecord.model_fields)


def _to_record(row: _CaseRow) -> CaseRecord:
    values: dict[str, Any] = {name: getattr(row, name) for name in _FIELDS}
    if values["created_at"].tzinfo is None:  # SQLite keeps no zone; we only ever store UTC
        values["created_at"] = values["created_at"].replace(tzinfo=UTC)
    return CaseRecord(**values)


class SqlCaseStore:
    """Cases in a SQL database (``url`` is any SQLAlchemy URL; ``path`` a SQLite file)."""

    def __init__(self, url: str) -> None:
        self._engine = create_engine(url)
        if self._engine.dialect.name == "sqlite":
            event.listen(self._engine, "connect", _sqlite_pragmas)
        _Base.metadata.create_all(self._engine)

    @classmethod
    def at(cls, path: Path) -> SqlCaseStore:
        """A SQLite store in the file ``path`` (its folder is created)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(f"sqlite:///{path}")

    def add(self, record: CaseRecord) -> CaseRecord:
        row = _CaseRow(**record.model_dump())
        try:
            with Session(self._engine) as session, session.begin():
                session.add(row)
        except IntegrityError:
            raise ValueError(f"case {record.case_id} is already recorded") from None
        return record

    def get(self, case_id: str) -> CaseRecord | None:
        with Session(self._engine) as session:
            row = session.get(_CaseRow, case_id)
            return _to_record(row) if row is not None else None

    def list(self, *, outcome: Outcome | None = None, limit: int = 100) -> list[CaseRecord]:
        query = select(_CaseRow).order_by(_CaseRow.created_at.desc()).limit(limit)
        if outcome is not None:
            query = query.where(_CaseRow.outcome == outcome.value)
        with Session(self._engine) as session:
            return [_to_record(row) for row in session.scalars(query)]

    def close(self) -> None:
        self._engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
