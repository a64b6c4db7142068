"""The tables (SQLAlchemy Core). Migrations in ``app/cases/migrations`` create them; this is the map."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

cases = Table(
    "cases",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), index=True),
    Column("workstation", String(200)),
    Column("operator", String(200)),
    Column("customer_ref", String(200), index=True),
    Column("outcome", String(16), index=True),
    Column("note", Text),
    Column("decision", String(16)),
    Column("similarity", Float),
    Column("match_threshold", Float),
    Column("review_threshold", Float),
    Column("model_pack", String(100)),
    Column("engine_mode", String(16)),
    Column("request_id", String(128)),
    Column("uid", String(128)),
    Column("card_sha256", String(64)),
    Column("face_sha256", String(64)),
    Column("face_pose", String(32)),
    Column("face_yaw", Float),
    Column("face_pitch", Float),
    Column("face_roll", Float),
    Column("face_mask", Boolean),
    Column("elapsed_ms", Float),
    # added by revision 0002
    Column("face_size_px", Float),
    Column("face_sharpness", Float),
    Column("face_brightness", Float),
    Column("flagged", Boolean, index=True),
    Column("flag_reasons", Text),
    # added by revision 0003
    Column("card_geometry", Text),
    Column("face_geometry", Text),
    # added by revision 0004
    Column("liveness_score", Float),
    Column("challenge_passed", Boolean),
    Column("consent", Boolean),
    # added by revision 0007 (the calibrated score)
    Column("raw_similarity", Float),
    Column("score_scale", String(64)),
)

users = Table(
    "users",
    metadata,
    Column("username", String(200), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("case_id", String(32), ForeignKey("cases.case_id"), primary_key=True),
    Column("reviewer", String(200), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
)

case_images = Table(
    "case_images",
    metadata,
    Column("case_id", String(32), ForeignKey("cases.case_id"), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    Column("purge_after", DateTime(timezone=True), nullable=False, index=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False, index=True),
    Column("actor", String(200), nullable=False),
    Column("action", String(64), nullable=False),
    Column("case_id", String(32), index=True),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("row_hash", String(64), nullable=False),
)

# one row (id 1): the writers' lock and the last seq/hash they wrote
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("signature", String(200), nullable=False),  # widened by 0006 (Ed25519: 136 characters)
)

# tables no one may UPDATE or DELETE (database triggers refuse it)
APPEND_ONLY = ("cases", "reviews", "audit_log", "audit_checkpoints")
