"""Percentiles and rates for reports, checked against numpy on many random samples."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.statistics import Distribution, percentile, rate


@given(
    st.lists(st.floats(min_value=0, max_value=1e4, allow_nan=False), min_size=1, max_size=200),
    st.floats(min_value=0, max_value=1),
)
def test_percentile_agrees_with_numpy(values: list[float], fraction: float) -> None:
    expected = float(np.percentile(values, fraction * 100, method="linear"))
    got = percentile(values, fraction)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_small_cases_by_hand() -> None:
    assert percentile([], 0.5) is None
    assert percentile([4.0], 0.9) == 4.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert Distribution.of([10.0, 1.0, 4.0]) == Distribution(3, 4.0, 8.8)
    assert rate(1, 4) == 0.25
    assert rate(0, 0) is None
    with pytest.raises(ValueError, match="between 0 and 1"):
        percentile([1.0], 1.5)
