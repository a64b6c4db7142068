"""``python -m app.gui``: start the workstation."""

import sys

from app.gui.workstation.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
