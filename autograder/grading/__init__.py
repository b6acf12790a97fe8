"""Batch grading: submissions in, a gradebook and its exports out.

The pipeline, one step per module: ``intake`` (a submission on disk becomes a clean package
folder, or an invalid submission with a reason), ``forbidden`` (library calls the
assignment does not allow), ``job`` (grade one submission in the sandbox), ``gradebook``
(the SQLite record), ``exports`` (CSV, Gradescope results.json, feedback), ``batch`` (many
submissions through an executor, resumable).
"""
