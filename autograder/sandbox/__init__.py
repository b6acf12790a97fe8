"""Running student code in a separate, limited process, and talking to it with data only.

``inside/`` holds everything that runs in the worker process (and nothing else: it is the
only part of the course the sandbox can see); ``launcher`` starts and kills workers;
``proxy`` is the grader's ``student`` object that calls into one.
"""
