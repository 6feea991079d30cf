"""株式会社JM就労訓練事業 (JM training partnership): a psccore program plugin.

Its program object lives in :mod:`psc_jm_training.plugin`, loaded through the ``psccore``
entry point ``jm_training``.
"""
