"""The reviewer's window: review queue, case view and audit viewer (`facecompare review`)."""
