"""Authoring: generate the student version of an assignment from its reference solution."""
