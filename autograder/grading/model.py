"""What grading one submission produces."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.testing.results import TestResult


class Status:
    """The status of a graded submission, as the gradebook and the student see it."""

    GRADED = "graded"
    DID_NOT_IMPORT = "did not import"
    TIMED_OUT = "timed out"
    INVALID = "invalid submission"


@dataclass(frozen=True)
class SubmissionResult:
    """The grade of one submission.

    ``student`` is the id taken from the submission's name; ``reason`` says, for the
    student, why the status is not plain ``graded`` (or what was refused), and what to do;
    ``fingerprint`` identifies the submitted content (sha256 of the staged files), so a
    rerun knows whether a stored grade is for the same submission; ``incidents`` are what
    the submission's code tried that the sandbox stops (a write outside /tmp, a network
    connection, a signal to a process, a new process, an output flood: see
    :mod:`autograder.sandbox.inside.incidents`), for the instructor, never in the feedback.
    """

    student: str
    assignment: str
    status: str
    reason: str
    score: float
    max_score: float
    fingerprint: str
    tests: tuple[TestResult, ...] = field(default_factory=tuple)
    incidents: tuple[str, ...] = ()
