"""The kiosk's screen: the top bar (the language), the step pages (consent, ID, camera,
result), the progress line and, set apart at the bottom left, the staff button; drawn from the
step machine's state in the current language, with the countdowns the window's clock feeds
(:meth:`KioskPages.show_clock`)."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app.engine.challenge import Direction
from app.gui.common.guidance import Hint
from app.gui.common.images import bgr_to_qimage
from app.gui.kiosk.flow import Step, Verdict
from app.gui.kiosk.machine import KioskMachine, Notice
from app.gui.kiosk.style import badge, card_icon
from app.gui.kiosk.views import CameraView

#: The inactivity reset is announced (with its countdown) this many seconds before it happens.
IDLE_WARNING_S = 15.0


class KioskPages(QWidget):
    """Everything the customer sees; :meth:`show_state` shows a :class:`KioskMachine`'s state.

    ``mirror``: the camera picture is a mirror image; ``scan_button``: offer *Scan my ID*
    (a card file is configured: demos and tests).
    """

    def __init__(
        self, *, mirror: bool = True, scan_button: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.offers_scan = scan_button
        self.shown_card: QPixmap | None = None  # the presented card's image while on screen
        self._badges: dict[str, QPixmap] = {}
        root = QVBoxLayout(self)
        root.setContentsMargins(32, 20, 32, 28)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("kioskSmall")
        self.language_button = QPushButton()
        self.language_button.setObjectName("kioskLanguage")
        self.staff_button = QPushButton()
        self.staff_button.setObjectName("kioskStaff")
        top.addWidget(self.title, 1)
        top.addWidget(self.language_button)  # the staff button is at the other end (bottom left)
        root.addLayout(top)

        self.heading = QLabel()
        self.heading.setObjectName("kioskTitle")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        root.addWidget(self.heading)

        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        # consent page: nothing is captured before *I agree*
        self.consent_page = QWidget()
        col = QVBoxLayout(self.consent_page)
        col.setContentsMargins(140, 0, 140, 0)  # lines short enough to read
        self.consent_text = QLabel()
        self.consent_text.setObjectName("kioskConsent")
        self.consent_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.consent_text.setWordWrap(True)
        self.consent_question = QLabel()
        self.consent_question.setObjectName("kioskPrompt")
        self.consent_question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.agree_button = QPushButton()
        self.agree_button.setObjectName("kioskAgree")
        self.decline_button = QPushButton()
        self.decline_button.setObjectName("kioskDecline")
        choices = QHBoxLayout()
        choices.addStretch(1)
        choices.addWidget(self.decline_button)
        choices.addSpacing(32)
        choices.addWidget(self.agree_button)
        choices.addStretch(1)
        col.addStretch(1)
        col.addWidget(self.consent_text)
        col.addSpacing(24)
        col.addWidget(self.consent_question)
        col.addSpacing(16)
        col.addLayout(choices)
        col.addStretch(1)
        self.stack.addWidget(self.consent_page)
        # ID page
        self.id_page = QWidget()
        idl = QVBoxLayout(self.id_page)
        self.id_text = QLabel()
        self.id_text.setObjectName("kioskPrompt")
        self.id_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.id_text.setWordWrap(True)
        self.card_preview = QLabel()
        self.card_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_preview.setMinimumHeight(240)
        self.scan_button = QPushButton()
        idl.addStretch(1)
        idl.addWidget(self.id_text)
        idl.addWidget(self.card_preview, 2)
        idl.addWidget(self.scan_button, 0, Qt.AlignmentFlag.AlignCenter)
        idl.addStretch(1)
        self.stack.addWidget(self.id_page)
        # camera page (face + challenge)
        self.camera_page = QWidget()
        cl = QVBoxLayout(self.camera_page)
        self.view = CameraView()
        self.view.mirror = mirror
        self.view.setAccessibleName(self.tr("Camera"))
        self.prompt = QLabel()
        self.prompt.setObjectName("kioskPrompt")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        cl.addWidget(self.view, 1)
        cl.addWidget(self.prompt)
        self.stack.addWidget(self.camera_page)
        # result page (also "checking")
        self.result_page = QWidget()
        rl = QVBoxLayout(self.result_page)
        self.result_icon = QLabel()
        self.result_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_text = QLabel()
        self.result_text.setObjectName("kioskResult")
        self.result_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_text.setWordWrap(True)
        self.result_detail = QLabel()
        self.result_detail.setObjectName("kioskSmall")
        self.result_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_detail.setWordWrap(True)
        # the key instruction ("take your ID to the counter"): read from a metre away
        self.result_key = QLabel()
        self.result_key.setObjectName("kioskKey")
        self.result_key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_key.setWordWrap(True)
        self.result_reference = QLabel()
        self.result_reference.setObjectName("kioskReference")
        self.result_reference.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_reference.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.done_button = QPushButton()
        self.reset_countdown = QLabel()
        self.reset_countdown.setObjectName("kioskCountdown")
        self.reset_countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        rl.addStretch(1)
        rl.addWidget(self.result_icon)
        rl.addWidget(self.result_text)
        rl.addWidget(self.result_detail)
        rl.addWidget(self.result_key)
        rl.addSpacing(12)
        rl.addWidget(self.result_reference, 0, Qt.AlignmentFlag.AlignCenter)
        rl.addSpacing(20)
        rl.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignCenter)
        rl.addWidget(self.reset_countdown)
        rl.addStretch(1)
        self.stack.addWidget(self.result_page)
        self.status = QLabel()
        self.status.setObjectName("kioskNotice")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        root.addWidget(self.status)
        bottom = QHBoxLayout()
        self.progress = QLabel()
        self.progress.setObjectName("kioskSteps")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bottom.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom.addWidget(self.progress, 1)
        bottom.addSpacing(self.staff_button.sizeHint().width())  # keeps the steps centred
        root.addLayout(bottom)
        self._idle_left: float | None = None

    # ---- the session's pictures ----------------------------------------------------------------

    def show_card(self, bgr: np.ndarray) -> None:
        """Show the presented ID."""
        pix = QPixmap.fromImage(bgr_to_qimage(bgr))
        self.shown_card = pix
        self.card_preview.setPixmap(pix.scaledToHeight(240, Qt.TransformationMode.SmoothTransformation))

    def wipe(self) -> None:
        """Forget the card and the camera picture of the session."""
        self.card_preview.clear()
        self.shown_card = None
        self.view.set_frame(None, None, False)

    def show_step(self, step: Step) -> None:
        if step is Step.CONSENT:
            self.stack.setCurrentWidget(self.consent_page)
        elif step is Step.ID:
            self.stack.setCurrentWidget(self.id_page)
        elif step in (Step.FACE, Step.CHALLENGE):
            self.stack.setCurrentWidget(self.camera_page)
        else:
            self.stack.setCurrentWidget(self.result_page)

    # ---- texts -----------------------------------------------------------------------------------

    def retranslate(self, language: str) -> None:
        """The texts that do not depend on the step (call :meth:`show_state` after it)."""
        self.title.setText(self.tr("Face Compare · self-service"))
        # The button names the other language, in that language, so either reader finds it.
        self.language_button.setText("English" if language == "ko" else "한국어")
        self.language_button.setAccessibleName(self.tr("Change language"))
        self.staff_button.setText(self.tr("Staff"))
        self.staff_button.setAccessibleName(self.tr("Staff: leave the kiosk with the PIN"))
        self.scan_button.setText(self.tr("Scan my ID"))
        self.consent_text.setText(
            self.tr(
                "To confirm that you are the person on your ID card, this kiosk takes a photo of your"
                " face and compares it with the photo on the card (a biometric check). The result is"
                " recorded by the bank.\n\nIf you do not agree, nothing is captured: staff at the"
                " counter will help you instead."
            )
        )
        self.consent_question.setText(self.tr("Do you agree?"))
        self.agree_button.setText(self.tr("I agree"))
        self.agree_button.setAccessibleName(self.tr("I agree to the biometric check"))
        self.decline_button.setText(self.tr("I do not agree"))
        self.decline_button.setAccessibleName(self.tr("I do not agree to the biometric check"))
        self.done_button.setText(self.tr("Done"))

    def show_state(self, m: KioskMachine) -> None:
        """Every text of the current step, in the current language."""
        step = m.step
        names = [self.tr("Consent"), self.tr("ID"), self.tr("Camera"), self.tr("Turn"), self.tr("Result")]
        current = {Step.CONSENT: 0, Step.ID: 1, Step.FACE: 2, Step.CHALLENGE: 3}.get(step, 4)
        parts = []
        for i, name in enumerate(names):
            text = f"{i + 1}  {name}"
            if i == current:
                text = f"<span style='color:#ffffff; font-weight:700'>● {text}</span>"
            else:
                text = f"<span style='color:#7f93aa'>{text}</span>"
            parts.append(text)
        self.progress.setText("&nbsp;&nbsp;&nbsp;&nbsp;›&nbsp;&nbsp;&nbsp;&nbsp;".join(parts))
        self.status.setText(self._notice_text(m))
        arrow = m.challenge_prompt
        progress = m.challenge.status.progress if arrow is not None and m.challenge is not None else None
        if arrow is not self.view.arrow or progress != self.view.progress:
            self.view.arrow, self.view.progress = arrow, progress
            self.view.update()
        if step is Step.CONSENT:
            self.heading.setText(self.tr("Welcome"))
        elif step is Step.ID:
            self.heading.setText(self.tr("Your ID card"))
            if m.data.card is None:
                if m.card_unreadable:
                    self.id_text.setText(self.tr("We could not read your ID. Please place it again."))
                else:
                    self.id_text.setText(self.tr("Place your ID card on the scanner, photo side up."))
                if self.card_preview.pixmap().isNull():
                    self.card_preview.setPixmap(card_icon())
            else:
                self.id_text.setText(self.tr("Reading your ID…"))
            self.scan_button.setVisible(self.offers_scan and m.data.card is None)
            self.scan_button.setEnabled(m.ready)
        elif step is Step.FACE:
            self.heading.setText(self.tr("Look at the camera"))
            self.prompt.setText(self._hint_text(m))
        elif step is Step.CHALLENGE:
            if m.retrying:
                self.heading.setText(self.tr("Let's try once more"))
            else:
                self.heading.setText(self.tr("Show us you are here"))
            self.prompt.setText(self._challenge_text(m))
        elif step is Step.CHECKING:
            self.heading.setText("")
            self.result_icon.setPixmap(self._badge("…", "#6c9bd2"))
            self.result_text.setText(self.tr("Checking…"))
            self.result_detail.setText(self.tr("This takes a moment."))
            self.result_detail.setVisible(True)
            self.result_key.setVisible(False)
            self.result_reference.setVisible(False)
            self.reset_countdown.setVisible(False)
            self.done_button.setVisible(False)
        else:
            self.heading.setText("")
            self.done_button.setVisible(True)
            self.reset_countdown.setVisible(True)
            self.result_reference.setVisible(True)
            self.result_reference.setText(self.tr("Your reference: %1").replace("%1", m.data.reference))
            if m.verdict is Verdict.VERIFIED:
                self.result_icon.setPixmap(self._badge("✔", "#2fb86e"))
                self.result_text.setText(self.tr("Verified"))
                self.result_detail.setText(self.tr("Thank you. You may continue."))
                self.result_detail.setVisible(True)
                self.result_key.setVisible(False)
            else:
                self.result_icon.setPixmap(self._badge("!", "#e0a100"))
                self.result_text.setText(self.tr("A staff member will help you"))
                self.result_detail.setVisible(False)
                self.result_key.setText(self.tr("Please take your ID to the counter."))
                self.result_key.setVisible(True)

    def _badge(self, symbol: str, color: str) -> QPixmap:
        if symbol not in self._badges:
            self._badges[symbol] = badge(symbol, color)
        return self._badges[symbol]

    def show_clock(
        self, m: KioskMachine, now: float, result_left: float | None, idle_left: float | None
    ) -> None:
        """The countdowns: the turn's seconds left (``now`` on the challenge's clock), the result
        screen's reset (``result_left`` seconds) and, near its end, the inactivity reset."""
        status = m.challenge.status if m.challenge is not None and m.step is Step.CHALLENGE else None
        turn_left = status.time_left(now) if status is not None and status.prompt is not None else None
        if status is not None:
            self.view.seconds_total = m.challenge.config.step_timeout if m.challenge else 6.0
        if turn_left != self.view.seconds_left:
            self.view.seconds_left = turn_left
            self.view.update()
        if m.step is Step.RESULT and result_left is not None:
            seconds = max(0, math.ceil(result_left))
            self.reset_countdown.setText(
                self.tr("This screen starts over in %1 s.").replace("%1", str(seconds))
            )
        warn = idle_left if idle_left is not None and idle_left <= IDLE_WARNING_S else None
        if m.step in (Step.CONSENT, Step.RESULT):
            warn = None  # nothing to lose on the consent screen; the result has its own
        if warn != self._idle_left:
            self._idle_left = warn
            self.status.setText(self._notice_text(m))

    def _notice_text(self, m: KioskMachine) -> str:
        if self._idle_left is not None and m.notice is None:
            seconds = max(0, math.ceil(self._idle_left))
            text = self.tr("Are you still there? Touch the screen to continue. Starting over in %1 s.")
            return text.replace("%1", str(seconds))
        notice = m.notice
        if notice is Notice.STARTING:
            return self.tr("Starting…")
        if notice is Notice.OUT_OF_SERVICE:
            return self.tr("Out of service. Please ask a staff member.")
        if notice is Notice.PIN_LOCKED:
            return self.tr("Staff access is locked. Please try again later.")
        if notice is Notice.DECLINED:
            return self.tr("Nothing was captured or recorded. Staff at the counter will help you.")
        return ""

    def _hint_text(self, m: KioskMachine) -> str:
        g = m.guidance
        if g is None or g.hint is Hint.NO_FACE:
            return self.tr("Please look into the camera")
        if not m.context_ok:
            return self.tr("Please step back a little")
        texts = {
            Hint.TOO_DARK: self.tr("It is too dark here"),
            Hint.COME_CLOSER: self.tr("Please come a little closer"),
            Hint.REMOVE_MASK: self.tr("Please remove your mask"),
            Hint.LOOK_AT_CAMERA: self.tr("Look straight at the camera"),
            Hint.HOLD_STILL: self.tr("Hold still"),
            Hint.GOOD: self.tr("Good – hold still"),
        }
        return texts[g.hint]

    def _challenge_text(self, m: KioskMachine) -> str:
        if m.challenge is None:
            return ""
        st = m.challenge.status
        count = f" ({st.step + 1}/{len(st.steps)})"
        if m.retrying and st.prompt is None and st.step == 0:
            return self.tr("Look straight at the camera, then turn as the arrow shows")
        if st.prompt is Direction.LEFT:
            return self.tr("Slowly turn your head to your left") + count
        if st.prompt is Direction.RIGHT:
            return self.tr("Slowly turn your head to your right") + count
        if st.step > 0:
            return self.tr("Good. Now look straight at the camera")
        return self.tr("Look straight at the camera")
