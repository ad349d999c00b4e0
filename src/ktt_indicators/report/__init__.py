"""Results into things people read: the terminal, JSON, CSV, Markdown, HTML, xlsx, docx and
PDF, the marked-up copy of a submission and the census template."""
