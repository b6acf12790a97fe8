"""Running student code in a separate, limited process, and talking to it with data only.

``inside/`` holds everything that runs in the worker process (and nothing else: it is the
only part of the course the sandbox can see); ``launcher`` starts and kills workers,
``settings`` carries their limits, ``cputime`` reads their CPU clocks. The grader's
``student`` object that calls into a worker is :mod:`autograder.testing.sandboxed`: the
sandbox knows nothing of tests.
"""
