"""The course kit's engine: authoring, testing and grading of deep-learning assignments.

The engine knows nothing about any particular assignment. An assignment (a folder under
``solutions/``) declares its parts, points and tests; the engine generates the student
version, runs the tests and reports the points.
"""

__version__ = "0.1.0"
