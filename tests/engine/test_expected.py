"""The expected-values archive: reproducible bytes, faithful round trips, no pickles."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.testing.compare import StoredValueMismatch, assert_close, assert_close_each
from autograder.testing.expected import (
    ExpectedValues,
    read_npz,
    same_cases,
    stored_case,
    to_npz_bytes,
)

NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
DTYPES = st.sampled_from([np.float64, np.float32, np.int64, np.int32, np.bool_])


@st.composite
def stored_arrays(draw: st.DrawFn) -> np.ndarray:
    """A finite array of a stored dtype, 0-d to 3-d (empty axes included)."""
    dtype = draw(DTYPES)
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
    return draw(
        hnp.arrays(
            dtype,
            shape,
            elements={"allow_nan": False} if dtype in (np.float64, np.float32) else None,
        )
    )


CASES = st.dictionaries(
    NAMES, st.dictionaries(NAMES, stored_arrays(), min_size=1, max_size=3), min_size=1, max_size=3
)


def sample_cases() -> dict[str, dict[str, np.ndarray]]:
    """A small hand-made set of cases: floats, int labels, a 0-d loss, a float32 array."""
    rng = np.random.default_rng(0)
    return {
        "affine_forward": {
            "x": rng.normal(size=(2, 3, 4)),
            "w": rng.normal(size=(12, 5)),
            "out": rng.normal(size=(2, 5)),
        },
        "softmax_loss": {
            "scores": rng.normal(size=(4, 3)),
            "y": np.array([0, 2, 1, 1], dtype=np.int64),
            "loss": np.array(1.2345),
        },
        "half": {"x": rng.normal(size=(3,)).astype(np.float32)},
    }


def reversed_order(cases):
    """The same cases, with cases and keys inserted in the opposite order."""
    return {c: {k: cases[c][k] for k in reversed(cases[c])} for c in reversed(cases)}


def assert_same_arrays(got, want) -> None:
    assert sorted(got) == sorted(want)
    for case in want:
        assert sorted(got[case]) == sorted(want[case])
        for key, array in want[case].items():
            stored = got[case][key]
            assert isinstance(stored, np.ndarray)
            assert stored.dtype == np.asarray(array).dtype
            assert stored.shape == np.shape(array)
            assert np.array_equal(stored, array)


# --- writing ---------------------------------------------------------------------------------


def test_to_npz_bytes_is_reproducible_and_independent_of_insertion_order():
    """The same cases give the same bytes: twice in a row, and with dicts built in another order."""
    cases = sample_cases()
    first = to_npz_bytes(cases)
    assert to_npz_bytes(cases) == first
    assert to_npz_bytes(reversed_order(cases)) == first
    assert to_npz_bytes(sample_cases()) == first


@settings(max_examples=40)
@given(cases=CASES)
def test_to_npz_bytes_is_reproducible_for_drawn_cases(cases):
    """Any set of cases serializes to the same bytes whatever the dict order."""
    assert to_npz_bytes(reversed_order(cases)) == to_npz_bytes(cases)


def test_archive_members_are_named_case_dot_key_with_fixed_timestamps():
    """Members are CASE.KEY.npy in sorted order, all dated 1980-01-01 (no clock in the bytes)."""
    with zipfile.ZipFile(io.BytesIO(to_npz_bytes(sample_cases()))) as archive:
        names = archive.namelist()
        dates = {info.date_time for info in archive.infolist()}
    assert names == sorted(names)
    assert "softmax_loss.y.npy" in names
    assert dates == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize(("case", "key"), [("a.b", "x"), ("a", "x.y"), ("a.", ".b")])
def test_names_with_a_dot_are_refused(case, key):
    """A '.' in a case or key name would make CASE.KEY ambiguous, so it is a ValueError."""
    with pytest.raises(ValueError, match=r"may not contain '\.'"):
        to_npz_bytes({case: {key: np.zeros(2)}})


# --- reading ---------------------------------------------------------------------------------


@settings(max_examples=40)
@given(cases=CASES)
def test_round_trip_through_bytes_io(cases):
    """read_npz(BytesIO(to_npz_bytes(c))) gives back c: keys, dtypes, shapes and values."""
    assert_same_arrays(read_npz(io.BytesIO(to_npz_bytes(cases))), cases)


def test_round_trip_through_a_path(tmp_path):
    """Written to a file, read from its path: int labels, a 0-d loss and float32 survive."""
    cases = sample_cases()
    path = tmp_path / "expected.npz"
    path.write_bytes(to_npz_bytes(cases))
    got = read_npz(path)
    assert_same_arrays(got, cases)
    assert got["softmax_loss"]["y"].dtype == np.int64
    assert got["softmax_loss"]["loss"].shape == ()
    assert got["half"]["x"].dtype == np.float32


def test_keys_after_the_first_dot_belong_to_the_key():
    """read_npz splits a member name at its first '.' only (extra dots stay in the key)."""
    buffer = io.BytesIO()
    np.savez(buffer, **{"case.key.part": np.arange(3)})
    buffer.seek(0)
    assert list(read_npz(buffer)["case"]) == ["key.part"]


@pytest.mark.parametrize("from_path", [False, True])
def test_pickled_object_arrays_are_refused(tmp_path, from_path):
    """An archive holding a pickled object array raises ValueError instead of unpickling it."""
    buffer = io.BytesIO()
    np.savez(buffer, **{"case.key": np.array([{"a": 1}, None], dtype=object)})
    if from_path:
        source = tmp_path / "tampered.npz"
        source.write_bytes(buffer.getvalue())
    else:
        source = io.BytesIO(buffer.getvalue())
    with pytest.raises(ValueError, match="allow_pickle"):
        read_npz(source)


# --- same_cases ------------------------------------------------------------------------------


def test_same_cases_for_equal_and_nearly_equal_values():
    """Equal cases compare the same, and so do values 1e-15 apart relatively (BLAS round-off)."""
    a = sample_cases()
    assert same_cases(a, sample_cases())
    assert same_cases(a, reversed_order(a))
    b = sample_cases()
    b["affine_forward"]["out"] = b["affine_forward"]["out"] * (1 + 1e-15)
    assert not np.array_equal(a["affine_forward"]["out"], b["affine_forward"]["out"])
    assert same_cases(a, b)
    assert same_cases(b, a)


def test_same_cases_compares_names_by_equality():
    """Stored names (a string array) are equal or not; they have no tolerance."""
    names = {"c": {"names": np.array(["relu", "tanh"])}}
    assert same_cases(names, {"c": {"names": np.array(["relu", "tanh"])}})
    assert not same_cases(names, {"c": {"names": np.array(["relu", "gelu"])}})


def test_same_cases_treats_nans_in_the_same_place_as_equal():
    """NaN equals NaN here: a stored NaN does not make a fresh folder look stale."""
    assert same_cases({"c": {"k": np.array([np.nan, 1.0])}}, {"c": {"k": np.array([np.nan, 1.0])}})


@pytest.mark.parametrize(
    "change",
    [
        "extra case",
        "missing case",
        "extra key",
        "renamed key",
        "shape",
        "dtype",
        "value",
        "int label",
    ],
)
def test_same_cases_is_false_for_any_difference(change):
    """A different case or key set, shape, dtype or value (beyond 1e-12 relative) is a change."""
    a, b = sample_cases(), sample_cases()
    if change == "extra case":
        b["new"] = {"x": np.zeros(1)}
    elif change == "missing case":
        del b["half"]
    elif change == "extra key":
        b["half"]["dx"] = np.zeros(3)
    elif change == "renamed key":
        b["half"]["x2"] = b["half"].pop("x")
    elif change == "shape":
        b["affine_forward"]["out"] = b["affine_forward"]["out"].reshape(5, 2)
    elif change == "dtype":
        b["softmax_loss"]["y"] = b["softmax_loss"]["y"].astype(np.int32)
    elif change == "value":
        b["affine_forward"]["out"][1, 2] *= 1 + 1e-9
    else:
        b["softmax_loss"]["y"][0] = 1
    assert not same_cases(a, b)
    assert not same_cases(b, a)


# --- ExpectedValues --------------------------------------------------------------------------


def test_expected_values_returns_copies(tmp_path):
    """Mutating a returned array (or the returned dict) does not change the next lookup."""
    cases = sample_cases()
    expected = ExpectedValues(read_npz(io.BytesIO(to_npz_bytes(cases))), tmp_path / "e.npz")
    first = expected["affine_forward"]
    first["out"][...] = 0.0
    first["out"] += 1.0
    first["x"] = None
    del first["w"]
    again = expected["affine_forward"]
    assert_same_arrays({"affine_forward": again}, {"affine_forward": cases["affine_forward"]})
    assert again["out"] is not first["out"]


def test_expected_values_unknown_case_says_to_regenerate(tmp_path):
    """An unknown case is a KeyError naming the file and the case, telling you to regenerate."""
    source = tmp_path / "tests" / "data" / "expected.npz"
    expected = ExpectedValues({"known": {"x": np.zeros(1)}}, source)
    with pytest.raises(KeyError) as info:
        expected["conv_forward"]
    message = str(info.value)
    assert "regenerate" in message
    assert "'conv_forward'" in message
    assert str(source) in message


def test_stored_case_knows_the_arrays_handed_out_and_their_views(tmp_path):
    """An array read from ``expected`` (or a view of it, such as a row) names its case; a
    copy, a number taken out of it, or any other array does not."""
    expected = ExpectedValues(sample_cases(), tmp_path / "e.npz")
    out = expected["affine_forward"]["out"]
    assert stored_case(out) == "affine_forward"
    assert stored_case(out[1]) == "affine_forward"
    assert stored_case(expected["softmax_loss"]["loss"]) == "softmax_loss"
    assert stored_case(out.copy()) is None
    assert stored_case(float(out[0, 0])) is None
    assert stored_case(np.zeros(3)) is None
    assert stored_case(sample_cases()["affine_forward"]["out"]) is None


def test_a_differing_stored_value_fails_every_input_and_names_its_case(tmp_path):
    """assert_close against a stored value raises StoredValueMismatch, which hypothesis does
    not catch (not an Exception), with the usual message and the stored case; against an
    equal array that is not stored, the same comparison is an ordinary AssertionError."""
    expected = ExpectedValues(sample_cases(), tmp_path / "e.npz")
    case = expected["affine_forward"]
    with pytest.raises(StoredValueMismatch) as info:
        assert_close(case["out"] + 1.0, case["out"], "out")
    assert not isinstance(info.value, Exception)
    message = str(info.value)
    assert message.startswith("out: max relative error")
    assert message.endswith('\nFailing input: the stored case "affine_forward".')
    with pytest.raises(AssertionError, match="out: max relative error"):
        assert_close(case["out"] + 1.0, case["out"].copy(), "out")
    with pytest.raises(StoredValueMismatch, match=r"out: has shape \(4,\)"):
        assert_close(np.zeros(4), case["out"][0], "out")
    with pytest.raises(StoredValueMismatch, match="expected a list of 1 arrays, got 2"):
        assert_close_each([case["w"], case["w"]], [case["w"]], "grads")
    assert_close(case["out"].copy(), case["out"], "out")  # equal values still pass
