<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AuditViewer</name>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="46"/>
        <source>Chain status</source>
        <translation>무결성 상태</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="48"/>
        <source>All actions</source>
        <translation>모든 작업</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="53"/>
        <location filename="../../app/gui/review/audit_viewer.py" line="79"/>
        <source>Actor</source>
        <translation>수행자</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="56"/>
        <source>Rows from this day (UTC)</source>
        <translation>이 날부터의 행 (UTC)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="57"/>
        <source>Rows up to and including this day (UTC)</source>
        <translation>이 날까지의 행, 이 날 포함 (UTC)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="58"/>
        <source>Verify chain</source>
        <translation>무결성 검증</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="64"/>
        <source>from</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="66"/>
        <source>to</source>
        <translation>끝</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="72"/>
        <source>Export %1</source>
        <translation>%1 내보내기</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="78"/>
        <source>Time (UTC)</source>
        <translation>시각 (UTC)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="80"/>
        <source>Action</source>
        <translation>작업</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="81"/>
        <source>Case</source>
        <translation>건</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="82"/>
        <source>Details</source>
        <translation>세부 내용</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="83"/>
        <source>Row hash</source>
        <translation>행 해시</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="105"/>
        <source>any</source>
        <translation>전체</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="171"/>
        <source>Export audit log</source>
        <translation>감사 기록 내보내기</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/audit_viewer.py" line="189"/>
        <source>Exported %1: %2</source>
        <translation>내보냄 %1: %2</translation>
    </message>
</context>
<context>
    <name>CaseWords</name>
    <message>
        <location filename="../../app/gui/review/words.py" line="22"/>
        <source>uncertain similarity</source>
        <translation>유사도 불확실</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="23"/>
        <source>mask</source>
        <translation>마스크 착용</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="24"/>
        <source>head turned</source>
        <translation>고개 돌림</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="25"/>
        <source>poor photo</source>
        <translation>사진 품질 낮음</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="26"/>
        <source>operator overrode the engine</source>
        <translation>담당자가 판정과 다르게 처리</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="27"/>
        <source>sent by the operator</source>
        <translation>담당자 검토 요청</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="28"/>
        <source>liveness check failed</source>
        <translation>실제 인물 확인 실패</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="40"/>
        <source>accepted</source>
        <translation>승인</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="42"/>
        <source>sent for review</source>
        <translation>검토 요청</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="59"/>
        <source>local engine</source>
        <translation>로컬 엔진</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="60"/>
        <source>remote server</source>
        <translation>원격 서버</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="67"/>
        <source>operator</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="68"/>
        <source>reviewer</source>
        <translation>검토자</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="69"/>
        <source>administrator</source>
        <translation>관리자</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="77"/>
        <source>case recorded</source>
        <translation>건 기록</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="78"/>
        <source>case reviewed</source>
        <translation>건 검토</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="79"/>
        <source>images viewed</source>
        <translation>이미지 열람</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="80"/>
        <source>images deleted</source>
        <translation>이미지 삭제</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="81"/>
        <source>user added</source>
        <translation>사용자 추가</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="82"/>
        <source>signed in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="85"/>
        <source>sign-in failed</source>
        <translation>로그인 실패</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="86"/>
        <source>audit log exported</source>
        <translation>감사 기록 내보내기</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="87"/>
        <source>kiosk: verification</source>
        <translation>키오스크: 본인 확인</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="88"/>
        <source>kiosk: not compared</source>
        <translation>키오스크: 대조 안 됨</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="89"/>
        <source>kiosk: abandoned</source>
        <translation>키오스크: 중단</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="90"/>
        <source>kiosk: wrong staff PIN</source>
        <translation>키오스크: 직원 PIN 오류</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="91"/>
        <source>kiosk: left by staff</source>
        <translation>키오스크: 직원 종료</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="118"/>
        <source>customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="41"/>
        <source>rejected</source>
        <comment>the operator&apos;s outcome</comment>
        <translation>거부</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="50"/>
        <location filename="../../app/gui/review/words.py" line="290"/>
        <source>same person</source>
        <translation>같은 사람</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="51"/>
        <source>not the same person</source>
        <translation>같은 사람 아님</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="83"/>
        <source>signed out</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="84"/>
        <source>screen locked (inactive)</source>
        <translation>화면 잠김(미사용)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="119"/>
        <source>engine decision</source>
        <translation>엔진 판정</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="120"/>
        <source>outcome</source>
        <translation>처리</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="121"/>
        <source>verdict</source>
        <translation>검토 결과</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="122"/>
        <source>reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="123"/>
        <source>user</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="124"/>
        <source>role</source>
        <translation>역할</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="125"/>
        <source>format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="126"/>
        <source>deleted</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="127"/>
        <source>images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="128"/>
        <source>flagged because</source>
        <translation>검토 사유</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="129"/>
        <source>last row</source>
        <translation>마지막 행</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="137"/>
        <source>ID card</source>
        <translation>신분증</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="138"/>
        <source>ID card face</source>
        <translation>신분증 얼굴</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="139"/>
        <source>live photo</source>
        <translation>실시간 사진</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="140"/>
        <source>live face</source>
        <translation>실시간 얼굴</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="162"/>
        <source>Audit chain intact: %1 rows, head #%2 %3 (%4 checkpoints matched)</source>
        <translation>감사 기록 무결성 정상: %1개 행, 마지막 행 #%2 %3 (체크포인트 %4개 일치)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="170"/>
        <source>Audit chain BROKEN at row #%1: %2</source>
        <translation>감사 기록 훼손: #%1 행 — %2</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="172"/>
        <source>Audit chain BROKEN: %1</source>
        <translation>감사 기록 훼손: %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="193"/>
        <source>its content does not match its hash (the row was modified, renumbered or moved)</source>
        <translation>행 내용이 해시와 일치하지 않습니다 (행이 변경, 번호 변경 또는 이동됨)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="199"/>
        <source>its link to the previous row is broken (a row before it was changed, inserted or moved)</source>
        <translation>이전 행과의 연결이 끊어졌습니다 (앞선 행이 변경, 삽입 또는 이동됨)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="206"/>
        <source>row %1 is missing (deleted); the log jumps to %2</source>
        <translation>%1 행이 없습니다 (삭제됨). 기록이 %2 행으로 건너뜁니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="210"/>
        <source>row %1 appears again or out of order after %2</source>
        <translation>%1 행이 %2 행 뒤에 중복되거나 순서가 어긋납니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="214"/>
        <source>checkpoint %1 has a bad signature (forged or altered)</source>
        <translation>체크포인트 %1의 서명이 올바르지 않습니다 (위조 또는 변경됨)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="218"/>
        <source>the log ends at %1 but its head records %2: the tail was cut (rows %3 are gone)</source>
        <translation>기록이 %1 행에서 끝나지만 헤드에는 %2 행이 기록되어 있습니다. 끝부분이 잘려 나갔습니다 (%3 행 없음)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="225"/>
        <source>the log ends at %1 but its checkpoint records %2: the tail was cut (rows %3 are gone)</source>
        <translation>기록이 %1 행에서 끝나지만 체크포인트에는 %2 행이 기록되어 있습니다. 끝부분이 잘려 나갔습니다 (%3 행 없음)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="233"/>
        <source>the head records %1 but the log goes on to %2: row %3 was inserted behind the writer&apos;s back</source>
        <translation>헤드에는 %1 행이 기록되어 있지만 기록이 %2 행까지 이어집니다. %3 행이 정상 경로를 거치지 않고 삽입되었습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="240"/>
        <source>row %1 differs from the head recorded for it (the log was rewritten)</source>
        <translation>%1 행이 헤드에 기록된 값과 다릅니다 (기록이 다시 작성됨)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="246"/>
        <source>row %1 differs from the checkpoint recorded for it (the log was rewritten)</source>
        <translation>%1 행이 체크포인트에 기록된 값과 다릅니다 (기록이 다시 작성됨)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="252"/>
        <source>case %1 has no audit row (it was inserted behind the store&apos;s back)</source>
        <translation>%1 건에 감사 기록이 없습니다 (정상 경로를 거치지 않고 삽입됨)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="258"/>
        <source>case %1 no longer matches audit row %2 (%3 changed)</source>
        <translation>%1 건이 감사 기록 %2 행과 더 이상 일치하지 않습니다 (%3 변경됨)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="262"/>
        <source>the review of case %1 does not match the audit log</source>
        <translation>%1 건의 검토 결과가 감사 기록과 일치하지 않습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="271"/>
        <source>Four eyes: you recorded this case, so another reviewer must decide it.</source>
        <translation>이중 확인 원칙: 직접 기록한 건은 다른 검토자가 판정해야 합니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="275"/>
        <source>Only reviewers and admins review cases.</source>
        <translation>검토자와 관리자만 건을 검토할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="277"/>
        <source>This case has already been reviewed.</source>
        <translation>이미 검토된 건입니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="279"/>
        <source>This case was not sent for review.</source>
        <translation>검토 대상이 아닌 건입니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="281"/>
        <source>Write the reason first.</source>
        <translation>먼저 사유를 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="282"/>
        <source>Refused: %1</source>
        <translation>처리할 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="288"/>
        <source>different people</source>
        <translation>다른 사람</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="289"/>
        <source>check again</source>
        <translation>다시 확인</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/words.py" line="298"/>
        <source>%1 / 100, %2 (check again from %3, same person from %4)</source>
        <translation>%1 / 100, %2 (%3부터 다시 확인, %4부터 같은 사람)</translation>
    </message>
</context>
<context>
    <name>ReviewCaseView</name>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="86"/>
        <source>ID card</source>
        <translation>신분증</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="87"/>
        <source>Live photo</source>
        <translation>실시간 사진</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="95"/>
        <source>Enlarge</source>
        <translation>크게 보기</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="96"/>
        <source>Open this image in a large window (wheel or +/- zoom, Esc closes)</source>
        <translation>이 이미지를 큰 창에서 봅니다 (휠 또는 +/- 확대, Esc 닫기)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="103"/>
        <source>Originals with landmarks</source>
        <translation>원본 이미지와 특징점</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="105"/>
        <source>The retained originals with the face box and landmarks the engine found</source>
        <translation>보관된 원본 이미지에 엔진이 찾은 얼굴 영역과 특징점 표시</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="115"/>
        <source>Decision</source>
        <translation>판정</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="124"/>
        <source>Case</source>
        <translation>건 번호</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="125"/>
        <source>Customer reference</source>
        <translation>고객 참조 번호</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="126"/>
        <source>Operator / workstation</source>
        <translation>담당자 / 단말</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="127"/>
        <source>Operator outcome</source>
        <translation>담당자 처리</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="128"/>
        <source>Flagged because</source>
        <translation>검토 사유</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="129"/>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="130"/>
        <source>Pose (pitch / yaw / roll)</source>
        <translation>자세 (상하 / 좌우 / 기울기)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="131"/>
        <source>Mask</source>
        <translation>마스크</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="132"/>
        <source>Capture quality</source>
        <translation>촬영 품질</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="133"/>
        <source>Liveness</source>
        <translation>실제 인물 확인</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="134"/>
        <source>Operator note</source>
        <translation>담당자 메모</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="135"/>
        <source>Model pack / engine</source>
        <translation>모델 팩 / 엔진</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="136"/>
        <source>requestId / uid</source>
        <translation>요청 ID / UID</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="137"/>
        <source>Review</source>
        <translation>검토</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="138"/>
        <source>Decision trail</source>
        <translation>처리 이력</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="173"/>
        <source>not flagged</source>
        <translation>검토 대상 아님</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="181"/>
        <source>wearing a mask</source>
        <translation>마스크 착용</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="181"/>
        <source>no mask</source>
        <translation>마스크 없음</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="186"/>
        <source>eyes px</source>
        <translation>눈 간격(px)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="187"/>
        <source>sharpness</source>
        <translation>선명도</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="188"/>
        <source>brightness</source>
        <translation>밝기</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="200"/>
        <source>waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/case_view.py" line="217"/>
        <source>Image not retained
sha256 %1</source>
        <translation>이미지 보관 안 함
sha256 %1</translation>
    </message>
</context>
<context>
    <name>ReviewQueue</name>
    <message>
        <location filename="../../app/gui/review/queue.py" line="52"/>
        <source>Any reason</source>
        <translation>모든 사유</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="56"/>
        <location filename="../../app/gui/review/queue.py" line="85"/>
        <source>Operator</source>
        <translation>담당자</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="58"/>
        <location filename="../../app/gui/review/queue.py" line="86"/>
        <source>Workstation</source>
        <translation>단말</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="62"/>
        <source>Show reviewed</source>
        <translation>검토 완료 포함</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="63"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="71"/>
        <source>Filters:</source>
        <translation>필터:</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="72"/>
        <source>since</source>
        <translation>시작일</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="81"/>
        <source>Time (UTC)</source>
        <translation>시각 (UTC)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="82"/>
        <source>Customer</source>
        <translation>고객</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="83"/>
        <source>Decision</source>
        <translation>판정</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="88"/>
        <source>Flags</source>
        <translation>검토 사유</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="123"/>
        <source>Same person</source>
        <translation>같은 사람</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="125"/>
        <source>The ID card and the live photo show the same person</source>
        <translation>신분증과 현장 사진이 같은 사람입니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="126"/>
        <source>Not the same person</source>
        <translation>같은 사람 아님</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="128"/>
        <source>The ID card and the live photo show different people</source>
        <translation>신분증과 현장 사진이 다른 사람입니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="278"/>
        <source>Case %2 decided: %1.</source>
        <translation>%2 건 결정: %1.</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="93"/>
        <source>Flagged because</source>
        <translation>검토 사유</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="87"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="84"/>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="118"/>
        <source>Reason (required)</source>
        <translation>사유 (필수)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="119"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="138"/>
        <source>PDF report</source>
        <translation>PDF 보고서</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="139"/>
        <source>Save this case&apos;s report (crops, gauge, pose, mask, decision trail)</source>
        <translation>이 건의 보고서 저장 (얼굴 이미지, 유사도, 자세, 마스크, 처리 이력)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="185"/>
        <source>waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="194"/>
        <source>%1 case(s)</source>
        <translation>%1건</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="232"/>
        <source>Save case report</source>
        <translation>건 보고서 저장</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="246"/>
        <source>Saved %1: %2</source>
        <translation>저장됨 %1: %2</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="254"/>
        <source>Write the reason first</source>
        <translation>먼저 사유를 입력하십시오</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/queue.py" line="273"/>
        <source>Not recorded: %1</source>
        <translation>기록되지 않음: %1</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../app/gui/review/window.py" line="20"/>
        <source>Face Compare — review (%1)</source>
        <translation>얼굴 대조 — 검토 (%1)</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/window.py" line="24"/>
        <source>Review queue</source>
        <translation>검토 대기 목록</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/window.py" line="25"/>
        <source>Audit log</source>
        <translation>감사 기록</translation>
    </message>
    <message>
        <location filename="../../app/gui/review/window.py" line="29"/>
        <source>Signed in as %1 (%2) · database: %3</source>
        <translation>%1 (%2) 로그인 · 데이터베이스: %3</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../app/gui/review/login.py" line="13"/>
        <source>Reviewer sign-in</source>
        <translation>검토자 로그인</translation>
    </message>
</context>
</TS>
