<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>KioskPages</name>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="202"/>
        <source>Face Compare · self-service</source>
        <translation>얼굴 인증 · 셀프 서비스</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="205"/>
        <source>Change language</source>
        <translation>언어 변경</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="206"/>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="207"/>
        <source>Staff: leave the kiosk with the PIN</source>
        <translation>직원: PIN으로 키오스크 종료</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="208"/>
        <source>Scan my ID</source>
        <translation>신분증 스캔</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="222"/>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="317"/>
        <source>This screen starts over in %1 s.</source>
        <translation>%1초 후 처음 화면으로 돌아갑니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="329"/>
        <source>Are you still there? Touch the screen to continue. Starting over in %1 s.</source>
        <translation>아직 계신가요? 계속하시려면 화면을 눌러 주세요. %1초 후 처음부터 다시 시작합니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="333"/>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="335"/>
        <source>Out of service. Please ask a staff member.</source>
        <translation>사용할 수 없습니다. 직원에게 문의해 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="227"/>
        <source>ID</source>
        <translation>신분증</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="113"/>
        <location filename="../../app/gui/kiosk/pages.py" line="227"/>
        <source>Camera</source>
        <extracomment>The inactivity reset is announced (with its countdown) this many seconds before it happens.</extracomment>
        <translation>카메라</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="211"/>
        <source>To confirm that you are the person on your ID card, this kiosk takes a photo of your face and compares it with the photo on the card (a biometric check). The result is recorded by the bank.

If you do not agree, nothing is captured: staff at the counter will help you instead.</source>
        <translation>신분증의 본인이 맞는지 확인하기 위해 이 키오스크는 고객님의 얼굴을 촬영하여 신분증 사진과 비교합니다(생체 인증). 결과는 은행에 기록됩니다.

동의하지 않으시면 아무것도 촬영하지 않으며, 창구 직원이 도와드립니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="217"/>
        <source>Do you agree?</source>
        <translation>동의하십니까?</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="218"/>
        <source>I agree</source>
        <translation>동의합니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="219"/>
        <source>I agree to the biometric check</source>
        <translation>생체 인증에 동의합니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="220"/>
        <source>I do not agree</source>
        <translation>동의하지 않습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="221"/>
        <source>I do not agree to the biometric check</source>
        <translation>생체 인증에 동의하지 않습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="227"/>
        <source>Turn</source>
        <translation>고개 돌리기</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="227"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="227"/>
        <source>Consent</source>
        <translation>동의</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="245"/>
        <source>Welcome</source>
        <translation>환영합니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="247"/>
        <source>Your ID card</source>
        <translation>신분증</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="252"/>
        <source>Place your ID card on the scanner, photo side up.</source>
        <translation>신분증을 사진이 위로 오도록 스캐너에 올려 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="256"/>
        <source>Reading your ID…</source>
        <translation>신분증을 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="260"/>
        <source>Look at the camera</source>
        <translation>카메라를 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="264"/>
        <source>Let&apos;s try once more</source>
        <translation>한 번 더 해 볼게요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="266"/>
        <source>Show us you are here</source>
        <translation>본인 확인</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="271"/>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="272"/>
        <source>This takes a moment.</source>
        <translation>잠시만 기다려 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="283"/>
        <source>Your reference: %1</source>
        <translation>접수 번호: %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="286"/>
        <source>Verified</source>
        <translation>인증되었습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="287"/>
        <source>Thank you. You may continue.</source>
        <translation>감사합니다. 계속 진행하세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="292"/>
        <source>A staff member will help you</source>
        <translation>직원이 도와드리겠습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="294"/>
        <source>Please take your ID to the counter.</source>
        <translation>신분증을 가지고 창구로 가 주세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="337"/>
        <source>Staff access is locked. Please try again later.</source>
        <translation>직원 메뉴가 잠겼습니다. 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="339"/>
        <source>Nothing was captured or recorded. Staff at the counter will help you.</source>
        <translation>아무것도 촬영하거나 기록하지 않았습니다. 창구 직원이 도와드리겠습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="345"/>
        <source>Please look into the camera</source>
        <translation>카메라를 바라봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="347"/>
        <source>Please step back a little</source>
        <translation>조금 뒤로 물러나 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="349"/>
        <source>It is too dark here</source>
        <translation>너무 어둡습니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="350"/>
        <source>Please come a little closer</source>
        <translation>조금 더 가까이 와 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="351"/>
        <source>Please remove your mask</source>
        <translation>마스크를 벗어 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="352"/>
        <location filename="../../app/gui/kiosk/pages.py" line="371"/>
        <source>Look straight at the camera</source>
        <translation>카메라를 정면으로 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="353"/>
        <source>Hold still</source>
        <translation>움직이지 마세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="354"/>
        <source>Good – hold still</source>
        <translation>좋습니다 – 그대로 계세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="364"/>
        <source>Look straight at the camera, then turn as the arrow shows</source>
        <translation>카메라를 정면으로 본 다음 화살표 방향으로 고개를 돌려 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="366"/>
        <source>Slowly turn your head to your left</source>
        <translation>천천히 고개를 왼쪽으로 돌려 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="368"/>
        <source>Slowly turn your head to your right</source>
        <translation>천천히 고개를 오른쪽으로 돌려 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="370"/>
        <source>Good. Now look straight at the camera</source>
        <translation>좋습니다. 이제 카메라를 정면으로 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/pages.py" line="250"/>
        <source>We could not read your ID. Please place it again.</source>
        <translation>신분증을 읽지 못했습니다. 다시 올려 주세요.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="155"/>
        <source>Staff</source>
        <translation>직원</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="160"/>
        <source>Staff only</source>
        <translation>직원 전용</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="164"/>
        <source>Session %1</source>
        <translation>세션 %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="167"/>
        <location filename="../../app/gui/kiosk/views.py" line="170"/>
        <source>Staff PIN</source>
        <translation>직원 PIN</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="177"/>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="178"/>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="182"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../app/gui/kiosk/views.py" line="200"/>
        <source>Wrong PIN</source>
        <translation>PIN이 틀렸습니다</translation>
    </message>
</context>
</TS>
