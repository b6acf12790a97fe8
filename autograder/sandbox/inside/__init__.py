"""Code that runs inside the sandboxed worker. It imports only the standard library, NumPy
and msgpack, and each module also works as a top-level module (the worker puts this folder
on ``sys.path``)."""
