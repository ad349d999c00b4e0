"""What every stage shares and none owns: text folding, the phrase book, atomic output,
bundled files, YAML read safely, interrupts. Imports nothing else of ktt."""
