"""Solution markers: skeleton generation, marker errors and the solution-leak check."""

from __future__ import annotations

import ast
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.authoring.markers import (
    MarkerError,
    SolutionBlock,
    find_blocks,
    find_leaks,
    make_skeleton,
    solution_lines,
)

AFFINE = '''\
import numpy as np


def affine_forward(x, w, b):
    """Compute the forward pass of an affine layer.

    x: (N, d1, ..., dk), w: (D, M), b: (M,). Returns out (N, M) and a cache.
    """
    # TODO: Flatten each example of x into a row of length D = d1 * ... * dk,
    #       compute out = x_flat @ w + b, and keep what affine_backward needs in cache.
    # BEGIN SOLUTION
    x_flat = x.reshape(x.shape[0], -1)
    out = x_flat @ w + b
    cache = (x, w, b)
    return out, cache
    # END SOLUTION
'''
AFFINE_MESSAGE = (
    "TODO in affine_forward: Flatten each example of x into a row of length D = d1 * ... * dk, "
    "compute out = x_flat @ w + b, and keep what affine_backward needs in cache."
)


def run_skeleton(skeleton: str) -> dict:
    """Execute a skeleton module and return its namespace."""
    namespace: dict = {}
    exec(compile(skeleton, "<skeleton>", "exec"), namespace)
    return namespace


def raised_message(function, *args) -> str:
    """The message of the NotImplementedError that calling ``function`` raises."""
    with pytest.raises(NotImplementedError) as info:
        function(*args)
    return info.value.args[0]


def literal_message(skeleton: str) -> str:
    """literal_eval of the string literals between `raise NotImplementedError(` and `)`."""
    lines = skeleton.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "raise NotImplementedError(")
    stop = next(i for i in range(start, len(lines)) if lines[i].strip() == ")")
    return ast.literal_eval("(\n" + "\n".join(lines[start + 1 : stop]) + "\n)")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def test_skeleton_keeps_docstring_and_todo_and_raises_the_exact_message():
    """The affine_forward skeleton keeps its docstring and TODO and raises the TODO text."""
    skeleton = make_skeleton(AFFINE, "layers.py")
    assert '    """Compute the forward pass of an affine layer.\n' in skeleton
    assert "x: (N, d1, ..., dk), w: (D, M), b: (M,). Returns out (N, M) and a cache." in skeleton
    assert (
        "    # TODO: Flatten each example of x into a row of length D = d1 * ... * dk,\n"
        "    #       compute out = x_flat @ w + b, and keep what affine_backward needs in cache.\n"
        "    raise NotImplementedError(\n"
    ) in skeleton
    assert "SOLUTION" not in skeleton
    assert "x.reshape" not in skeleton and "cache = (x, w, b)" not in skeleton
    assert all(len(line) <= 88 for line in skeleton.splitlines())
    namespace = run_skeleton(skeleton)
    assert raised_message(namespace["affine_forward"], None, None, None) == AFFINE_MESSAGE
    assert namespace["affine_forward"].__doc__.startswith("Compute the forward pass")


def test_find_blocks_reports_function_todo_lines_and_body():
    """find_blocks gives the function, the joined TODO text, the marker lines and the body."""
    assert find_blocks(AFFINE) == [
        SolutionBlock(
            function="affine_forward",
            todo=AFFINE_MESSAGE.removeprefix("TODO in affine_forward: "),
            begin_line=11,
            end_line=16,
            lines=(
                "    x_flat = x.reshape(x.shape[0], -1)",
                "    out = x_flat @ w + b",
                "    cache = (x, w, b)",
                "    return out, cache",
            ),
        )
    ]


def test_method_block_is_named_class_dot_method():
    """A block in a method names the enclosing function `ClassName.method`."""
    source = dedent('''
        class Linear:
            """A layer."""

            def forward(self, x):
                # TODO: Multiply by the weights.
                # BEGIN SOLUTION
                return x @ self.w
                # END SOLUTION
    ''')
    assert [block.function for block in find_blocks(source)] == ["Linear.forward"]
    namespace = run_skeleton(make_skeleton(source))
    message = raised_message(namespace["Linear"]().forward, 1)
    assert message == "TODO in Linear.forward: Multiply by the weights."


def test_multiple_blocks_in_one_module_each_raise_their_own_todo():
    """Several blocks, two in one function, each become their own NotImplementedError."""
    source = dedent("""
        def relu(x):
            # TODO: Zero the negative entries.
            # BEGIN SOLUTION
            return x * (x > 0)
            # END SOLUTION


        def two_steps(x):
            # TODO: First step.
            # BEGIN SOLUTION
            if x:
                return 1
            # END SOLUTION
            # TODO: Second step.
            # BEGIN SOLUTION
            return 2
            # END SOLUTION


        async def fetch():
            # TODO: Await the value.
            # BEGIN SOLUTION
            return 3
            # END SOLUTION
    """)
    blocks = find_blocks(source)
    assert [(b.function, b.todo) for b in blocks] == [
        ("relu", "Zero the negative entries."),
        ("two_steps", "First step."),
        ("two_steps", "Second step."),
        ("fetch", "Await the value."),
    ]
    skeleton = make_skeleton(source)
    assert skeleton.count("raise NotImplementedError(") == 4
    namespace = run_skeleton(skeleton)
    assert raised_message(namespace["relu"], 1) == "TODO in relu: Zero the negative entries."
    assert raised_message(namespace["two_steps"], 1) == "TODO in two_steps: First step."


def test_code_outside_blocks_is_unchanged_byte_for_byte():
    """Everything before and after a block, CRLF ends and odd spacing included, is copied."""
    before = (
        '"""Module docstring."""\r\n'
        "import math  # a comment\r\n"
        "\r\n"
        "CONSTANT = {'a':1,  'b' :2}\t\r\n"
        "\r\n"
        "def f(x):\r\n"
        '    """Doc with # BEGIN SOLUTION inside a string is not a marker."""\r\n'
        "    y = x   +  1\r\n"
        "    # TODO: Return y squared.\r\n"
    )
    block = "    # BEGIN SOLUTION\r\n    return y ** 2\r\n    # END SOLUTION\r\n"
    after = "\r\n\r\ndef g():\r\n    return  math.pi   # trailing\r\n# last line, no newline"
    skeleton = make_skeleton(before + block + after)
    replacement = (
        '    raise NotImplementedError(\r\n        "TODO in f: Return y squared."\r\n    )\r\n'
    )
    assert skeleton == before + replacement + after


def test_block_ending_after_the_functions_last_statement_still_belongs_to_it():
    """The END marker after the function's end_lineno, and an empty block, are handled."""
    source = dedent('''
        def outer():
            def helper():
                return 0
            # TODO: Use the helper.
            # BEGIN SOLUTION
            return helper()
            # END SOLUTION


        def empty():
            """Nothing to write yet."""
            # TODO: Write it.
            # BEGIN SOLUTION
            # END SOLUTION
        x = 1
    ''')
    assert [b.function for b in find_blocks(source)] == ["outer", "empty"]
    namespace = run_skeleton(make_skeleton(source))
    assert raised_message(namespace["empty"]) == "TODO in empty: Write it."


def test_nested_function_block_names_the_chain():
    """A block inside a nested function is named after the whole chain of enclosing defs."""
    source = dedent("""
        def outer():
            def inner():
                # TODO: Inner work.
                # BEGIN SOLUTION
                return 1
                # END SOLUTION
            return inner
    """)
    assert [b.function for b in find_blocks(source)] == ["outer.inner"]


def test_quotes_and_backslashes_in_the_todo_round_trip():
    """A TODO with quotes and backslashes gives the exact message, both parsed and executed."""
    todo = r"""Use "x\n" and 'y' with a \ backslash, \"escaped\" and a trailing \\"""
    source = f"def f():\n    # TODO: {todo}\n    # BEGIN SOLUTION\n    pass\n    # END SOLUTION\n"
    skeleton = make_skeleton(source)
    assert literal_message(skeleton) == f"TODO in f: {todo}"
    assert raised_message(run_skeleton(skeleton)["f"]) == f"TODO in f: {todo}"


def test_long_todo_is_split_at_spaces_into_short_literals():
    """A long TODO is split at spaces into literals of at most 88 characters per line."""
    todo = " ".join(f"word{i}" for i in range(60))
    source = f"def f():\n    # TODO: {todo}\n    # BEGIN SOLUTION\n    pass\n    # END SOLUTION\n"
    skeleton = make_skeleton(source)
    literals = skeleton.splitlines()[3:-1]
    assert len(literals) > 3
    assert all(len(line) <= 88 and line.startswith('        "') for line in literals)
    assert all(line.endswith(' "') for line in literals[:-1])
    assert literal_message(skeleton) == f"TODO in f: {todo}"


@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=300
    ).filter(lambda text: text.strip())
)
def test_any_printable_todo_text_round_trips_through_literal_eval(todo):
    """For any printable one-line TODO text, literal_eval of the literals gives the message."""
    source = f"def f():\n    # TODO: {todo}\n    # BEGIN SOLUTION\n    pass\n    # END SOLUTION\n"
    assert literal_message(make_skeleton(source)) == f"TODO in f: {todo.strip()}"


ERROR_CASES = {
    "begin without end": (
        "def f():\n    # TODO: x\n    # BEGIN SOLUTION\n    return 1\n",
        3,
        "without a matching",
    ),
    "end without begin": ("def f():\n    return 1\n    # END SOLUTION\n", 3, "without a"),
    "nested begin": (
        "def f():\n    # TODO: x\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n"
        "    return 1\n    # END SOLUTION\n",
        4,
        "do not nest",
    ),
    "no todo above": (
        "def f():\n    # TODO: x\n\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n",
        4,
        "no TODO comment",
    ),
    "todo at another indentation": (
        "def f():\n# TODO: x\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n",
        3,
        "no TODO comment",
    ),
    "empty todo": (
        "def f():\n    # TODO:\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n",
        2,
        "empty",
    ),
    "module level": ("x = 0\n# TODO: x\n# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n", 3, "module"),
    "class body": (
        "class A:\n    def m(self):\n        pass\n    # TODO: x\n    # BEGIN SOLUTION\n"
        "    y = 1\n    # END SOLUTION\n",
        5,
        "class body",
    ),
    "lower-case marker": (
        "def f():\n    # TODO: x\n    # begin solution\n    return 1\n    # END SOLUTION\n",
        3,
        "malformed marker",
    ),
    "marker with extra text": (
        "def f():\n    # TODO: x\n    # BEGIN SOLUTION here\n    return 1\n    # END SOLUTION\n",
        3,
        "malformed marker",
    ),
    "marker after code": (
        "def f():\n    # TODO: x\n    # BEGIN SOLUTION\n    return 1  # END SOLUTION\n",
        4,
        "malformed marker",
    ),
    "skeleton does not parse": (
        "def f():\n    values = [\n        # TODO: x\n        # BEGIN SOLUTION\n        1,\n"
        "        # END SOLUTION\n    ]\n    return values\n",
        4,
        "skeleton does not parse",
    ),
    "source does not parse": ("def f(:\n    pass\n", 1, "does not parse"),
}


@pytest.mark.parametrize(("source", "line", "words"), ERROR_CASES.values(), ids=ERROR_CASES)
def test_marker_errors_name_the_file_and_line(source, line, words):
    """Each misuse of the markers is a MarkerError naming the file and the offending line."""
    with pytest.raises(MarkerError, match=rf"^solutions/a1/layers\.py:{line}: .*{words}"):
        make_skeleton(source, "solutions/a1/layers.py")
    assert issubclass(MarkerError, ValueError)


def test_solution_lines_keeps_substantive_lines_and_drops_trivial_ones():
    """solution_lines normalizes whitespace and drops blank, comment and no-information lines."""
    source = dedent("""
        def f(x, dout, w):
            # TODO: Everything.
            # BEGIN SOLUTION

            # a comment inside the block
            try:
                dx   =  dout @ w.T
            finally:
                pass
            if x is None:
                return
            else:
                x = 1
            values = [
                x,
            ]
            return out, cache
            # END SOLUTION
    """)
    assert solution_lines(source) == {
        "dx = dout @ w.T",
        "if x is None:",
        "values = [",
        "return out, cache",
    }


def test_find_leaks_reports_line_numbers_ignoring_indentation():
    """find_leaks finds a solution line in other text whatever its indentation or spacing."""
    lines = solution_lines(AFFINE)
    text = "def affine_forward(x, w, b):\n    pass\n        out  =  x_flat @ w + b\n"
    assert find_leaks(text, lines) == [(3, "out = x_flat @ w + b")]
    assert find_leaks(make_skeleton(AFFINE), lines) == []


def test_module_without_blocks_round_trips_unchanged():
    """A module with no solution blocks is returned exactly as given."""
    source = (
        '"""Helpers."""\r\nimport os\r\n\r\n'
        "def f():  # TODO: a comment, not a block\n"
        "    return os.sep   \n"
        "# no final newline"
    )
    assert find_blocks(source) == []
    assert make_skeleton(source) == source
    assert make_skeleton("") == ""
