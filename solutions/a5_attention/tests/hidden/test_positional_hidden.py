"""Hidden tests of the sinusoidal positional encoding against the reference."""

from hypothesis import given

from autograder.testing import assert_close, graded
from autograder.testing import strategies as st


@graded(
    part="positional",
    points=4,
    visibility="after_due_date",
    message="sinusoidal_positional_encoding(T, d_model): sines in the even columns, cosines "
    "in the odd ones, at the angle t / 10000 ** (2i / d_model) shared by columns 2i and "
    "2i + 1, for T up to 64 and d_model from 1 to 33, odd ones included (the last column a "
    "sine).",
)
@given(T=st.sides(1, 64), d_model=st.sides(1, 33))
def test_sinusoidal_positional_encoding_matches_reference(student, reference, T, d_model):
    want = reference.sinusoidal_positional_encoding(T, d_model)
    got = student.sinusoidal_positional_encoding(T, d_model)
    assert_close(got, want, "sinusoidal_positional_encoding: pe")
