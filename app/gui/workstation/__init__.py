"""The counter's verify screen (`facecompare gui`)."""
