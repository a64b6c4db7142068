"""Face Compare Workstation: ID-card vs live-photo face verification."""

__version__ = "0.1.0"
APP_NAME = "facecompare"
