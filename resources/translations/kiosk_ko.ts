<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>KioskPages</name>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="174"/>
        <source>Face Compare · self-service</source>
        <translation>얼굴 인증 · 셀프 서비스</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="177"/>
        <source>Change language</source>
        <translation>언어 변경</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="178"/>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="179"/>
        <source>Staff: leave the kiosk with the PIN</source>
        <translation>직원: PIN으로 키오스크 종료</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="180"/>
        <source>Scan my ID</source>
        <translation>신분증 스캔</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="194"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="261"/>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="263"/>
        <source>Out of service. Please ask a staff member.</source>
        <translation>사용할 수 없습니다. 직원에게 문의해 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="199"/>
        <source>ID</source>
        <translation>신분증</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="107"/>
        <location filename="../../app/gui/kiosk/pages.py" line="199"/>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="183"/>
        <source>To confirm that you are the person on your ID card, this kiosk takes a photo of your face and compares it with the photo on the card (a biometric check). The result is recorded by the bank.

If you do not agree, nothing is captured: staff at the counter will help you instead.</source>
        <translation>신분증의 본인이 맞는지 확인하기 위해 이 키오스크는 고객님의 얼굴을 촬영하여 신분증 사진과 비교합니다(생체 인증). 결과는 은행에 기록됩니다.

동의하지 않으시면 아무것도 촬영하지 않으며, 창구 직원이 도와드립니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="189"/>
        <source>Do you agree?</source>
        <translation>동의하십니까?</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="190"/>
        <source>I agree</source>
        <translation>동의합니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="191"/>
        <source>I agree to the biometric check</source>
        <translation>생체 인증에 동의합니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="192"/>
        <source>I do not agree</source>
        <translation>동의하지 않습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="193"/>
        <source>I do not agree to the biometric check</source>
        <translation>생체 인증에 동의하지 않습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="199"/>
        <source>Turn</source>
        <translation>고개 돌리기</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="199"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="199"/>
        <source>Consent</source>
        <translation>동의</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="216"/>
        <source>Welcome</source>
        <translation>환영합니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="218"/>
        <source>Your ID card</source>
        <translation>신분증</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="223"/>
        <source>Place your ID card on the scanner, photo side up.</source>
        <translation>신분증을 사진이 위로 오도록 스캐너에 올려 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="227"/>
        <source>Reading your ID…</source>
        <translation>신분증을 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="231"/>
        <source>Look at the camera</source>
        <translation>카메라를 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="234"/>
        <source>Show us you are here</source>
        <translation>본인 확인</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="239"/>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="240"/>
        <source>This takes a moment.</source>
        <translation>잠시만 기다려 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="247"/>
        <source>Verified</source>
        <translation>인증되었습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="248"/>
        <source>Thank you. You may continue.</source>
        <translation>감사합니다. 계속 진행하세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="251"/>
        <source>A staff member will help you</source>
        <translation>직원이 도와드리겠습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="252"/>
        <source>Please take your ID to the counter.</source>
        <translation>신분증을 가지고 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="265"/>
        <source>Staff access is locked. Please try again later.</source>
        <translation>직원 메뉴가 잠겼습니다. 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="267"/>
        <source>Nothing was captured or recorded. Staff at the counter will help you.</source>
        <translation>아무것도 촬영하거나 기록하지 않았습니다. 창구 직원이 도와드리겠습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="273"/>
        <source>Please look into the camera</source>
        <translation>카메라를 바라봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="275"/>
        <source>Please step back a little</source>
        <translation>조금 뒤로 물러나 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="277"/>
        <source>It is too dark here</source>
        <translation>너무 어둡습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="278"/>
        <source>Please come a little closer</source>
        <translation>조금 더 가까이 와 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="279"/>
        <source>Please remove your mask</source>
        <translation>마스크를 벗어 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="280"/>
        <location filename="../../app/gui/kiosk/pages.py" line="297"/>
        <source>Look straight at the camera</source>
        <translation>카메라를 정면으로 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="281"/>
        <source>Hold still</source>
        <translation>움직이지 마세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="282"/>
        <source>Good – hold still</source>
        <translation>좋습니다 – 그대로 계세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="292"/>
        <source>Slowly turn your head to your left</source>
        <translation>천천히 고개를 왼쪽으로 돌려 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="294"/>
        <source>Slowly turn your head to your right</source>
        <translation>천천히 고개를 오른쪽으로 돌려 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="296"/>
        <source>Good. Now look straight at the camera</source>
        <translation>좋습니다. 이제 카메라를 정면으로 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="221"/>
        <source>We could not read your ID. Please place it again.</source>
        <translation>신분증을 읽지 못했습니다. 다시 올려 주세요.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="75"/>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="78"/>
        <location filename="../../app/gui/kiosk/views.py" line="81"/>
        <source>Staff PIN</source>
        <translation>직원 PIN</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="88"/>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="89"/>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="93"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="111"/>
        <source>Wrong PIN</source>
        <translation>PIN이 틀렸습니다</translation>
    </message>
</context>
</TS>
