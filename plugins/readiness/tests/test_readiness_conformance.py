"""The checks every program plugin passes (psccore.testing.ConformanceSuite)."""

from psccore.testing import ConformanceSuite


class TestConformance(ConformanceSuite):
    program = "readiness"
