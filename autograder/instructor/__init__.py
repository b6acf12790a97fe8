"""The instructor's view of a graded batch: the report, similarity between submissions, LMS exports."""
