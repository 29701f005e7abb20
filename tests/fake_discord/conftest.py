"""Fixtures for the fake-Discord tests: every test here runs under the loopback guard."""

from __future__ import annotations

import pytest

from .loopback_guard import guarded

loopback_guard = pytest.fixture(guarded, autouse=True, name="loopback_guard")
"""Autouse: refuse non-loopback connections and fail the test if any was attempted."""
