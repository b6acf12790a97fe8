"""Public tests of the word embedding (embedding.py): its forward pass against a stored
case, its backward pass against a numeric gradient of your own forward pass, with repeated
words (word 0 among them)."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_gradient, assert_matches_stored, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import sequences


def check_stored_forward(student, expected):
    """word_embedding_forward against its stored case."""
    assert_matches_stored(
        student, expected, "word_embedding_forward", args=("x", "W"), returns=("out", None)
    )


@graded(
    part="embedding",
    points=1,
    visibility="visible",
    message="word_embedding_forward(x, W) returns out (N, T, D) with out[n, t] = W[x[n, t]], "
    "and a cache.",
)
def test_word_embedding_forward_values(student, expected):
    check_stored_forward(student, expected)


@graded(
    part="embedding",
    points=2,
    visibility="visible",
    message="word_embedding_backward returns dW (V, D): every occurrence of word v adds its "
    "dout[n, t] to dW[v] (a repeated word adds up: dW[x] += dout does not, np.add.at does), "
    "and words that do not occur get zeros. (This test needs a correct "
    "word_embedding_forward too.)",
)
@given(words=sequences.word_indices(), dim=st.sides(1, 3), data=hs.data())
def test_word_embedding_backward_gradient_check(student, expected, words, dim, data):
    check_stored_forward(student, expected)
    x, vocabulary = words
    W = data.draw(st.arrays((vocabulary, dim)), label="W")
    dout = data.draw(st.arrays((*x.shape, dim)), label="dout")
    _, cache = student.word_embedding_forward(x, W)
    dW = student.word_embedding_backward(dout, cache)

    def forward(v):
        return student.word_embedding_forward(x, v)[0]

    assert_gradient(forward, W, dout, dW, "word_embedding_backward: dW")
