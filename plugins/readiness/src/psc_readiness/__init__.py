"""就労準備支援事業 (work-readiness support): a psccore program plugin.

Its program object lives in :mod:`psc_readiness.plugin`, loaded through the ``psccore``
entry point ``readiness``.
"""
