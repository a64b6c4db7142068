<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="29"/>
        <source>About Face Compare Workstation</source>
        <translation>얼굴 대조 워크스테이션 정보</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="30"/>
        <source>Face Compare Workstation %1</source>
        <translation>얼굴 대조 워크스테이션 %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="34"/>
        <source>About this program</source>
        <translation>이 프로그램 정보</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="37"/>
        <source>Terms as published:</source>
        <translation>라이선스 원문(영어):</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="43"/>
        <source>Comparisons</source>
        <translation>대조 수행 위치</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="43"/>
        <source>Model pack licence</source>
        <translation>모델 팩 라이선스</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="43"/>
        <source>Thresholds</source>
        <translation>임계값</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="47"/>
        <source>Keys</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="67"/>
        <source>Non-commercial research use only: not for use in a commercial service.</source>
        <translation>비상업적 연구 목적으로만 사용할 수 있습니다. 상업 서비스에는 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="70"/>
        <source>Commercial use: a signed licence for this pack was found and verified.</source>
        <translation>상업적 사용 가능: 이 팩의 서명된 라이선스를 찾아 확인했습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="73"/>
        <source>Open licences, with two exceptions: the landmark model may not be used commercially without a licence from its creators (iBUG 300-W terms), and the mask classifier was trained on research data.</source>
        <translation>공개 라이선스입니다. 단, 특징점 모델은 제작자의 라이선스 없이 상업적으로 사용할 수 없으며 (iBUG 300-W 조건), 마스크 분류기는 연구용 데이터로 학습되었습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="94"/>
        <source>open the ID scan (or the scanner folder loads it by itself)</source>
        <translation>신분증 스캔 열기 (스캐너 폴더는 자동으로 불러옴)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="98"/>
        <source>take the photo now; again: retake</source>
        <translation>지금 사진 촬영, 다시 누르면 재촬영</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="99"/>
        <source>compare again (it starts by itself)</source>
        <translation>다시 대조 (대조는 자동으로 시작됨)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="102"/>
        <source>zoom the ID / live crop (wheel or +/-, 0 fits, Esc closes)</source>
        <translation>신분증 / 실시간 얼굴 확대 (휠 또는 +/-, 0은 맞춤, Esc는 닫기)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="106"/>
        <source>the customer consented</source>
        <translation>고객 동의함</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="109"/>
        <source>record what the engine said (in the reference, note or consent)</source>
        <translation>엔진 판정대로 기록 (고객 번호, 메모 또는 동의에서)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="115"/>
        <source>accept / reject / flag for review</source>
        <translation>승인 / 거부 / 검토 요청</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="117"/>
        <source>next customer</source>
        <translation>다음 고객</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="118"/>
        <source>landmarks on or off</source>
        <translation>특징점 표시 켜기/끄기</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="119"/>
        <source>settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="120"/>
        <source>this window</source>
        <translation>이 창</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/about_dialog.py" line="121"/>
        <source>quit</source>
        <translation>종료</translation>
    </message>
</context>
<context>
    <name>CameraPanel</name>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="59"/>
        <source>Customer (live camera)</source>
        <translation>고객 (실시간 카메라)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="64"/>
        <source>Live camera</source>
        <translation>실시간 카메라</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="70"/>
        <location filename="../../app/gui/workstation/camera_panel.py" line="73"/>
        <source>Capture automatically</source>
        <translation>자동 촬영</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="72"/>
        <source>Take the photo once the face has been good for a moment</source>
        <translation>얼굴이 잠시 안정되면 자동으로 촬영</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="74"/>
        <location filename="../../app/gui/workstation/camera_panel.py" line="191"/>
        <source>Capture</source>
        <translation>촬영</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="77"/>
        <source>Take the photo now (F5); press again to retake</source>
        <translation>지금 촬영 (F5), 다시 누르면 재촬영</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="78"/>
        <source>Capture or retake</source>
        <translation>촬영 또는 재촬영</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="108"/>
        <source>No camera could be opened (%1).</source>
        <translation>카메라를 열 수 없습니다 (%1).</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="179"/>
        <source>Photo taken</source>
        <translation>촬영 완료</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/camera_panel.py" line="180"/>
        <source>Retake</source>
        <translation>재촬영</translation>
    </message>
</context>
<context>
    <name>CardPanel</name>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="55"/>
        <source>ID card</source>
        <translation>신분증</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="57"/>
        <location filename="../../app/gui/workstation/card_panel.py" line="188"/>
        <source>Open a scan, drop a file here, or watch the scanner folder.</source>
        <translation>스캔 파일을 열거나, 여기에 끌어 놓거나, 스캐너 폴더를 지정하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="60"/>
        <location filename="../../app/gui/workstation/card_panel.py" line="186"/>
        <source>No ID card yet

Ctrl+O to open a scan, or drop a file here</source>
        <translation>신분증이 없습니다

Ctrl+O로 스캔 파일을 열거나 여기에 파일을 끌어 놓으십시오</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="61"/>
        <source>ID card image</source>
        <translation>신분증 이미지</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="62"/>
        <source>Open scan…</source>
        <translation>스캔 열기…</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="64"/>
        <source>Open an ID scan (Ctrl+O): JPEG, PNG, TIFF or a one-page PDF</source>
        <translation>신분증 스캔 열기 (Ctrl+O): JPEG, PNG, TIFF 또는 한 쪽짜리 PDF</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="65"/>
        <location filename="../../app/gui/workstation/card_panel.py" line="88"/>
        <source>Open ID scan</source>
        <translation>신분증 스캔 열기</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="88"/>
        <source>ID scans (*.jpg *.jpeg *.png *.pdf *.tif *.tiff)</source>
        <translation>신분증 스캔 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="133"/>
        <source>The file cannot be read.</source>
        <translation>파일을 읽을 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="139"/>
        <source>Reading %1…</source>
        <translation>%1 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="157"/>
        <source>%1 loaded, but no face was found on it.</source>
        <translation>%1을(를) 불러왔지만 얼굴을 찾지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="160"/>
        <source>%1 loaded.</source>
        <translation>%1을(를) 불러왔습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="173"/>
        <source>%1 was refused.</source>
        <translation>%1을(를) 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/card_panel.py" line="173"/>
        <source>The file</source>
        <translation>파일</translation>
    </message>
</context>
<context>
    <name>CaseBar</name>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="57"/>
        <source>Customer reference (required)</source>
        <translation>고객 참조 번호 (필수)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="58"/>
        <source>Customer reference</source>
        <translation>고객 참조 번호</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="61"/>
        <source>Note (optional)</source>
        <translation>메모 (선택)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="62"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="64"/>
        <source>Customer consented (Alt+C)</source>
        <translation>고객 동의함 (Alt+C)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="68"/>
        <source>The customer agreed to the biometric check of their face against the ID (required, Alt+C)</source>
        <translation>고객이 신분증과 얼굴의 생체 확인에 동의했습니다 (필수, Alt+C)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="71"/>
        <source>The customer consented to the biometric check</source>
        <translation>고객이 생체 인증에 동의함</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="77"/>
        <source>Accept</source>
        <translation>승인</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="80"/>
        <source>Same person: accept (Ctrl+1)</source>
        <translation>동일인: 승인 (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="84"/>
        <source>Reject</source>
        <translation>거부</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="87"/>
        <source>Not the same person: reject (Ctrl+2)</source>
        <translation>동일인이 아님: 거부 (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="91"/>
        <source>Flag for review</source>
        <translation>검토 요청</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="94"/>
        <source>Send to a reviewer (Ctrl+3)</source>
        <translation>검토자에게 보내기 (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="189"/>
        <source>Enter the customer reference first.</source>
        <translation>먼저 고객 참조 번호를 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="192"/>
        <source>Confirm the customer&apos;s consent first.</source>
        <translation>먼저 고객의 동의를 확인하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/case_bar.py" line="199"/>
        <source>Not recorded: the override was not confirmed.</source>
        <translation>기록되지 않음: 엔진 판정과 다른 결정이 확인되지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>CropButton</name>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="51"/>
        <source>%1: click to zoom (%2)</source>
        <translation>%1: 클릭하면 확대 (%2)</translation>
    </message>
</context>
<context>
    <name>FolderCamera</name>
    <message>
        <location filename="../../app/gui/common/camera.py" line="53"/>
        <source>file camera · %1 · %2 image(s)</source>
        <translation>파일 카메라 · %1 · 이미지 %2장</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="16"/>
        <source>Face Compare Workstation</source>
        <translation>얼굴 대조 워크스테이션</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="21"/>
        <source>New customer</source>
        <translation>새 고객</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="22"/>
        <source>Clear everything for the next customer (Ctrl+N)</source>
        <translation>다음 고객을 위해 모두 지우기 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="23"/>
        <source>Compare</source>
        <translation>대조</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="24"/>
        <source>Compare the ID photo with the captured face (Ctrl+Enter)</source>
        <translation>신분증 사진과 촬영한 얼굴 대조 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="26"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="27"/>
        <source>Engine, camera and language (Ctrl+,)</source>
        <translation>엔진, 카메라, 언어 (Ctrl+,)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="46"/>
        <source>Operator: %1</source>
        <translation>담당자: %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="52"/>
        <source>Remote server %1</source>
        <translation>원격 서버 %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="54"/>
        <source>Local engine · model pack %1</source>
        <translation>로컬 엔진 · 모델 팩 %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/header.py" line="56"/>
        <source>Local engine · loading…</source>
        <translation>로컬 엔진 · 불러오는 중…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="90"/>
        <source>Face Compare Workstation</source>
        <translation>얼굴 대조 워크스테이션</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="99"/>
        <location filename="../../app/gui/workstation/main_window.py" line="102"/>
        <location filename="../../app/gui/workstation/main_window.py" line="170"/>
        <source>Show landmarks</source>
        <translation>특징점 표시</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="101"/>
        <source>Draw the landmark contours on both images (Ctrl+L)</source>
        <translation>두 이미지에 얼굴 특징점 윤곽 표시 (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="132"/>
        <source>Progress</source>
        <translation>진행 상황</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="168"/>
        <source>New customer</source>
        <translation>새 고객</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="167"/>
        <source>Compare</source>
        <translation>대조</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="169"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="171"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="181"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="182"/>
        <source>&amp;About Face Compare Workstation…</source>
        <translation>얼굴 대조 워크스테이션 정보(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="188"/>
        <source>More menus</source>
        <translation>메뉴 더 보기</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="211"/>
        <source>Remote server %1</source>
        <translation>원격 서버 %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="212"/>
        <source>stated by the server with the first result</source>
        <translation>첫 결과와 함께 서버가 알려 줌</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="215"/>
        <source>Local engine (loading)</source>
        <translation>로컬 엔진 (불러오는 중)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="215"/>
        <source>shown once the engine has loaded</source>
        <translation>엔진을 불러온 뒤 표시됨</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="218"/>
        <source>Local engine, model pack %1</source>
        <translation>로컬 엔진, 모델 팩 %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="254"/>
        <source>Loading the face guidance…</source>
        <translation>얼굴 안내 기능 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="264"/>
        <location filename="../../app/gui/workstation/main_window.py" line="288"/>
        <source>Loading model pack “%1”…</source>
        <translation>모델 팩 “%1” 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="289"/>
        <source>Warming up the engine (first inference)…</source>
        <translation>엔진 예열 중 (첫 추론)…</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="306"/>
        <source>Ready.</source>
        <translation>준비됨.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="313"/>
        <source>Ready (remote).</source>
        <translation>준비됨 (원격).</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="319"/>
        <source>The engine could not be loaded.</source>
        <translation>엔진을 불러오지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="347"/>
        <source>Comparing the faces…</source>
        <translation>얼굴을 대조하는 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="376"/>
        <source>Compared in %1 s.</source>
        <translation>%1초 만에 대조했습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="388"/>
        <source>The comparison failed: %1</source>
        <translation>대조 실패: %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="437"/>
        <source>Sign in to record a case.</source>
        <translation>건을 기록하려면 로그인하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="457"/>
        <source>Not recorded</source>
        <translation>기록되지 않음</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="493"/>
        <source>review %1, match %2 — %3</source>
        <translation>검토 %1, 일치 %2 — %3</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="515"/>
        <source>No OS keyring: the server secret is kept until the workstation closes.</source>
        <translation>OS 키링이 없어 서버 비밀 값은 워크스테이션을 닫을 때까지만 유지됩니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="562"/>
        <source>Workstation sign-in</source>
        <translation>창구 로그인</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="419"/>
        <location filename="../../app/gui/workstation/main_window.py" line="458"/>
        <source>The case could not be saved: %1</source>
        <translation>건을 저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="464"/>
        <source>Recorded: %1 (case %2)</source>
        <translation>기록됨: %1 (건 %2)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="476"/>
        <source>Ready for the next customer.</source>
        <translation>다음 고객을 맞을 준비가 되었습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="484"/>
        <source>set by the server: review %1, match %2</source>
        <translation>서버가 정함: 검토 %1, 일치 %2</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="488"/>
        <source>set by the server (shown after the first comparison)</source>
        <translation>서버가 정함 (첫 대조 후 표시)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/main_window.py" line="490"/>
        <source>the engine is still loading</source>
        <translation>엔진을 불러오는 중입니다</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../app/gui/common/messages.py" line="13"/>
        <source>Please look into the camera</source>
        <translation>카메라를 봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="14"/>
        <source>Too dark: more light on the face</source>
        <translation>너무 어둡습니다. 얼굴에 빛을 더 비춰 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="15"/>
        <source>Come closer</source>
        <translation>조금 더 가까이 와 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="16"/>
        <source>Please remove your mask</source>
        <translation>마스크를 벗어 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="17"/>
        <source>Look straight at the camera</source>
        <translation>카메라를 정면으로 바라봐 주세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="18"/>
        <source>Hold still</source>
        <translation>움직이지 마세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="19"/>
        <source>Good: hold still</source>
        <translation>좋습니다. 그대로 계세요</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="27"/>
        <source>No face was found. Check that the ID photo is visible and the customer faces the camera.</source>
        <translation>얼굴을 찾지 못했습니다. 신분증 사진이 보이는지, 고객이 카메라를 보고 있는지 확인하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="31"/>
        <source>The face is too small: rescan the card at higher resolution, or have the customer come closer.</source>
        <translation>얼굴이 너무 작습니다. 신분증을 더 높은 해상도로 다시 스캔하거나 고객에게 가까이 오도록 안내하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="35"/>
        <source>This file type is not supported. Use JPEG, PNG, TIFF or a one-page PDF.</source>
        <translation>지원하지 않는 파일 형식입니다. JPEG, PNG, TIFF 또는 한 쪽짜리 PDF를 사용하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="38"/>
        <source>The file has several pages. Scan only the front of the card.</source>
        <translation>파일이 여러 쪽입니다. 신분증 앞면만 스캔하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="41"/>
        <source>The file is damaged or is not an image. Scan the card again.</source>
        <translation>파일이 손상되었거나 이미지가 아닙니다. 신분증을 다시 스캔하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="44"/>
        <source>The file is too large. Scan at a lower resolution.</source>
        <translation>파일이 너무 큽니다. 더 낮은 해상도로 스캔하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="47"/>
        <source>The server refused the workstation&apos;s secret. Check the remote engine settings.</source>
        <translation>서버가 워크스테이션의 비밀 키를 거부했습니다. 원격 엔진 설정을 확인하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="50"/>
        <source>The server is busy. Try again in a moment.</source>
        <translation>서버가 바쁩니다. 잠시 후 다시 시도하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="53"/>
        <source>The comparison server cannot be reached. Check the network or switch to the local engine.</source>
        <translation>대조 서버에 연결할 수 없습니다. 네트워크를 확인하거나 로컬 엔진으로 전환하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="58"/>
        <source>The comparison could not be made.</source>
        <translation>대조하지 못했습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="63"/>
        <source>MATCH</source>
        <translation>일치</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="64"/>
        <source>REVIEW</source>
        <translation>검토 필요</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="65"/>
        <source>NO MATCH</source>
        <translation>불일치</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="72"/>
        <source>Same person: the faces match.</source>
        <translation>동일인입니다. 얼굴이 일치합니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="73"/>
        <source>Uncertain: check the ID by eye, or flag for review.</source>
        <translation>불확실합니다. 신분증을 직접 확인하거나 검토를 요청하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="76"/>
        <source>Different person: do not proceed without a second check.</source>
        <translation>다른 사람입니다. 추가 확인 없이 진행하지 마십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="86"/>
        <source>frontal</source>
        <translation>정면</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="87"/>
        <source>looking up</source>
        <translation>위를 봄</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="88"/>
        <source>looking down</source>
        <translation>아래를 봄</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="89"/>
        <source>turned left</source>
        <translation>왼쪽으로 돌림</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="90"/>
        <source>turned right</source>
        <translation>오른쪽으로 돌림</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="91"/>
        <source>tilted left</source>
        <translation>왼쪽으로 기울임</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/messages.py" line="92"/>
        <source>tilted right</source>
        <translation>오른쪽으로 기울임</translation>
    </message>
</context>
<context>
    <name>NoCameraPage</name>
    <message>
        <location filename="../../app/gui/workstation/no_camera.py" line="24"/>
        <source>No camera</source>
        <translation>카메라 없음</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/no_camera.py" line="33"/>
        <source>1. Check that the camera is plugged in (try another USB port).
2. Press “Look again”, pick the camera and press “Use this camera”.
3. Still none? Call IT support: the comparison needs a live photo.</source>
        <translation>1. 카메라가 연결되어 있는지 확인하세요 (다른 USB 포트도 시도).
2. “다시 찾기”를 누르고 카메라를 고른 뒤 “이 카메라 사용”을 누르세요.
3. 그래도 없으면 IT 지원팀에 연락하세요: 대조에는 실시간 사진이 필요합니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/no_camera.py" line="40"/>
        <source>Cameras found</source>
        <translation>찾은 카메라</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/no_camera.py" line="42"/>
        <source>Look again</source>
        <translation>다시 찾기</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/no_camera.py" line="43"/>
        <source>Look for cameras again</source>
        <translation>카메라 다시 찾기</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/no_camera.py" line="44"/>
        <source>List the cameras connected now</source>
        <translation>지금 연결된 카메라 목록 보기</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/no_camera.py" line="46"/>
        <location filename="../../app/gui/workstation/no_camera.py" line="48"/>
        <source>Use this camera</source>
        <translation>이 카메라 사용</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/no_camera.py" line="81"/>
        <source>no camera connected</source>
        <translation>연결된 카메라 없음</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="27"/>
        <source>Go against the engine?</source>
        <translation>엔진 판정과 다르게 결정하시겠습니까?</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="31"/>
        <source>You are going against the engine</source>
        <translation>엔진 판정과 다르게 결정하려고 합니다</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="42"/>
        <source>What the engine said</source>
        <translation>엔진 판정</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="43"/>
        <source>The case will be flagged as an override and sent to a reviewer.</source>
        <translation>이 건은 판정 번복(override)으로 표시되어 검토자에게 전달됩니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="34"/>
        <source>The engine said: %1 (%2 of 100; “same person” from %3).
You chose: %4.</source>
        <translation>엔진 판정: %1 (100점 중 %2점, %3점부터 “같은 사람”).
선택: %4.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="47"/>
        <source>Why? What did you check? (required; Ctrl+Enter confirms)</source>
        <translation>이유는? 무엇을 확인했나요? (필수, Ctrl+Enter로 확정)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="48"/>
        <source>Reason for the override</source>
        <translation>판정 번복 사유</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="51"/>
        <location filename="../../app/gui/workstation/override_dialog.py" line="54"/>
        <source>Go back</source>
        <translation>돌아가기</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="56"/>
        <source>%1 anyway</source>
        <translation>그래도 %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/override_dialog.py" line="68"/>
        <source>Reason (required):</source>
        <translation>사유 (필수):</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="86"/>
        <source>ID photo (aligned)</source>
        <translation>신분증 사진 (정렬)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="101"/>
        <location filename="../../app/gui/workstation/result_panel.py" line="263"/>
        <source>No result yet</source>
        <translation>결과 없음</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="103"/>
        <source>Decision</source>
        <translation>판정</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="87"/>
        <source>Live photo (aligned)</source>
        <translation>실시간 사진 (정렬)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="92"/>
        <source>ID photo · F6 to zoom</source>
        <translation>신분증 사진 · F6 확대</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="92"/>
        <source>Live photo · F7 to zoom</source>
        <translation>실시간 사진 · F7 확대</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="106"/>
        <source>What to do next</source>
        <translation>다음 할 일</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="116"/>
        <source>Similarity</source>
        <translation>유사도</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="117"/>
        <source>Thresholds</source>
        <translation>임계값</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="118"/>
        <source>Pose (ID)</source>
        <translation>자세 (신분증)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="119"/>
        <source>Pose (live)</source>
        <translation>자세 (실시간)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="120"/>
        <source>Mask</source>
        <translation>마스크</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="121"/>
        <source>Time taken</source>
        <translation>소요 시간</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="122"/>
        <source>Model pack</source>
        <translation>모델 팩</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="173"/>
        <source>%1 of 100: %2</source>
        <translation>100점 중 %1점: %2</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="178"/>
        <source>“%1” from %2, “%3” from %4</source>
        <translation>%2점부터 “%1”, %4점부터 “%3”</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="126"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="149"/>
        <source>%1 · pitch %2° yaw %3° roll %4°</source>
        <translation>%1 · 상하 %2° 좌우 %3° 기울기 %4°</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="157"/>
        <source>wearing a mask</source>
        <translation>마스크 착용</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="157"/>
        <source>no mask</source>
        <translation>마스크 없음</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="189"/>
        <source>local engine</source>
        <translation>로컬 엔진</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="189"/>
        <source>remote server</source>
        <translation>원격 서버</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="191"/>
        <source>%1 (licence: Help ▸ About)</source>
        <translation>%1 (라이선스: 도움말 ▸ 정보)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="196"/>
        <source>Place the ID card on the scanner, or open its scan (Ctrl+O).</source>
        <translation>신분증을 스캐너에 올리거나 스캔 파일을 여세요 (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="198"/>
        <source>ID card loaded. Ask the customer to look into the camera: the photo is taken by itself, or press F5.</source>
        <translation>신분증을 불러왔습니다. 고객에게 카메라를 보도록 안내하세요: 사진은 자동으로 찍히며, F5로 바로 찍을 수도 있습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="202"/>
        <source>Photo taken. Now place the ID card on the scanner, or open its scan (Ctrl+O).</source>
        <translation>사진을 찍었습니다. 이제 신분증을 스캐너에 올리거나 스캔 파일을 여세요 (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="204"/>
        <source>Scan the card again, or open another file (Ctrl+O).</source>
        <translation>신분증을 다시 스캔하거나 다른 파일을 여세요 (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="206"/>
        <source>Card and photo are in: the comparison starts as soon as the engine is ready.</source>
        <translation>신분증과 사진이 준비되었습니다: 엔진이 준비되는 대로 대조가 시작됩니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="208"/>
        <source>Comparing…</source>
        <translation>대조 중…</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="209"/>
        <source>Retake the photo (F5) or rescan the card (Ctrl+O).</source>
        <translation>사진을 다시 찍거나 (F5) 신분증을 다시 스캔하세요 (Ctrl+O).</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="210"/>
        <source>Check the model pack in Settings (Ctrl+,).</source>
        <translation>설정에서 모델 팩을 확인하세요 (Ctrl+,).</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="211"/>
        <source>Recorded. Ctrl+N for the next customer.</source>
        <translation>기록했습니다. 다음 고객은 Ctrl+N.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="224"/>
        <source>No camera: pick one in the camera panel (“Look again”), or call IT support.</source>
        <translation>카메라 없음: 카메라 화면에서 카메라를 고르거나 (“다시 찾기”) IT 지원팀에 연락하세요.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="238"/>
        <source>ID SCAN REFUSED</source>
        <translation>신분증 스캔 거부</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="241"/>
        <source>NOT COMPARED</source>
        <translation>대조 실패</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/result_panel.py" line="243"/>
        <source>ENGINE ERROR</source>
        <translation>엔진 오류</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="37"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="42"/>
        <source>Local engine (this computer)</source>
        <translation>로컬 엔진 (이 컴퓨터)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="43"/>
        <source>Remote server (Face Compare API)</source>
        <translation>원격 서버 (Face Compare API)</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="49"/>
        <source>saved — type to replace</source>
        <translation>저장됨 — 바꾸려면 입력</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="49"/>
        <source>not set</source>
        <translation>설정 안 됨</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="56"/>
        <source>Default camera</source>
        <translation>기본 카메라</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="64"/>
        <source>Capture automatically when the face is good</source>
        <translation>얼굴이 잘 보이면 자동으로 촬영</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="67"/>
        <source>folder where the scanner saves ID scans</source>
        <translation>스캐너가 신분증 스캔을 저장하는 폴더</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="72"/>
        <source>Changes apply at once, the language at the next start. The secret is never shown.</source>
        <translation>변경 사항은 바로 적용되며, 언어는 다음 실행 때 적용됩니다. 비밀 키는 표시되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="79"/>
        <source>Engine</source>
        <translation>엔진</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="80"/>
        <source>Server URL</source>
        <translation>서버 URL</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="81"/>
        <source>Server secret</source>
        <translation>서버 비밀 키</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="82"/>
        <source>Model pack</source>
        <translation>모델 팩</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="83"/>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="84"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="85"/>
        <source>Scanner folder</source>
        <translation>스캐너 폴더</translation>
    </message>
    <message>
        <location filename="../../app/gui/workstation/settings_dialog.py" line="86"/>
        <source>Thresholds</source>
        <translation>임계값</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../app/gui/common/signin.py" line="68"/>
        <location filename="../../app/gui/common/signin.py" line="99"/>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="72"/>
        <location filename="../../app/gui/common/signin.py" line="100"/>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="81"/>
        <source>Sign in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="83"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="85"/>
        <source>Locked after inactivity. %1, enter your password to continue.</source>
        <translation>입력이 없어 잠겼습니다. %1 님, 계속하려면 비밀번호를 입력하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="89"/>
        <source>Locked after inactivity. Enter your password, or sign in as another operator.</source>
        <translation>입력이 없어 잠겼습니다. 비밀번호를 입력하거나 다른 담당자로 로그인하십시오.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="108"/>
        <source>No users yet: an admin adds them with &apos;facecompare audit add-user NAME --role ROLE&apos;.</source>
        <translation>등록된 사용자가 없습니다. 관리자가 &apos;facecompare audit add-user NAME --role ROLE&apos; 명령으로 추가합니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="118"/>
        <source>Sign-in is not possible now: %1</source>
        <translation>지금은 로그인할 수 없습니다: %1</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="126"/>
        <source>Too many wrong passwords: this account is locked until %1.</source>
        <translation>비밀번호를 너무 많이 틀렸습니다. 이 계정은 %1까지 잠겼습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="129"/>
        <source>Wrong user name or password.</source>
        <translation>사용자 이름 또는 비밀번호가 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="139"/>
        <source>Only reviewers and admins review cases.</source>
        <translation>검토자와 관리자만 건을 검토할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/signin.py" line="140"/>
        <source>Only operators and admins record cases.</source>
        <translation>담당자와 관리자만 건을 기록할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>SimilarityGauge</name>
    <message>
        <location filename="../../app/gui/common/gauge.py" line="57"/>
        <source>Similarity gauge</source>
        <translation>유사도 계기판</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/gauge.py" line="89"/>
        <source>different people</source>
        <translation>다른 사람</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/gauge.py" line="90"/>
        <source>check again</source>
        <translation>다시 확인</translation>
    </message>
    <message>
        <location filename="../../app/gui/common/gauge.py" line="91"/>
        <source>same person</source>
        <translation>같은 사람</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <location filename="../../app/gui/workstation/main.py" line="148"/>
        <source>Face Compare Workstation

Starting…</source>
        <translation>얼굴 대조 워크스테이션

시작하는 중…</translation>
    </message>
</context>
<context>
    <name>VideoCamera</name>
    <message>
        <location filename="../../app/gui/common/camera.py" line="91"/>
        <source>file camera · %1</source>
        <translation>파일 카메라 · %1</translation>
    </message>
</context>
<context>
    <name>ZoomDialog</name>
    <message>
        <location filename="../../app/gui/common/zoom.py" line="163"/>
        <source>Wheel or +/- to zoom, drag to move, 0 or double-click to fit, Esc to close</source>
        <translation>휠 또는 +/-로 확대, 끌어서 이동, 0 또는 두 번 클릭으로 맞춤, Esc로 닫기</translation>
    </message>
</context>
</TS>
