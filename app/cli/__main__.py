"""``python -m app.cli``."""

from app.cli.main import app

app(prog_name="facecompare")
