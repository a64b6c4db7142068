"""The case store's values in plain words for the PDF report, in English and Korean (the
reviewer's window has its translated words in ``app/gui/review/words.py``, and these follow
them; the store and the exports keep the values)."""

from __future__ import annotations

#: the languages a report is written in (English is the fallback of every table)
LANGUAGES = ("en", "ko")

DECISIONS = {
    "en": {"MATCH": "match", "REVIEW": "check again", "NO_MATCH": "no match"},
    "ko": {"MATCH": "일치", "REVIEW": "검토 필요", "NO_MATCH": "불일치"},
}
OUTCOMES = {
    "en": {"ACCEPTED": "accepted", "REJECTED": "rejected", "FLAGGED": "sent for review"},
    "ko": {"ACCEPTED": "승인", "REJECTED": "거부", "FLAGGED": "검토 요청"},
}
#: a reviewer's verdict says what was decided: whether the two photos show one person
VERDICTS = {
    "en": {"APPROVED": "same person", "REJECTED": "not the same person"},
    "ko": {"APPROVED": "같은 사람", "REJECTED": "같은 사람 아님"},
}
FLAGS = {
    "en": {
        "review_band": "uncertain similarity",
        "mask": "mask",
        "strong_pose": "head turned",
        "poor_quality": "poor photo",
        "override": "operator overrode the engine",
        "operator_flag": "sent by the operator",
        "liveness": "liveness check failed",
    },
    "ko": {
        "review_band": "유사도 불확실",
        "mask": "마스크 착용",
        "strong_pose": "고개 돌림",
        "poor_quality": "사진 품질 낮음",
        "override": "담당자가 판정과 다르게 처리",
        "operator_flag": "담당자 검토 요청",
        "liveness": "실제 인물 확인 실패",
    },
}
POSES = {
    "en": {
        "front": "frontal",
        "up": "looking up",
        "down": "looking down",
        "pan_left": "turned left",
        "pan_right": "turned right",
        "roll_left": "tilted left",
        "roll_right": "tilted right",
    },
    "ko": {
        "front": "정면",
        "up": "위를 봄",
        "down": "아래를 봄",
        "pan_left": "왼쪽으로 돌림",
        "pan_right": "오른쪽으로 돌림",
        "roll_left": "왼쪽으로 기울임",
        "roll_right": "오른쪽으로 기울임",
    },
}
ACTIONS = {
    "en": {
        "case.recorded": "case recorded",
        "case.reviewed": "case reviewed",
        "images.viewed": "images viewed",
        "images.purged": "images deleted",
        "user.added": "user added",
        "user.signed_in": "signed in",
        "user.signed_out": "signed out",
        "user.locked": "screen locked (inactive)",
        "user.sign_in_failed": "sign-in failed",
        "audit.exported": "audit log exported",
        "audit.signing_started": "signing started",
    },
    "ko": {
        "case.recorded": "건 기록",
        "case.reviewed": "건 검토",
        "images.viewed": "이미지 열람",
        "images.purged": "이미지 삭제",
        "user.added": "사용자 추가",
        "user.signed_in": "로그인",
        "user.signed_out": "로그아웃",
        "user.locked": "화면 잠김(미사용)",
        "user.sign_in_failed": "로그인 실패",
        "audit.exported": "감사 기록 내보내기",
        "audit.signing_started": "서명 시작",
    },
}


def word(table: dict[str, dict[str, str]], value: object, language: str = "en") -> str:
    """``value`` in words of ``language`` (else English), or as stored when the table does not know it."""
    key = str(value)
    return table.get(language, {}).get(key) or table["en"].get(key, key)


def flags_text(reasons: tuple[str, ...] | list[str], language: str = "en") -> str:
    """The flag reasons of a case in words, comma-separated."""
    return ", ".join(word(FLAGS, r, language) for r in reasons)
