"""Printed forms: each described once (:mod:`psccore.forms.model`), filled from the
records (:mod:`psccore.forms.national`), written as PDF (:mod:`psccore.forms.pdf`, with
the shipped IPAex Gothic font embedded as a subset) or xlsx (:mod:`psccore.forms.xlsx`)."""
