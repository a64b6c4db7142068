"""Entry point of the packaged workstation (PyInstaller): the same as ``facecompare gui``."""

import sys

from app.gui.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
