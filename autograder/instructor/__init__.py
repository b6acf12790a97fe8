"""The instructor's view of a graded batch: report, similarity, LMS exports."""
