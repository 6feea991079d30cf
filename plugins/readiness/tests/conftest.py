"""Fixtures of the readiness tests."""

from __future__ import annotations

import pytest
from readiness_support import Center

from psccore import Psc


@pytest.fixture
def center(psc: Psc) -> Center:
    return Center(psc)
