"""Review work between a candidate and their manager: self-assessments, in time review sessions."""
