"""Hidden tests of the word embedding against the reference, with repeated words (word 0
among them) and words that do not occur."""

from hypothesis import given
from hypothesis import strategies as hs

from autograder.testing import assert_close, assert_matches_reference, graded
from autograder.testing import strategies as st
from autograder.testing.strategies import sequences


@graded(
    part="embedding",
    points=3,
    visibility="after_due_date",
    message="word_embedding_forward: out[n, t] = W[x[n, t]]; word_embedding_backward: dW[v] "
    "sums dout over every occurrence of word v (repeated words and word 0 included), zeros "
    "for words that do not occur.",
)
@given(words=sequences.word_indices(5, 6, 8), dim=st.sides(1, 5), data=hs.data())
def test_word_embedding_matches_reference(student, reference, words, dim, data):
    x, vocabulary = words
    W = data.draw(st.arrays((vocabulary, dim)), label="W")
    (_, cache), (_, want_cache) = assert_matches_reference(
        student, reference, "word_embedding_forward", x, W, returns=("out", None)
    )
    dout = data.draw(st.arrays((*x.shape, dim)), label="dout")
    dW = student.word_embedding_backward(dout, cache)
    want = reference.word_embedding_backward(dout, want_cache)
    assert_close(dW, want, "word_embedding_backward: dW")
