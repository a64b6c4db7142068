"""The offline self-service kiosk with liveness (`facecompare kiosk`)."""
