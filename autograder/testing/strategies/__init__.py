"""Hypothesis strategies for the assignments' tests, one module per topic.

``core`` holds the generic draws (shapes, float64 arrays, floats, labels, seeds), re-exported
here; each topic has a module of its own: ``layers`` (a1's affine, scores and labels,
normalization), ``convolution`` (a3's convolution, pooling, residual block). A new topic
(sequences, attention, MDPs) adds a module beside them and changes nothing here::

    from autograder.testing import strategies as st
    from autograder.testing.strategies import convolution

    @given(x=st.arrays(st.shapes()), inputs=convolution.conv_inputs())
    def test_something(student, x, inputs): ...
"""

from autograder.testing.strategies.core import (
    HIGH,
    LOW,
    arrays,
    away_from_kinks,
    batched_shapes,
    class_labels,
    floats,
    seeds,
    shapes,
    sides,
)

__all__ = [
    "HIGH",
    "LOW",
    "arrays",
    "away_from_kinks",
    "batched_shapes",
    "class_labels",
    "floats",
    "seeds",
    "shapes",
    "sides",
]
