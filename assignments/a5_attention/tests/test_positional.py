"""Public tests of the sinusoidal positional encoding (positional.py), against stored
values."""

from autograder.testing import assert_matches_stored, graded


@graded(
    part="positional",
    points=2,
    visibility="visible",
    message="sinusoidal_positional_encoding(T, d_model) is (T, d_model) with pe[t, 2i] = "
    "sin(t / 10000 ** (2i / d_model)) and pe[t, 2i + 1] = cos of the same angle; checked "
    "for T = 12, d_model = 8 and for an odd width, T = 5, d_model = 7, whose last column is "
    "a sine. The usual mistakes: sin and cos swapped, or the exponent i / d_model.",
)
def test_sinusoidal_positional_encoding_values(student, expected):
    for case in ("sinusoidal_positional_encoding", "sinusoidal_positional_encoding_odd"):
        assert_matches_stored(
            student,
            expected,
            "sinusoidal_positional_encoding",
            args=("T", "d_model"),
            returns=("pe",),
            case=case,
        )
