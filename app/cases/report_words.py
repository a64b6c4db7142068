"""The PDF report's own sentences in the reader's language, keyed by their English text.

``Phrases("ko")("Case {case}", case=...)`` gives the Korean sentence with its fields filled in;
English (and a sentence with no translation) is the key itself. The words of stored values
(decisions, flags, poses, actions) are in :mod:`app.cases.plain_words`.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.cases.plain_words import LANGUAGES

KO = {
    "Face Compare case report": "Face Compare 건 보고서",
    "Face Compare - case report": "Face Compare - 건 보고서",
    "Every comparison and human decision, from the hash-chained audit log": (
        "해시로 연결된 감사 기록에 남은 모든 대조와 사람의 판정"
    ),
    "No cases in the selected period.": "선택한 기간에 건이 없습니다.",
    "Audit chain VERIFIED": "감사 기록 무결성 검증됨",
    "Audit chain NOT VERIFIED: {problem}": "감사 기록 무결성 검증 실패: {problem}",
    "head #{seq}  sha256 {hash}": "마지막 행 #{seq}  sha256 {hash}",
    "Case {case}": "건 {case}",
    "similarity {score}": "유사도 {score}",
    "{score} / 100 ({words})": "{score} / 100 ({words})",
    "{verdict} (by {reviewer}): {reason}": "{verdict} (검토자 {reviewer}): {reason}",
    "not reviewed": "검토 전",
    "Operator outcome": "담당자 처리",
    "Flagged because": "검토 사유",
    "not flagged": "검토 대상 아님",
    "Reviewer's decision": "검토자 판정",
    "Exported by {who} on {when}.": "내보낸 사람 {who}, 내보낸 시각 {when}.",
    "Selection: {selection}. ": "선택 범위: {selection}. ",
    "Images appear only when they were kept; otherwise their sha256.": (
        "이미지는 보관된 경우에만 나오며, 그렇지 않으면 sha256만 나옵니다."
    ),
    "ID card": "신분증",
    "Live photo": "실시간 사진",
    "image not retained": "이미지 보관 안 함",
    "Pose (pitch / yaw / roll)": "자세 (상하 / 좌우 / 기울기)",
    "Mask": "마스크",
    "wearing a mask": "마스크 착용",
    "no mask": "마스크 없음",
    "not measured": "측정 안 됨",
    "Capture quality": "촬영 품질",
    "zoom {low}-100": "확대 {low}-100",
    "{words}: under {review}": "{words}: {review} 미만",
    "{words}: {review} to {match}": "{words}: {review} ~ {match}",
    "{words}: {match} and over": "{words}: {match} 이상",
    "Decision trail (audit log)": "처리 이력 (감사 기록)",
    "Decision trail (continued)": "처리 이력 (계속)",
    "{decision}, similarity {score}, operator {outcome}; images kept: {kept}": (
        "{decision}, 유사도 {score}, 담당자 {outcome}; 보관 이미지: {kept}"
    ),
    "none": "없음",
    "eyes {px}px": "눈 간격 {px}px",
    "sharp {value}": "선명도 {value}",
    "bright {value}": "밝기 {value}",
    "Customer reference": "고객 참조 번호",
    "Workstation / operator": "단말 / 담당자",
    "Operator note": "담당자 메모",
    "requestId / uid": "요청 ID / UID",
    "Model pack / engine": "모델 팩 / 엔진",
    "local engine": "로컬 엔진",
    "remote engine": "원격 서버",
    "Bands": "판정 구간",
    "check again from {review}, same person from {match}": "{review}부터 다시 확인, {match}부터 같은 사람",
    "Time taken": "소요 시간",
    "Liveness": "실제 인물 확인",
    "not checked": "확인 안 함",
    "ID card sha256": "신분증 sha256",
    "Live photo sha256": "실시간 사진 sha256",
}
#: every language's sentences (English is the keys themselves)
TRANSLATIONS: dict[str, dict[str, str]] = {"en": {}, "ko": KO}


@dataclass(frozen=True, slots=True)
class Phrases:
    """The report's sentences in ``language`` (one of :data:`LANGUAGES`)."""

    language: str = "en"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")

    def __call__(self, text: str, **fields: object) -> str:
        """``text`` in this language, with ``fields`` filled in."""
        return TRANSLATIONS[self.language].get(text, text).format(**fields)
