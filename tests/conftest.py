"""Shared fixtures for the generator's tests."""

from __future__ import annotations

import pytest

from generator.pipeline import Generated, generate

from .helpers import MKA1_SPEC


@pytest.fixture(scope="session")
def mka1_output() -> Generated:
    """The generator's output for the MKA1 spec, computed once per test session."""
    return generate(MKA1_SPEC, package="mka1")
