"""Torch code behind the student object: tensors cross as data both ways, a module the test
builds stays with the student's code (load a state dict, call it, read its parameters), and
``torch_gradients`` runs autograd there; the same test gives the same answers in-process
and sandboxed."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest
import torch
from helpers import one_module_package, sandboxed_student

from autograder.sandbox.inside.codec import TENSOR, Codec, ProtocolError
from autograder.sandbox.launcher import Limits
from autograder.testing.sandboxed import WorkerTimeout
from autograder.testing.student import InProcessStudent, StudentCodeError, torch_gradients

SOURCE = '''
import torch
from torch import nn


class Scale(nn.Module):
    """out = x * weight + bias, and a second output that needs no gradient."""

    def __init__(self, width):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.bias = nn.Parameter(torch.zeros(width))
        self.unused = nn.Parameter(torch.zeros(1))

    def forward(self, x, shift=None):
        out = x * self.weight + self.bias
        return out if shift is None else (out + shift, out.detach())


class Cut(nn.Module):
    def forward(self, x):
        return torch.tensor(x.detach().numpy() * 2)


def add_in_place(x):
    x += 1
    return x


def dtype_of(x):
    return str(x.dtype), tuple(x.shape)


def allocate(gigabytes):
    return torch.ones(int(gigabytes * 2**30) // 8, dtype=torch.float64).sum()


def spin():
    x = torch.randn(64, 64)
    while True:
        x = torch.tanh(x @ x)
'''

LIMITS = Limits(call_timeout=10, startup_timeout=60, wall_factor=3)


@pytest.fixture
def package(tmp_path):
    """The package above, in a folder of its own."""
    return one_module_package(tmp_path, SOURCE)


@pytest.fixture
def sandboxed(package):
    """The package, sandboxed with LIMITS."""
    with sandboxed_student(package, LIMITS) as student:
        yield student


@pytest.fixture(params=["in-process", "sandboxed"])
def student(request, package):
    """The package as each test would see it in each place."""
    if request.param == "in-process":
        return InProcessStudent.load(package, "pkg")
    return request.getfixturevalue("sandboxed")


def test_tensors_arrive_as_tensors_with_their_dtype_and_shape(student):
    x = torch.arange(6, dtype=torch.float64).reshape(2, 3)
    assert student.dtype_of(x) == ("torch.float64", (2, 3))
    assert student.dtype_of(torch.zeros(4, dtype=torch.int64)) == ("torch.int64", (4,))
    assert student.dtype_of(torch.ones(2, 2, dtype=torch.bool)) == ("torch.bool", (2, 2))


def test_a_module_loads_a_state_dict_is_called_and_shows_its_parameters(student):
    module = student.Scale(3)
    module = module.double()
    state = {
        "weight": torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64),
        "bias": torch.tensor([0.5, 0.0, -0.5], dtype=torch.float64),
        "unused": torch.zeros(1, dtype=torch.float64),
    }
    module.load_state_dict(state)
    x = torch.ones(2, 3, dtype=torch.float64)
    out = module(x)
    assert isinstance(out, torch.Tensor) and out.dtype == torch.float64
    assert torch.equal(out.detach(), torch.tensor([[1.5, 2.0, 2.5]] * 2, dtype=torch.float64))
    assert torch.equal(module.weight.detach(), state["weight"])
    saved = module.state_dict()
    assert sorted(saved) == ["bias", "unused", "weight"]


def test_gradients_are_autograds_for_the_upstream_gradient(student):
    module = student.Scale(3).double()
    x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=torch.float64)
    upstream = torch.tensor([[1.0, 0.0, 2.0], [0.5, 1.0, 0.0]], dtype=torch.float64)
    out, gradients = torch_gradients(module, x, upstream=upstream)
    assert torch.equal(out.detach(), x)
    assert torch.equal(gradients["inputs"]["x"], upstream)  # weight is 1
    assert torch.equal(gradients["parameters"]["weight"], (upstream * x).sum(0))
    assert torch.equal(gradients["parameters"]["bias"], upstream.sum(0))
    assert gradients["parameters"]["unused"] is None


def test_gradients_of_a_tuple_output_take_an_upstream_per_item(student):
    module = student.Scale(2).double()
    x, shift = torch.ones(1, 2, dtype=torch.float64), torch.zeros(1, 2, dtype=torch.float64)
    upstream = torch.full((1, 2), 3.0, dtype=torch.float64)
    (out, detached), gradients = torch_gradients(module, x, shift, upstream=(upstream, None))
    assert torch.equal(out, detached + shift)
    assert torch.equal(gradients["inputs"]["shift"], upstream)
    assert torch.equal(gradients["parameters"]["bias"], upstream.sum(0))
    with pytest.raises((StudentCodeError, TypeError), match="returned 2 value"):
        torch_gradients(module, x, shift, upstream=upstream)


def test_a_forward_that_cuts_the_graph_is_told_so(student):
    with pytest.raises((StudentCodeError, RuntimeError), match="cuts the graph"):
        torch_gradients(student.Cut(), torch.ones(2), upstream=torch.ones(2))


def test_the_tests_tensor_is_never_changed_by_the_students_code(student):
    x = torch.zeros(3)
    student.add_in_place(x)
    assert torch.equal(x, torch.zeros(3))


def test_tensors_cross_as_numpy_data_never_pickles():
    """A tensor is encoded as [dtype, shape, bytes]; a forged one with a dtype that NumPy
    would unpickle (object) is refused; bfloat16, which has no NumPy form, cannot be sent."""
    codec = Codec(lambda value: None, lambda code, body: None)
    back = codec.decode(codec.encode({"w": torch.arange(4.0, requires_grad=True)}))
    assert isinstance(back["w"], torch.Tensor) and not back["w"].requires_grad
    assert back["w"].dtype == torch.float32 and torch.equal(back["w"], torch.arange(4.0))
    forged = msgpack.packb(msgpack.ExtType(TENSOR, msgpack.packb(["|O", [1], b"x" * 8])))
    with pytest.raises(ProtocolError, match="refused an array"):
        codec.decode(forged)
    with pytest.raises(TypeError, match="bfloat16"):
        codec.encode(torch.zeros(2, dtype=torch.bfloat16))
    assert np.array_equal(codec.decode(codec.encode(torch.zeros(0, 3))).numpy(), np.zeros((0, 3)))


def test_the_memory_limit_holds_with_torch_imported(sandboxed):
    """Torch allocates outside Python's allocator; the address-space limit (3 GiB) still
    refuses a 4 GiB tensor, and the worker answers the next call."""
    with pytest.raises(StudentCodeError, match="RuntimeError"):
        sandboxed.allocate(4)
    assert float(sandboxed.allocate(0.01)) == 2**30 * 0.01 // 8


def test_the_cpu_time_limit_holds_with_torch_computing(sandboxed):
    """A loop of torch kernels is stopped by the call's CPU-time budget like Python code."""
    with pytest.raises(WorkerTimeout, match="CPU time"):
        sandboxed.spin()
