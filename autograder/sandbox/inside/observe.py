"""What a call did besides returning its value, observed where it runs.

Some promises of a docstring are about how a function works, not what it returns:

- **"never modifies its arguments"** (a2's update rules and clipping): the grader's arrays
  never reach the student's code (the worker receives copies, and so does the in-process
  student), so the check happens where the call runs. The arrays among the arguments (also
  inside a list, tuple or dict argument, such as an optimizer's state or a list of
  gradients) are copied before the call and compared after it. They are named as the
  function's signature names them (``w``, ``state['m']``, ``grads[1]``), or by position
  (``argument 2``) when the signature cannot be read.
- **"vectorized"** (a3's fast convolution): the number of lines of the student's own code
  the call executed (a trace of the frames whose file is in the package folder). A Python
  loop over the output positions executes thousands; a vectorized function a few dozen.
  It is counted work, so it does not move with the machine's load.

- **gradients** (a torch module or function): autograd's gradients with respect to the
  call's tensor arguments and the module's parameters, for a given upstream gradient. The
  backward pass runs where the student's graph lives, so only tensors cross: the call's
  tensor arguments are made leaves that require grad, the module's gradients are cleared,
  ``torch.autograd.backward(output, upstream)`` runs, and the answer holds every gradient
  (None where none flowed).

:func:`observed_call` runs a call and answers ``{"value": ..., "modified": [...], "lines":
N, "gradients": {"inputs": {...}, "parameters": {...}}}`` with what was asked for
(``observe``: a map from ``"modified"``, ``"lines"`` or ``"gradients"`` to what that
observation needs: nothing, or the upstream gradient).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import numpy as np

#: ``(name, the array the call receives, a copy of it from before the call)``.
Snapshot = list[tuple[str, np.ndarray, np.ndarray]]


_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _named(function: Callable[..., Any], args: tuple, kwargs: dict) -> Iterator[tuple[str, Any]]:
    """Each argument with its parameter name (its position, past the named ones)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature
        parameters = []
    names = [p.name for p in parameters if p.kind in _POSITIONAL]
    for index, value in enumerate(args):
        yield (names[index] if index < len(names) else f"argument {index + 1}"), value
    yield from kwargs.items()


def snapshot(function: Callable[..., Any], args: tuple, kwargs: dict) -> Snapshot:
    """Copies of the array arguments of ``function(*args, **kwargs)``, taken before the call."""
    found: Snapshot = []
    for name, value in _named(function, args, kwargs):
        if isinstance(value, dict):
            items = [(f"{name}[{key!r}]", item) for key, item in value.items()]
        elif isinstance(value, (list, tuple)):
            items = [(f"{name}[{index}]", item) for index, item in enumerate(value)]
        else:
            items = [(name, value)]
        found += [(label, a, a.copy()) for label, a in items if isinstance(a, np.ndarray)]
    return found


def modified(before: Snapshot) -> list[str]:
    """The names of the arrays of ``before`` that are no longer what they were."""
    changed = []
    for name, array, copy in before:
        try:
            same = array.shape == copy.shape and np.array_equal(array, copy, equal_nan=True)
        except TypeError:  # a dtype without NaN
            same = array.shape == copy.shape and np.array_equal(array, copy)
        if not same:
            changed.append(name)
    return changed


class LineCounter:
    """Counts the lines executed in files under ``folder`` while it is the trace function."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(Path(folder).resolve())
        self.count = 0

    def call(self, frame: FrameType, event: str, arg: Any) -> Any:
        """The global trace function: trace the student's frames only."""
        filename = frame.f_code.co_filename
        return self.line if filename.startswith(self.folder) else None

    def line(self, frame: FrameType, event: str, arg: Any) -> Any:
        """The local trace function of a student's frame."""
        if event == "line":
            self.count += 1
        return self.line


class _Gradients:
    """Autograd around one call: its tensor arguments as fresh leaves, the module's
    gradients cleared before, every gradient read after ``backward``."""

    def __init__(self, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        self.torch = sys.modules.get("torch")
        if self.torch is None:
            raise RuntimeError("gradients can be observed only in torch code")
        self.args = tuple(self._leaf(value) for value in args)
        self.kwargs = {key: self._leaf(value) for key, value in kwargs.items()}
        owner = getattr(function, "__self__", function)
        module = owner if isinstance(owner, self.torch.nn.Module) else None
        self.parameters = dict(module.named_parameters()) if module is not None else {}
        for parameter in self.parameters.values():
            parameter.grad = None
        self.signature = module.forward if module is function else function

    def _leaf(self, value: Any) -> Any:
        torch = self.torch
        if isinstance(value, torch.Tensor) and value.is_floating_point():
            return value.detach().clone().requires_grad_(True)
        return value

    def backward(self, value: Any, upstream: Any) -> dict[str, dict[str, Any]]:
        """Run backward from ``value`` (a tensor, or a tuple of them with an upstream per
        item, None for those that get none) and read the gradients."""
        torch = self.torch
        outputs = tuple(value) if isinstance(value, (tuple, list)) else (value,)
        upstreams = tuple(upstream) if isinstance(upstream, (tuple, list)) else (upstream,)
        if len(outputs) != len(upstreams):
            raise TypeError(
                f"the call returned {len(outputs)} value(s) where {len(upstreams)} were "
                "expected: look at what the docstring says it returns"
            )
        pairs = [
            (out, torch.as_tensor(up, dtype=getattr(out, "dtype", None)))
            for out, up in zip(outputs, upstreams, strict=True)
            if up is not None
        ]
        if not all(isinstance(out, torch.Tensor) and out.requires_grad for out, _ in pairs):
            raise RuntimeError(
                "the output does not depend on the inputs and parameters through autograd: "
                "a .detach(), .numpy(), .item(), torch.no_grad() or a new tensor built from "
                "values cuts the graph, and then nothing can learn"
            )
        torch.autograd.backward([out for out, _ in pairs], [up for _, up in pairs])
        inputs = _named(self.signature, self.args, self.kwargs)
        return {
            "inputs": {name: v.grad for name, v in inputs if isinstance(v, torch.Tensor)},
            "parameters": {name: p.grad for name, p in self.parameters.items()},
        }


#: What a call may be asked to observe.
OBSERVABLE = frozenset({"modified", "lines", "gradients"})


def observed_call(
    function: Callable[..., Any],
    args: tuple,
    kwargs: dict,
    observe: dict[str, Any],
    package_dir: Path,
) -> dict[str, Any]:
    """Call ``function(*args, **kwargs)`` and answer its value with what ``observe`` asks
    for (see the module docstring); the student's exception propagates."""
    unknown = set(observe) - OBSERVABLE
    if unknown:
        raise ValueError(f"cannot observe {sorted(unknown)}")
    autograd = _Gradients(function, args, kwargs) if "gradients" in observe else None
    if autograd is not None:
        args, kwargs = autograd.args, autograd.kwargs
    before = snapshot(function, args, kwargs) if "modified" in observe else None
    counter = LineCounter(package_dir) if "lines" in observe else None
    previous = sys.gettrace()
    if counter is not None:
        sys.settrace(counter.call)
    try:
        value = function(*args, **kwargs)
    finally:
        if counter is not None:
            sys.settrace(previous)
    answer: dict[str, Any] = {"value": value}
    if before is not None:
        answer["modified"] = modified(before)
    if counter is not None:
        answer["lines"] = counter.count
    if autograd is not None:
        answer["gradients"] = autograd.backward(value, observe["gradients"])
    return answer
