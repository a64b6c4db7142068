"""Evaluation and calibration of the face engine on labelled pairs.

Reads pairs (or scores) CSVs, embeds each distinct image once, scores the listed pairs and
extra impostor pairs across identities, and computes the verification metrics a bank needs
(ROC, EER, accuracy, TAR at FAR with confidence intervals, failure to enrol), plots them and
writes an HTML report. No Qt, no web: numpy and matplotlib only. The engine never imports
this package.
"""
