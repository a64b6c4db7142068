"""The audit log's hash chain: canonical JSON, row hashes and the verifier (no database here)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.cases import signing

GENESIS = "0" * 64
#: the row a store writes before its first checkpoint signed with a scheme (and, for Ed25519, a key)
SIGNING_STARTED = "audit.signing_started"


def canonical_json(obj: Any) -> str:
    """One text per value: sorted keys, no spaces, UTF-8 kept, NaN refused."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One row of the log as stored; ``payload`` is the canonical JSON text that was hashed."""

    seq: int
    at: str
    actor: str
    action: str
    case_id: str | None
    payload: str
    prev_hash: str
    row_hash: str

    def body(self) -> str:
        """The canonical JSON of everything the row says (its hashes excluded)."""
        return canonical_json(
            {
                "seq": self.seq,
                "at": self.at,
                "actor": self.actor,
                "action": self.action,
                "case_id": self.case_id,
                "payload": self.payload,
            }
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "case_id": self.case_id,
            "payload": json.loads(self.payload),
            "prev_hash": self.prev_hash,
            "row_hash": self.row_hash,
        }


def row_hash(prev_hash: str, body: str) -> str:
    """sha256 over the previous row's hash and this row's canonical JSON."""
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def seal(
    seq: int, at: str, actor: str, action: str, case_id: str | None, payload: dict[str, Any], prev: str
) -> AuditRow:
    """The row that follows ``prev`` (its hash computed)."""
    text = canonical_json(payload)
    draft = AuditRow(seq, at, actor, action, case_id, text, prev, "")
    return AuditRow(seq, at, actor, action, case_id, text, prev, row_hash(prev, draft.body()))


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A head the log once had: row ``seq`` had hash ``hash``.

    ``signature`` is ``ed25519:<hex>`` (checked with the public key alone), or the hex HMAC-SHA256 of
    the retired shared key (old data only: whoever can check it can forge it), or empty.
    """

    seq: int
    hash: str
    at: str = ""
    signature: str = ""

    def message(self) -> bytes:
        return f"{self.seq}:{self.hash}:{self.at}".encode()

    def signed(self, key: bytes | Ed25519PrivateKey | None) -> Checkpoint:
        """Signed with an Ed25519 private key (or, for old set-ups only, an HMAC key)."""
        if key is None or key == b"":
            return self
        if isinstance(key, Ed25519PrivateKey):
            return Checkpoint(self.seq, self.hash, self.at, signing.sign(key, self.message()))
        sig = hmac.new(key, self.message(), hashlib.sha256).hexdigest()
        return Checkpoint(self.seq, self.hash, self.at, sig)

    def signature_ok(self, key: bytes | None) -> bool:
        """True when unsigned-and-no-key, or when the HMAC matches ``key``."""
        if not key or not self.signature:
            return not self.signature or not key
        expected = hmac.new(key, self.message(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, self.signature)


def _signature_problem(
    cp: Checkpoint,
    key: bytes | None,
    public: Sequence[Ed25519PublicKey],
    started: dict[str, int],
) -> str | None:
    """Why ``cp``'s signature cannot be trusted under the configured keys (None when it can).

    With a key configured, an unsigned checkpoint is an error unless the log shows it was taken
    before any signing began; an HMAC one without the HMAC key only before Ed25519 signing began.
    """
    sig = cp.signature
    if signing.is_ed25519(sig):
        if public and not any(signing.check(p, cp.message(), sig) for p in public):
            return f"checkpoint #{cp.seq} has a bad signature (forged, altered or signed by another key)"
        return None
    if sig:
        if key:
            return (
                None
                if cp.signature_ok(key)
                else f"checkpoint #{cp.seq} has a bad signature (forged or altered)"
            )
        if public and cp.seq >= started.get("ed25519", cp.seq + 1):
            return (
                f"checkpoint #{cp.seq} carries an HMAC, not an Ed25519 signature, after Ed25519 signing began"
            )
        return None
    if (key or public) and cp.seq >= min(started.values(), default=cp.seq):
        return f"checkpoint #{cp.seq} is unsigned, but a signing key is configured (swapped or forged)"
    return None


@dataclass(slots=True)
class ChainReport:
    """What verification found: ``ok``, the first bad row (``bad_seq``) and why."""

    rows: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    bad_seq: int | None = None
    problem: str = ""
    checked_checkpoints: int = 0
    signed_checkpoints: int = 0  # of those, Ed25519 signatures checked with a public key
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.bad_seq is None and not self.problem

    def summary(self) -> str:
        if self.ok:
            notes = "".join(f"; {n}" for n in self.notes)
            return (
                f"audit chain intact: {self.rows} rows, head #{self.head_seq} {self.head_hash} "
                f"({self.checked_checkpoints} checkpoints matched, {self.signed_checkpoints} "
                f"Ed25519 signatures checked{notes})"
            )
        where = f"row #{self.bad_seq}" if self.bad_seq is not None else "log"
        return f"audit chain BROKEN at {where}: {self.problem}"


def verify(
    rows: Iterable[AuditRow],
    *,
    head: Checkpoint | None = None,
    checkpoints: Sequence[Checkpoint] = (),
    key: bytes | None = None,
    public_keys: Sequence[Ed25519PublicKey] = (),
    start: tuple[int, str] = (1, GENESIS),
) -> ChainReport:
    """Walk ``rows`` in ``seq`` order and stop at the first that breaks the chain.

    A changed row fails its own hash; a removed, inserted or moved row breaks the sequence or
    the next row's link; a cut tail leaves ``head`` or a checkpoint pointing past the end. With
    ``key`` (HMAC, old data) or ``public_keys`` (Ed25519) set, every checkpoint must be signed.
    ``start`` (first seq, the hash before it) checks a slice of the log, as a windowed export holds.
    """
    report = ChainReport()
    by_seq: dict[int, str] = {}
    wanted = {c.seq for c in checkpoints} | ({head.seq} if head else set())
    expected_seq, prev = start
    started: dict[str, int] = {}
    for row in rows:
        if row.seq != expected_seq:
            report.bad_seq = min(row.seq, expected_seq)
            if row.seq > expected_seq:
                missing = f"#{expected_seq}" + (f"..#{row.seq - 1}" if row.seq - 1 > expected_seq else "")
                report.problem = f"row {missing} is missing (deleted); the log jumps to #{row.seq}"
            else:
                report.problem = f"row #{row.seq} appears again or out of order after #{expected_seq - 1}"
            return report
        if row_hash(row.prev_hash, row.body()) != row.row_hash:
            report.bad_seq = row.seq
            report.problem = "its content does not match its hash (the row was modified, renumbered or moved)"
            return report
        if row.prev_hash != prev:
            report.bad_seq = row.seq
            report.problem = (
                "its link to the previous row is broken (a row before it was changed, inserted or moved)"
            )
            return report
        if row.seq in wanted:
            by_seq[row.seq] = row.row_hash
        if row.action == SIGNING_STARTED:
            started.setdefault(str(json.loads(row.payload).get("scheme")), row.seq)
        prev, expected_seq = row.row_hash, expected_seq + 1
        report.rows += 1
    report.head_seq, report.head_hash = expected_seq - 1, prev
    for label, cp in [("head", head)] if head else []:
        _check_point(report, label, cp, by_seq)
    for cp in checkpoints:
        if report.problem:
            break
        problem = _signature_problem(cp, key, public_keys, started)
        if problem:
            report.problem = problem
            break
        _check_point(report, "checkpoint", cp, by_seq)
        if not report.problem:
            report.checked_checkpoints += 1
            report.signed_checkpoints += bool(public_keys) and signing.is_ed25519(cp.signature)
    return report


def _check_point(report: ChainReport, label: str, cp: Checkpoint | None, by_seq: dict[int, str]) -> None:
    if cp is None or report.problem:
        return
    if cp.seq > report.head_seq:
        report.bad_seq = report.head_seq + 1
        report.problem = (
            f"the log ends at #{report.head_seq} but its {label} records #{cp.seq}: "
            f"the tail was cut (rows #{report.head_seq + 1}..#{cp.seq} are gone)"
        )
    elif label == "head" and cp.seq < report.head_seq:
        report.bad_seq = cp.seq + 1
        report.problem = (
            f"the head records #{cp.seq} but the log goes on to #{report.head_seq}: "
            f"row #{cp.seq + 1} was inserted behind the writer's back"
        )
    elif cp.seq > 0 and by_seq.get(cp.seq) != cp.hash:
        report.bad_seq = cp.seq
        report.problem = f"row #{cp.seq} differs from the {label} recorded for it (the log was rewritten)"
