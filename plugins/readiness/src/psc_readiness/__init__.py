"""就労準備支援事業 (work-readiness support): a psccore program plugin.

The hooks live in :mod:`psc_readiness.plugin`, loaded through the ``psccore``
entry point ``readiness``.
"""
