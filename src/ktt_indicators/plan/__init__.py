"""Records against a plan: the targets file, its measures and indicators, progress against
each target and the status over time."""
