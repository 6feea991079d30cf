"""児童養護施設等就業支援・アフターケア (care leavers' employment support and aftercare):
a psccore program plugin.

Its program object lives in :mod:`psc_childcare_aftercare.plugin`, loaded through the
``psccore`` entry point ``childcare_aftercare``.
"""
