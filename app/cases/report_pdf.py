"""The per-case PDF report: crops, similarity gauge, pose, mask, quality, review and decision trail."""

from __future__ import annotations

import functools
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pymupdf

from app.cases.chain import AuditRow
from app.cases.export_header import ExportHeader
from app.cases.models import CaseRecord
from app.cases.plain_words import ACTIONS, DECISIONS, OUTCOMES, POSES, VERDICTS, flags_text, word
from app.cases.report_words import Phrases
from app.contract.score import band_words, score_text

if TYPE_CHECKING:
    from app.cases.sql import SqlCaseStore

RED, AMBER, GREEN = (0.75, 0.22, 0.17), (0.88, 0.63, 0.0), (0.12, 0.55, 0.31)
INK, MUTED, NAVY = (0.1, 0.12, 0.15), (0.38, 0.42, 0.47), (0.06, 0.16, 0.29)
DECISION_COLOUR = {"MATCH": GREEN, "REVIEW": AMBER, "NO_MATCH": RED}
CROP_KINDS = (("card_crop", "card"), ("face_crop", "face"))
W, H, M = 595.0, 842.0, 40.0


def write_pdf(
    store: SqlCaseStore,
    output: Path,
    header: ExportHeader,
    *,
    actor: str,
    since: datetime | None = None,
    until: datetime | None = None,
    case_ids: list[str] | None = None,
    language: str = "en",
) -> int:
    """One page per case (those in ``case_ids``, else those created in [since, until)), in
    ``language`` (``en`` or ``ko``); returns the count."""
    t = Phrases(language)
    if case_ids is not None:
        records = [r for r in (store.get(c) for c in case_ids) if r is not None]
    else:
        records = store.between(since=since, until=until)
    doc = pymupdf.open()
    for record in records:
        page = doc.new_page(width=W, height=H)
        _case_page(doc, page, store, record, header, actor, t)
    if not records:
        page = doc.new_page(width=W, height=H)
        _chain_banner(page, header, t)
        _text(page, M, 140, t("No cases in the selected period."), 12, INK)
    doc.set_metadata(
        {
            "title": t("Face Compare case report"),
            "author": actor,
            "subject": header.line(),
            "keywords": json.dumps(header.as_dict(), sort_keys=True),
            "creator": "facecompare audit export",
        }
    )
    doc.subset_fonts()  # only the glyphs used: a Korean note adds kilobytes, not the whole font
    doc.save(output, garbage=3, deflate=True)
    doc.close()
    return len(records)


def read_pdf_header(path: Path) -> dict[str, Any]:
    """The ``ExportHeader.as_dict()`` a report written by :func:`write_pdf` keeps in its metadata."""
    with pymupdf.open(path) as doc:
        header: dict[str, Any] = json.loads(doc.metadata.get("keywords") or "{}")
    return header


def _text(
    page: Any,
    x: float,
    y: float,
    text: str,
    size: float = 9.5,
    color: tuple[float, ...] = INK,
    bold: bool = False,
) -> None:
    font = "hebo" if bold else "helv"
    if any(ord(ch) > 0xFF for ch in text):  # Korean text: the bundled CJK font
        if not getattr(page, "_facecompare_cjk", False):
            page.insert_font(fontname="cjk", fontbuffer=_cjk_font().buffer)
            page._facecompare_cjk = True
        font = "cjk"
        if bold:  # the CJK font has no bold face: its glyphs are filled and outlined instead
            page.insert_text(
                (x, y),
                text,
                fontsize=size,
                color=color,
                fill=color,
                fontname=font,
                render_mode=2,
                border_width=0.04,
            )
            return
    page.insert_text((x, y), text, fontsize=size, color=color, fontname=font)


@functools.cache
def _cjk_font() -> Any:
    return pymupdf.Font("cjk")


def _chain_banner(page: Any, header: ExportHeader, t: Phrases) -> float:
    page.draw_rect(pymupdf.Rect(0, 0, W, 64), color=None, fill=NAVY)
    _text(page, M, 30, t("Face Compare - case report"), 17, (1, 1, 1), bold=True)
    _text(
        page,
        M,
        50,
        t("Every comparison and human decision, from the hash-chained audit log"),
        9,
        (0.8, 0.85, 0.9),
    )
    ok = header.chain_verified
    colour = GREEN if ok else RED
    box = pymupdf.Rect(M, 76, W - M, 112)
    page.draw_rect(box, color=colour, fill=(0.93, 0.97, 0.94) if ok else (0.99, 0.92, 0.91), width=1.2)
    state = (
        t("Audit chain VERIFIED")
        if ok
        else t("Audit chain NOT VERIFIED: {problem}", problem=header.problem[:70])
    )
    _text(page, M + 8, 91, state, 10.5, colour, bold=True)
    _text(
        page,
        M + 8,
        105,
        t("head #{seq}  sha256 {hash}", seq=header.head_seq, hash=header.head_hash),
        7.6,
        MUTED,
    )
    return 126


def _case_page(
    doc: Any, page: Any, store: SqlCaseStore, rec: CaseRecord, header: ExportHeader, actor: str, t: Phrases
) -> None:
    y = _chain_banner(page, header, t)
    colour = DECISION_COLOUR.get(rec.decision, INK)
    _text(page, M, y + 6, t("Case {case}", case=rec.case_id), 13, INK, bold=True)
    _text(page, W - M - 150, y + 6, rec.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"), 9.5, MUTED)
    y += 20
    y = _crops(page, store, rec, actor, y, t)
    y = _gauge(page, rec, y + 8, t)
    _text(page, M, y + 4, word(DECISIONS, rec.decision, t.language).upper(), 20, colour, bold=True)
    _text(page, M + 170, y + 4, t("similarity {score}", score=_score(rec, t)), 10.5, INK)
    y += 22
    review = store.review_of(rec.case_id)
    verdict = (
        t(
            "{verdict} (by {reviewer}): {reason}",
            verdict=word(VERDICTS, review.verdict.value, t.language),
            reviewer=review.reviewer,
            reason=review.reason,
        )
        if review
        else t("not reviewed")
    )
    rows = [
        (t("Operator outcome"), word(OUTCOMES, rec.outcome.value, t.language)),
        *_facts(rec, t),
        (t("Flagged because"), flags_text(rec.flag_reasons, t.language) or t("not flagged")),
        (t("Reviewer's decision"), verdict),
    ]
    y = _table(page, rows, y)
    _footer(page, header, actor, t)  # before the trail: a new page makes this one's handle stale
    _trail(doc, page, store.audit(case_id=rec.case_id), y + 6, header, actor, t)


def _score(rec: CaseRecord, t: Phrases) -> str:
    """The score as every screen shows it: ``score_text`` and the band's words."""
    words = band_words(rec.similarity, rec.review_threshold, rec.match_threshold, t.language)
    return t("{score} / 100 ({words})", score=score_text(rec.similarity), words=words)


def _footer(page: Any, header: ExportHeader, actor: str, t: Phrases) -> None:
    when = header.exported_at.replace("T", " ").replace("+00:00", " UTC") or "-"
    _text(
        page,
        M,
        H - 28,
        t("Exported by {who} on {when}.", who=header.exported_by or actor, when=when),
        7.5,
        MUTED,
    )
    selection = header.filters()
    note = t("Images appear only when they were kept; otherwise their sha256.")
    _text(
        page,
        M,
        H - 18,
        (t("Selection: {selection}. ", selection=selection) if selection else "") + note,
        7.5,
        MUTED,
    )


def _crops(page: Any, store: SqlCaseStore, rec: CaseRecord, actor: str, y: float, t: Phrases) -> float:
    kinds = set(store.image_kinds(rec.case_id))
    images = store.images(rec.case_id, actor=actor) if kinds else {}
    size = 150.0
    for i, (labels, digest, title) in enumerate(
        ((CROP_KINDS[0], rec.card_sha256, t("ID card")), (CROP_KINDS[1], rec.face_sha256, t("Live photo")))
    ):
        x = M + i * (size + 30)
        rect = pymupdf.Rect(x, y, x + size, y + size)
        data = next((images[k] for k in labels if k in images), None)
        if data is not None:
            page.insert_image(rect, stream=data, keep_proportion=True)
            page.draw_rect(rect, color=(0.75, 0.78, 0.82), width=0.6)
        else:
            page.draw_rect(rect, color=(0.75, 0.78, 0.82), fill=(0.95, 0.96, 0.97), width=0.6)
            _text(page, x + 10, y + size / 2 - 6, t("image not retained"), 9, MUTED)
            _text(page, x + 10, y + size / 2 + 8, f"sha256 {digest[:16]}", 7.5, MUTED)
        _text(page, x, y + size + 12, title, 9, MUTED)
    info_x = M + 2 * (size + 30)
    _text(page, info_x, y + 14, t("Pose (pitch / yaw / roll)"), 8.5, MUTED)
    _text(page, info_x, y + 28, _pose(rec, t), 10, INK)
    _text(page, info_x, y + 50, t("Mask"), 8.5, MUTED)
    _text(
        page,
        info_x,
        y + 64,
        t({True: "wearing a mask", False: "no mask", None: "not measured"}[rec.face_mask]),
        10,
        RED if rec.face_mask else INK,
    )
    _text(page, info_x, y + 86, t("Capture quality"), 8.5, MUTED)
    _text(page, info_x, y + 100, _quality(rec, t), 9, INK)
    return y + size + 18


def _gauge(page: Any, rec: CaseRecord, y: float, t: Phrases) -> float:
    """The 0-100 bar with the reject / review / match bands and a needle, and a zoom on the bands."""
    review, match = rec.review_threshold * 100, rec.match_threshold * 100
    _bar(page, rec, y, M, W - M - 190, 0.0, 100.0, 10)
    lo = max(0.0, float(int(min(review, rec.similarity * 100) - 3)))
    _bar(page, rec, y, W - M - 170, W - M, lo, 100.0, 2 if 100 - lo <= 20 else 5)
    _text(page, W - M - 170, y - 12, t("zoom {low}-100", low=f"{lo:.0f}"), 7, MUTED)
    low, mid, high = (
        band_words(v, rec.review_threshold, rec.match_threshold, t.language)
        for v in (0.0, rec.review_threshold, 1.0)
    )
    r, m = f"{review:.1f}", f"{match:.1f}"
    _text(page, M, y + 42, t("{words}: under {review}", words=low, review=r), 7.5, RED)
    _text(page, M + 110, y + 42, t("{words}: {review} to {match}", words=mid, review=r, match=m), 7.5, AMBER)
    _text(page, M + 245, y + 42, t("{words}: {match} and over", words=high, match=m), 7.5, GREEN)
    return y + 66


def _bar(page: Any, rec: CaseRecord, y: float, x0: float, x1: float, lo: float, hi: float, step: int) -> None:
    bar = 16.0

    def at(v: float) -> float:
        return x0 + (x1 - x0) * (max(lo, min(hi, v)) - lo) / (hi - lo)

    review, match = rec.review_threshold * 100, rec.match_threshold * 100
    for a, b, colour in ((lo, review, RED), (review, match, AMBER), (match, hi, GREEN)):
        if b > a:
            page.draw_rect(pymupdf.Rect(at(a), y, at(b), y + bar), color=None, fill=colour)
    for v in range(int(lo), int(hi) + 1, step):
        page.draw_line((at(v), y + bar), (at(v), y + bar + 4), color=MUTED, width=0.6)
        _text(page, at(v) - 5, y + bar + 13, str(v), 7, MUTED)
    needle = at(rec.similarity * 100)
    page.draw_polyline(
        [(needle - 6, y - 9), (needle + 6, y - 9), (needle, y + 1)], color=INK, fill=INK, closePath=True
    )
    page.draw_line((needle, y), (needle, y + bar), color=INK, width=2)


def _table(page: Any, rows: list[tuple[str, str]], y: float) -> float:
    for i, (key, value) in enumerate(rows):
        lines = _wrap(value, W - 2 * M - 134, 8.5)
        if i % 2 == 0:
            page.draw_rect(
                pymupdf.Rect(M, y - 10, W - M, y + 4 + 11 * (len(lines) - 1)),
                color=None,
                fill=(0.96, 0.97, 0.98),
            )
        _text(page, M + 4, y, key, 8.5, MUTED)
        for line in lines:
            _text(page, M + 130, y, line, 8.5, INK)
            y += 11
        y += 3
    return y


TRAIL_X = M + 226  # where a trail row's action and details start; they wrap within the page


def _trail(
    doc: Any, page: Any, rows: list[AuditRow], y: float, header: ExportHeader, actor: str, t: Phrases
) -> None:
    """Every row of the case's trail, its details wrapped (never cut); more pages when needed."""
    _text(page, M, y + 8, t("Decision trail (audit log)"), 11, INK, bold=True)
    y += 24
    for r in rows:
        lines = _wrap(f"{word(ACTIONS, r.action, t.language)}: {_summary(r, t)}", W - M - 70 - TRAIL_X, 8)
        if y + 11 * len(lines) > H - 40:
            page = doc.new_page(width=W, height=H)
            _chain_banner(page, header, t)
            _text(page, M, 140, t("Decision trail (continued)"), 11, INK, bold=True)
            _footer(page, header, actor, t)
            y = 158
        _text(page, M, y, f"#{r.seq}", 8, MUTED)
        _text(page, M + 36, y, r.at[:19].replace("T", " "), 8, INK)
        _text(page, M + 136, y, r.actor[:18], 8, INK)
        _text(page, W - M - 64, y, r.row_hash[:12], 7, MUTED)
        for line in lines:
            _text(page, TRAIL_X, y, line, 8, INK)
            y += 11
        y += 2


def _wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``width`` points (a word longer than a line is split)."""
    lines: list[str] = []
    line = ""
    for part in text.split(" "):
        candidate = f"{line} {part}" if line else part
        if _width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = part
        while _width(line, size) > width and len(line) > 1:  # a path or a hash wider than the line
            cut = len(line) - 1
            while cut > 1 and _width(line[:cut], size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line or not lines else lines


def _width(text: str, size: float) -> float:
    if any(ord(ch) > 0xFF for ch in text):
        return float(_cjk_font().text_length(text, fontsize=size))
    return float(pymupdf.get_text_length(text, fontname="helv", fontsize=size))


def _summary(row: AuditRow, t: Phrases) -> str:
    """A trail row's details in words: the whole of them (the page wraps, nothing is cut)."""
    p = json.loads(row.payload)
    if row.action == "case.recorded":
        return t(
            "{decision}, similarity {score}, operator {outcome}; images kept: {kept}",
            decision=word(DECISIONS, p.get("decision"), t.language),
            score=score_text(float(p.get("similarity", 0.0))),
            outcome=word(OUTCOMES, p.get("outcome"), t.language),
            kept=", ".join(p.get("images_retained") or []) or t("none"),
        )
    if row.action == "case.reviewed":
        return f"{word(VERDICTS, p.get('verdict'), t.language)}: {p.get('reason', '')}"
    parts = [(k, "/".join(map(str, v)) if isinstance(v, list) else str(v)) for k, v in sorted(p.items())]
    return ", ".join(f"{k} {v}" for k, v in parts if v not in ("", "None"))


def _pose(rec: CaseRecord, t: Phrases) -> str:
    label = word(POSES, rec.face_pose, t.language) if rec.face_pose else t("not measured")
    if rec.face_pitch is None or rec.face_yaw is None or rec.face_roll is None:
        return label
    return f"{rec.face_pitch:+.1f} / {rec.face_yaw:+.1f} / {rec.face_roll:+.1f}  {label}"


def _quality(rec: CaseRecord, t: Phrases) -> str:
    parts = []
    if rec.face_size_px is not None:
        parts.append(t("eyes {px}px", px=f"{rec.face_size_px:.0f}"))
    if rec.face_sharpness is not None:
        parts.append(t("sharp {value}", value=f"{rec.face_sharpness:.2f}"))
    if rec.face_brightness is not None:
        parts.append(t("bright {value}", value=f"{rec.face_brightness:.2f}"))
    return ", ".join(parts) or t("not measured")


def _facts(rec: CaseRecord, t: Phrases) -> list[tuple[str, str]]:
    bands = t(
        "check again from {review}, same person from {match}",
        review=score_text(rec.review_threshold),
        match=score_text(rec.match_threshold),
    )
    engine = {"local": t("local engine"), "remote": t("remote engine")}.get(rec.engine_mode, rec.engine_mode)
    return [
        (t("Customer reference"), rec.customer_ref),
        (t("Workstation / operator"), f"{rec.workstation or '-'} / {rec.operator or '-'}"),
        (t("Operator note"), rec.note or "-"),
        (t("requestId / uid"), f"{rec.request_id or '-'} / {rec.uid or '-'}"),
        (t("Model pack / engine"), f"{rec.model_pack} ({engine})"),
        (t("Bands"), bands),
        (t("Time taken"), f"{rec.elapsed_ms:.0f} ms" if rec.elapsed_ms is not None else "-"),
        (t("Liveness"), rec.liveness_text or t("not checked")),
        (t("ID card sha256"), rec.card_sha256),
        (t("Live photo sha256"), rec.face_sha256),
    ]
