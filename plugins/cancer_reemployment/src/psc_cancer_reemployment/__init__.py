"""がん患者等就労支援 (cancer re-employment support): a psccore program plugin.

Its program object lives in :mod:`psc_cancer_reemployment.plugin`, loaded through the
``psccore`` entry point ``cancer_reemployment``.
"""
