"""Screenshots of the sign-in: the workstation's (after a wrong password), its lock screen, and the
reviewer's, in English and Korean.

``python -m tools.screenshots.signin docs/screenshots`` (offscreen or under Xvfb) writes
``signin_workstation[_ko].png``, ``signin_locked[_ko].png`` and ``signin_review[_ko].png`` from
the real dialogs on a throwaway store.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def render(out: Path, language: str) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from app.cases import Role, SqlCaseStore, User
    from app.gui.common.resources import install_translators, load_fonts, remove_translators, stylesheet
    from app.gui.common.signin import OPERATORS, SignInDialog
    from app.gui.review.login import SignInDialog as ReviewerSignIn
    from app.gui.workstation.main_window import sign_in_title

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    app.setStyleSheet(stylesheet())
    load_fonts(app)
    translators = install_translators(app, language, "facecompare", "review")
    suffix = "" if language == "en" else f"_{language}"
    saved: list[Path] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store = SqlCaseStore.at(Path(tmp) / "cases.sqlite3")
            store.add_user("park.admin", Role.ADMIN, "admin-password")
            store.add_user("kim.j", Role.OPERATOR, "operator-pw", actor="park.admin")
            store.add_user("lee.s", Role.REVIEWER, "reviewer-pw", actor="park.admin")
            dialogs = {
                "signin_workstation": SignInDialog(
                    store, roles=OPERATORS, title=sign_in_title(), username="kim.j"
                ),
                "signin_locked": SignInDialog(
                    store,
                    roles=OPERATORS,
                    title=sign_in_title(),
                    locked_for=User(username="kim.j", role=Role.OPERATOR),
                    switch=True,
                ),
                "signin_review": ReviewerSignIn(store, "lee.s"),
            }
            dialogs["signin_workstation"].password.setText("not-my-password")
            dialogs["signin_workstation"].try_sign_in()
            for name, dialog in dialogs.items():
                dialog.show()
                for _ in range(10):
                    app.processEvents()
                path = out / f"{name}{suffix}.png"
                dialog.grab().save(str(path))
                saved.append(path)
                print(f"{path}: {dialog.windowTitle()} | {dialog.message.text()}")
                dialog.close()
            store.close()
    finally:
        remove_translators(app, translators)
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for language in ("en", "ko"):
        render(args.out, language)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
