"""Moving values between NumPy and torch for the references' checks against PyTorch
(tests/solutions/test_*_vs_torch.py), and the check that a reference leaves its arguments
alone."""

from __future__ import annotations

import numpy as np
import torch


def leaf(a: np.ndarray) -> torch.Tensor:
    """A float64 torch leaf tensor holding a copy of ``a``, tracking gradients."""
    return torch.tensor(np.array(a, dtype=np.float64), dtype=torch.float64, requires_grad=True)


def numpy(t: torch.Tensor) -> np.ndarray:
    """The values of ``t`` as a NumPy array."""
    return t.detach().numpy()


def call_unchanged(function, *args):
    """``function(*args)``, asserting that it left every array argument as it was."""
    before = [np.copy(a) if isinstance(a, np.ndarray) else None for a in args]
    result = function(*args)
    for position, (arg, copy) in enumerate(zip(args, before, strict=True)):
        if copy is not None:
            np.testing.assert_array_equal(arg, copy, err_msg=f"argument {position} modified")
    return result
