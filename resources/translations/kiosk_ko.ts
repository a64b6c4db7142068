<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="450"/>
        <source>Face Compare · self-service</source>
        <translation>얼굴 인증 · 셀프 서비스</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="453"/>
        <source>Change language</source>
        <translation>언어 변경</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="454"/>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="455"/>
        <source>Staff: leave the kiosk with the PIN</source>
        <translation>직원: PIN으로 키오스크 종료</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="456"/>
        <source>Scan my ID</source>
        <translation>신분증 스캔</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="457"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="463"/>
        <location filename="../../app/gui/kiosk/window.py" line="585"/>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="477"/>
        <location filename="../../app/gui/kiosk/window.py" line="499"/>
        <source>Out of service. Please ask a staff member.</source>
        <translation>사용할 수 없습니다. 직원에게 문의해 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="537"/>
        <source>ID</source>
        <translation>신분증</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="537"/>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="537"/>
        <source>Turn</source>
        <translation>고개 돌리기</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="537"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="549"/>
        <source>Welcome</source>
        <translation>환영합니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="551"/>
        <source>Place your ID card on the scanner, photo side up.</source>
        <translation>신분증을 사진이 위로 오도록 스캐너에 올려 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="555"/>
        <source>Reading your ID…</source>
        <translation>신분증을 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="559"/>
        <source>Look at the camera</source>
        <translation>카메라를 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="562"/>
        <source>Show us you are here</source>
        <translation>본인 확인</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="567"/>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="568"/>
        <source>This takes a moment.</source>
        <translation>잠시만 기다려 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="576"/>
        <source>Verified</source>
        <translation>인증되었습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="577"/>
        <source>Thank you. You may continue.</source>
        <translation>감사합니다. 계속 진행하세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="580"/>
        <source>A staff member will help you</source>
        <translation>직원이 도와드리겠습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="581"/>
        <source>Please take your ID to the counter.</source>
        <translation>신분증을 가지고 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="588"/>
        <source>Please look into the camera</source>
        <translation>카메라를 바라봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="590"/>
        <source>Please step back a little</source>
        <translation>조금 뒤로 물러나 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="592"/>
        <source>It is too dark here</source>
        <translation>너무 어둡습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="593"/>
        <source>Please come a little closer</source>
        <translation>조금 더 가까이 와 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="594"/>
        <source>Please remove your mask</source>
        <translation>마스크를 벗어 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="595"/>
        <location filename="../../app/gui/kiosk/window.py" line="612"/>
        <source>Look straight at the camera</source>
        <translation>카메라를 정면으로 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="596"/>
        <source>Hold still</source>
        <translation>움직이지 마세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="597"/>
        <source>Good – hold still</source>
        <translation>좋습니다 – 그대로 계세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="607"/>
        <source>Slowly turn your head to your left</source>
        <translation>천천히 고개를 왼쪽으로 돌려 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="609"/>
        <source>Slowly turn your head to your right</source>
        <translation>천천히 고개를 오른쪽으로 돌려 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="611"/>
        <source>Good. Now look straight at the camera</source>
        <translation>좋습니다. 이제 카메라를 정면으로 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="653"/>
        <source>We could not read your ID. Please place it again.</source>
        <translation>신분증을 읽지 못했습니다. 다시 올려 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="908"/>
        <source>Staff access is locked for a minute.</source>
        <translation>직원 메뉴가 1분 동안 잠겼습니다.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="224"/>
        <source>Staff</source>
        <extracomment>Kiosk guidance: &quot;come closer&quot; a little later than at the counter, so a customer can stand far enough back for the liveness model&apos;s 4x context to fit in a 640x480 frame. Seconds the PIN pad stays locked after three wrong PINs.</extracomment>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="229"/>
        <location filename="../../app/gui/kiosk/window.py" line="232"/>
        <source>Staff PIN</source>
        <translation>직원 PIN</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="240"/>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="244"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/window.py" line="262"/>
        <source>Wrong PIN</source>
        <translation>PIN이 틀렸습니다</translation>
    </message>
</context>
</TS>
