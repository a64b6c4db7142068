"""Entry point of the packaged workstation (PyInstaller).

``FaceCompare [options]`` is ``facecompare gui [options]``; ``FaceCompare --self-test`` is the
installation self-test with Qt's checks (:func:`app.selftest.main`, what the smoke test runs);
``FaceCompare kiosk [options]`` is ``facecompare kiosk [options]`` (the self-service kiosk);
``FaceCompare models list|import|verify|bundle ...`` is ``facecompare models ...``, so a kiosk
without Python or network can install a pack bundle from a USB stick (on Windows run it as
``FaceCompare-console.exe models import E:\\buffalo_l.zip``).
"""

import sys


def run(argv: list[str]) -> int:
    """Dispatch to the model-pack commands, the kiosk, the self-test or the workstation."""
    if argv[:1] == ["models"]:
        from app.cli.models import models_app

        models_app(argv[1:], prog_name="FaceCompare models")
        return 0  # typer exits by itself; reached only if it returns
    if argv[:1] == ["kiosk"]:
        import typer

        from app.cli.kiosk import kiosk_command

        kiosk = typer.Typer(add_completion=False)
        kiosk.command()(kiosk_command)
        kiosk(argv[1:], prog_name="FaceCompare kiosk")
        return 0
    if "--self-test" in argv:  # the workstation's options are ignored, as by `facecompare gui --self-test`
        from app.selftest import main as self_test

        return self_test(qt=True)
    from app.gui.workstation.main import main

    return main(argv)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
