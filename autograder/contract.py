"""The names the engine's subpackages agree on, so that none imports another against the
grain.

The engine is layered; a module imports only from its own subpackage and from the layers
below it (tests/engine/test_layers.py holds every module to that)::

    cli                                   the command line
    instructor                            reports, similarity, LMS exports
    grading                               batches, the gradebook, exports
    authoring                             generating, releasing, scaffolding assignments
    testing                               the test API, the student object, the pytest plugin
    course                                where assignments live, assignment.toml
    sandbox                               running student code isolated (inside/: the worker)
    contract, parsing                     shared names; the one lock around ast.parse

Authoring writes skeletons whose TODOs the tests recognize, and reads the tests' graded
marks: both names live here, below both.
"""

#: How every skeleton's NotImplementedError message starts: ``autograder generate`` writes
#: it, and a test that meets it says the function is still a TODO.
TODO_PREFIX = "TODO in "

#: The pytest mark a graded test carries (``@graded(...)`` sets it; the inventory reads it).
GRADED_MARK = "graded"

#: The tag of a notebook cell that grading leaves out of a submitted notebook's code:
#: ``autograder export otter`` tags the cells it adds (otter's setup and checks), which
#: need otter and the assignment folder, and test nothing of the student's.
SKIPPED_CELL_TAG = "autograder-skip"
