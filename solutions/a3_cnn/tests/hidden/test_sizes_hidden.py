"""Hidden tests of the counting formulas against the reference."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_one_of, exception_raised, graded, result_or_none


@graded(
    part="sizes",
    points=2,
    visibility="after_due_date",
    message="conv_output_size: (size - kernel_size + 2 * pad) // stride + 1 (floor), and "
    "ValueError when the kernel does not fit in the padded input.",
)
@given(
    size=hs.integers(1, 40),
    kernel_size=hs.integers(1, 9),
    stride=hs.integers(1, 5),
    pad=hs.integers(0, 4),
)
def test_conv_output_size_matches_reference(student, reference, size, kernel_size, stride, pad):
    arguments = (size, kernel_size, stride, pad)
    call = f"conv_output_size{arguments}"
    want = exception_raised(reference.conv_output_size, *arguments)
    if want is not None:
        got = exception_raised(student.conv_output_size, *arguments)
        assert got == want, f"{call} raised {got}, not {want}"
        return
    got = student.conv_output_size(*arguments)
    assert got == reference.conv_output_size(*arguments), f"{call} returned {got}"


@graded(
    part="sizes",
    points=1,
    visibility="after_due_date",
    message="conv_param_count is F * (C * HH * WW + 1): the weights and a bias per filter.",
)
@given(
    channels=hs.integers(1, 8),
    filters=hs.integers(1, 16),
    kernel=hs.tuples(hs.integers(1, 5), hs.integers(1, 5)),
)
def test_conv_param_count_matches_reference(student, reference, channels, filters, kernel):
    params = (channels, filters, *kernel)
    got = student.conv_param_count(*params)
    want = reference.conv_param_count(*params)
    assert got == want, f"conv_param_count{params} returned {got}, expected {want}"


@graded(
    part="sizes",
    points=1,
    visibility="after_due_date",
    message="conv_mult_count is F * H' * W' * C * HH * WW for one image, H' and W' the output "
    "sizes. (If your conv_output_size is wrong, that is charged in its own tests, not here: "
    "this test also accepts the count made with your conv_output_size.)",
)
@given(
    channels=hs.integers(1, 8),
    filters=hs.integers(1, 16),
    kernel=hs.tuples(hs.integers(1, 5), hs.integers(1, 5)),
    size=hs.tuples(hs.integers(5, 30), hs.integers(5, 30)),
    stride=hs.integers(1, 3),
    pad=hs.integers(0, 2),
)
def test_conv_mult_count_matches_reference(
    student, reference, channels, filters, kernel, size, stride, pad
):
    mults = ((channels, *size), filters, *kernel, stride, pad)
    got = student.conv_mult_count(*mults)
    assert_one_of(
        lambda want: assert_equal(got, want, f"conv_mult_count{mults}"),
        lambda: reference.conv_mult_count(*mults),
        lambda: count_with_own_sizes(student, *mults),
    )


def assert_equal(got, want, call):
    assert got == want, f"{call} returned {got}, expected {want}"


def count_with_own_sizes(student, shape, filters, hh, ww, stride, pad):
    """F * H' * W' * C * HH * WW with H' and W' from the student's own conv_output_size
    (None if it raised): a wrong output size is charged once, in its own tests."""
    channels, height, width = shape
    rows = result_or_none(student.conv_output_size, height, hh, stride, pad)
    columns = result_or_none(student.conv_output_size, width, ww, stride, pad)
    return filters * int(rows) * int(columns) * channels * hh * ww
