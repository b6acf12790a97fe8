"""The static check refuses forbidden libraries, and the functions that would do a part's job."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from helpers import REPO

from autograder.course import CourseError, Forbidden, read_spec
from autograder.grading.forbidden import Violation, scan

PARTS = {
    "gradient_check": ("eval_numerical_gradient", "rel_error"),
    "affine": ("affine_forward", "affine_backward"),
    "relu": ("relu_forward", "relu_backward"),
    "softmax": ("softmax_loss",),
}
REASON = "a1_backprop is written in NumPy: the point is to build these pieces yourself."
#: A minimal assignment.toml with the part the rules name.
SPEC = '[assignment]\ntitle = "T"\n[[parts]]\nname = "softmax"\ntitle = "S"\nfunctions = ["f"]\n'

RULES = Forbidden(
    modules=("torch", "tensorflow", "jax", "keras", "sklearn"),
    functions=(
        ("scipy.special.logsumexp", ("softmax",)),
        ("scipy.optimize.approx_fprime", ("gradient_check",)),
    ),
    reason=REASON,
)
LAYERS = """\
import numpy as np


def affine_forward(x, w, b):
    return x.reshape(len(x), -1) @ w + b, (x, w, b)


def affine_backward(dout, cache):
    return np.zeros(1)


def relu_forward(x):
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)
"""
LOSSES = """\
import numpy as np


def softmax_loss(scores, y):
    {body}
    return 0.0, np.zeros_like(scores)
"""


def package(tmp_path: Path, layers: str = LAYERS, **others: str) -> Path:
    """A submission folder: layers.py, losses.py (softmax_loss's body from ``body``), others."""
    folder = tmp_path / "a1_backprop"
    folder.mkdir(parents=True)
    files = {"layers.py": layers, "losses.py": LOSSES.format(body="pass"), **others}
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text))
    return folder


def softmax_with(tmp_path: Path, *lines: str) -> list[Violation]:
    """The violations of a package whose softmax_loss starts with ``lines``."""
    losses = LOSSES.format(body="\n    ".join(lines))
    return scan(package(tmp_path, **{"losses.py": losses}), PARTS, RULES)


def used(violations: list[Violation]) -> set[tuple[str, str, str]]:
    return {(v.part, v.name, v.function) for v in violations}


def test_module_level_torch_import_zeroes_only_the_parts_of_that_file(tmp_path):
    found = scan(package(tmp_path, "import torch\n" + LAYERS), PARTS, RULES)
    assert [(v.part, v.name, v.file, v.line, v.function) for v in found] == [
        ("affine", "torch", "layers.py", 1, "<module>"),
        ("relu", "torch", "layers.py", 1, "<module>"),
    ]


def test_submodule_import_inside_a_graded_function_costs_its_part(tmp_path):
    found = softmax_with(tmp_path, "import torch.nn.functional as F", "F.cross_entropy(scores, y)")
    assert used(found) == {("softmax", "torch", "softmax_loss")}
    assert found[0].line == 5


@pytest.mark.parametrize(
    "lines",
    [
        ["from torch import nn"],
        ["__import__('torch').tensor(scores)"],
        ["import importlib", 'importlib.import_module("jax.numpy")'],
        ["from importlib import import_module", 'import_module("torch.nn")'],
    ],
    ids=["from-import", "dunder-import", "importlib", "import_module"],
)
def test_every_way_of_importing_a_forbidden_module_is_caught(tmp_path, lines):
    found = softmax_with(tmp_path, *lines)
    assert [v.part for v in found] == ["softmax"]
    assert found[0].name in {"torch", "jax"}


@pytest.mark.parametrize(
    "lines",
    [
        ["from scipy.special import logsumexp", "logsumexp(scores)"],
        ["from scipy.special import logsumexp as lse", "lse(scores)"],
        ["import scipy.special as sp", "sp.logsumexp(scores)"],
        ["import scipy.special", "scipy.special.logsumexp(scores)"],
        ["from scipy import special", "special.logsumexp(scores)"],
        ["from scipy import special", 'getattr(special, "logsumexp")(scores)'],
        ["import scipy", 'f = getattr(getattr(scipy, "special"), "logsumexp")'],
    ],
)
def test_logsumexp_counts_against_softmax_however_it_is_named(tmp_path, lines):
    found = softmax_with(tmp_path, *lines)
    assert used(found) == {("softmax", "scipy.special.logsumexp", "softmax_loss")}


def test_star_imports_bring_in_forbidden_modules_and_functions(tmp_path):
    losses = "from scipy.special import *\n" + LOSSES.format(body="logsumexp(scores)")
    found = scan(package(tmp_path, **{"losses.py": losses}), PARTS, RULES)
    assert [(v.part, v.name, v.line) for v in found] == [("softmax", "scipy.special.logsumexp", 6)]
    losses = "from torch.nn.functional import *\n" + LOSSES.format(body="pass")
    found = scan(package(tmp_path / "b", **{"losses.py": losses}), PARTS, RULES)
    assert used(found) == {("softmax", "torch", "<module>")}


def test_the_files_own_function_of_the_same_name_is_not_the_forbidden_one(tmp_path):
    own = "\n\ndef logsumexp(s):\n    return np.log(np.exp(s).sum())\n"
    losses = "from scipy.special import *\n" + LOSSES.format(body="logsumexp(scores)") + own
    assert scan(package(tmp_path, **{"losses.py": losses}), PARTS, RULES) == []


def test_a_module_level_alias_is_followed_into_the_graded_function(tmp_path):
    losses = "import scipy.special as sp\nlse = sp.logsumexp\n" + LOSSES.format(body="lse(scores)")
    found = scan(package(tmp_path, **{"losses.py": losses}), PARTS, RULES)
    assert used(found) == {("softmax", "scipy.special.logsumexp", "softmax_loss")}


def test_a_forbidden_function_is_allowed_in_the_other_parts(tmp_path):
    layers = "from scipy.special import logsumexp\n" + LAYERS.replace(
        "return x.reshape", "logsumexp(x)\n    return x.reshape"
    )
    assert scan(package(tmp_path, layers), PARTS, RULES) == []


def test_a_helper_using_torch_called_by_relu_forward_costs_the_relu_part(tmp_path):
    helper = "\n\ndef _clip(x):\n    import torch\n    return torch.clamp(x, min=0)\n"
    layers = LAYERS.replace("np.maximum(x, 0)", "_clip(x)") + helper
    found = scan(package(tmp_path, layers), PARTS, RULES)
    # A helper's use counts against every part of its file (here affine too), never others'.
    assert used(found) == {("affine", "torch", "_clip"), ("relu", "torch", "_clip")}
    assert {v.line for v in found} == {21}


def test_a_forbidden_function_in_a_helper_counts_only_for_its_callers(tmp_path):
    helper = "\n\ndef _lse(s):\n    from scipy.special import logsumexp\n    return logsumexp(s)\n"
    found = scan(
        package(tmp_path, **{"losses.py": LOSSES.format(body="_lse(scores)") + helper}),
        PARTS,
        RULES,
    )
    assert used(found) == {("softmax", "scipy.special.logsumexp", "_lse")}
    uncalled = LOSSES.format(body="pass") + helper
    assert scan(package(tmp_path / "b", **{"losses.py": uncalled}), PARTS, RULES) == []


def test_a_file_without_graded_functions_costs_every_part(tmp_path):
    found = scan(package(tmp_path, **{"utils.py": "import sklearn.linear_model\n"}), PARTS, RULES)
    assert sorted(v.part for v in found) == sorted(PARTS)
    assert {(v.name, v.file, v.function) for v in found} == {("sklearn", "utils.py", "<module>")}


def test_numpy_scipy_and_look_alike_names_are_never_violations(tmp_path):
    body = "import numpy.linalg as torch; import scipy.special; x = scipy.special.expit(scores)"
    layers = "import torchvision_like\nimport numpy as np\nfrom . import torch_helpers\n" + LAYERS
    found = scan(package(tmp_path, layers, **{"losses.py": LOSSES.format(body=body)}), PARTS, RULES)
    assert found == []


def test_files_that_do_not_parse_and_the_tests_folder_are_skipped(tmp_path):
    folder = package(
        tmp_path,
        **{"broken.py": "import torch\ndef (:\n", "tests/test_layers.py": "import torch\n"},
    )
    assert scan(folder, PARTS, RULES) == []


def test_the_reference_solution_passes_its_own_rules():
    solution = REPO / "solutions" / "a1_backprop"
    parts = {part.name: part.functions for part in read_spec(solution).parts}
    assert scan(solution, parts, read_spec(solution).forbidden) == []
    assert scan(solution, parts, RULES) == []


def test_without_a_forbidden_section_nothing_is_forbidden(tmp_path):
    (tmp_path / "assignment.toml").write_text(SPEC)
    assert read_spec(tmp_path).forbidden == Forbidden((), (), "")
    folder = package(tmp_path, "import torch\n" + LAYERS)
    assert scan(folder, PARTS, read_spec(tmp_path).forbidden) == []


def test_the_real_a1_spec_forbids_torch_and_says_why():
    rules = read_spec(REPO / "solutions" / "a1_backprop").forbidden
    assert "torch" in rules.modules and rules.reason


def test_the_spec_reader_parses_and_checks_the_forbidden_section(tmp_path):
    spec = tmp_path / "assignment.toml"
    spec.write_text(
        SPEC + '[forbidden]\nmodules = ["torch"]\nreason = "NumPy only"\n'
        '[[forbidden.functions]]\nname = "scipy.special.logsumexp"\nparts = ["softmax"]\n'
    )
    assert read_spec(tmp_path).forbidden == Forbidden(
        ("torch",), (("scipy.special.logsumexp", ("softmax",)),), "NumPy only"
    )
    spec.write_text(spec.read_text().replace('parts = ["softmax"]', 'parts = ["softmx"]'))
    with pytest.raises(CourseError, match="unknown parts"):
        read_spec(tmp_path)
    spec.write_text(SPEC + '[forbidden]\nmodules = "torch"\n')
    with pytest.raises(CourseError, match="must be a list of names"):
        read_spec(tmp_path)


def test_messages_name_file_line_function_forbidden_name_and_reason(tmp_path):
    found = softmax_with(tmp_path, "import torch", "from scipy.special import logsumexp")
    by_name = {v.name: v.message() for v in found}
    assert by_name["torch"] == (
        f"losses.py, line 5: softmax_loss uses torch, which is not allowed in this assignment "
        f"({REASON}); part softmax gets no points."
    )
    assert by_name["scipy.special.logsumexp"].startswith(
        "losses.py, line 6: softmax_loss uses scipy.special.logsumexp, which is not allowed"
    )
    assert "part softmax asks you to write this yourself" in by_name["scipy.special.logsumexp"]
    module_level = scan(package(tmp_path / "b", "import jax\n" + LAYERS), PARTS, RULES)[0]
    assert module_level.message().startswith("layers.py, line 1: module-level code uses jax,")


def test_a5_allows_torch_in_its_torch_part_only_and_not_the_pieces_it_asks_for(tmp_path):
    """a5_attention's rules: torch costs a NumPy part its points; in the PyTorch part, torch is
    allowed but nn.MultiheadAttention and F.softmax (the pieces students write) are not."""
    solution = REPO / "solutions" / "a5_attention"
    spec = read_spec(solution)
    parts = {part.name: part.functions for part in spec.parts}
    assert scan(solution, parts, spec.forbidden) == []
    folder = tmp_path / "a5_attention"
    folder.mkdir()
    (folder / "softmax.py").write_text(
        "import torch\n\n\ndef softmax_forward(x):\n    return torch.softmax(torch.tensor(x), -1)\n"
    )
    (folder / "transformer.py").write_text(
        textwrap.dedent(
            """\
            import torch.nn.functional as F
            from torch import nn


            class MultiHeadAttention(nn.Module):
                def forward(self, q, k, v):
                    return F.softmax(q @ k.transpose(-2, -1), -1) @ v


            class TransformerEncoderBlock(nn.Module):
                def __init__(self, d_model, nhead):
                    super().__init__()
                    self.self_attn = nn.MultiheadAttention(d_model, nhead)
                    self.linear1 = nn.Linear(d_model, d_model)
            """
        )
    )
    found = used(scan(folder, parts, spec.forbidden))
    assert found == {
        ("softmax", "torch", "softmax_forward"),
        ("transformer", "torch.nn.functional.softmax", "MultiHeadAttention"),
        ("transformer", "torch.nn.MultiheadAttention", "TransformerEncoderBlock"),
    }
