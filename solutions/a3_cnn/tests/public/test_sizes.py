"""Public tests of the counting formulas (sizes.py), with the course notes' example."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_one_of, exception_raised, graded, result_or_none


@graded(
    part="sizes",
    points=1,
    visibility="visible",
    message="The notes' example: fifteen 9x9 filters over 3 channels have "
    "15 * (3 * 9 * 9 + 1) = 3660 parameters, a bias per filter.",
)
def test_notes_example_param_count(student):
    params = student.conv_param_count(3, 15, 9, 9)
    assert params == 3660, f"conv_param_count(3, 15, 9, 9) returned {params}, not 3660"


@graded(
    part="sizes",
    points=1,
    visibility="visible",
    message="The notes' example: a 97x97x3 input, fifteen 9x9 filters, stride 2, no padding "
    "gives a 45x45x15 output ((97 - 9 + 0) // 2 + 1 = 45) and 15 * 45 * 45 * 3 * 9 * 9 "
    "multiplications. (A wrong conv_output_size is charged in its own test: this one also "
    "accepts the count made with yours.)",
)
def test_notes_example_mult_count(student):
    mults = student.conv_mult_count((3, 97, 97), 15, 9, 9, stride=2, pad=0)

    def check(want):
        assert mults == want, (
            f"conv_mult_count((3, 97, 97), 15, 9, 9, 2, 0) returned {mults}, not {want}"
        )

    def with_your_size():
        size = int(result_or_none(student.conv_output_size, 97, 9, stride=2, pad=0))
        return 15 * size * size * 3 * 9 * 9

    assert_one_of(check, lambda: 15 * 45 * 45 * 3 * 9 * 9, with_your_size)


@graded(
    part="sizes",
    points=1,
    visibility="visible",
    message="conv_output_size is (size - kernel_size + 2 * pad) // stride + 1, with the floor "
    "when the stride does not divide (windows sticking out are dropped), and ValueError when "
    "the kernel is larger than the padded input.",
)
@given(
    size=hs.integers(1, 12),
    kernel_size=hs.integers(1, 5),
    stride=hs.integers(1, 4),
    pad=hs.integers(0, 2),
)
def test_conv_output_size_floors(student, size, kernel_size, stride, pad):
    call = f"conv_output_size({size}, {kernel_size}, stride={stride}, pad={pad})"
    if size + 2 * pad < kernel_size:  # the window does not fit
        raised = exception_raised(student.conv_output_size, size, kernel_size, stride, pad)
        assert raised == "ValueError", f"{call} raised {raised}, not ValueError"
        return
    windows = len(range(0, size + 2 * pad - kernel_size + 1, stride))
    got = student.conv_output_size(size, kernel_size, stride, pad)
    assert got == windows, f"{call} returned {got}; the windows fit {windows} times"
