"""Sheets into records and findings: the census contract, the header, the row rules, several
files into one census; the units that report and what changed since last year."""
