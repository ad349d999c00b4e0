"""The bytes of a file into sheets of cells: what a file really is, whether it fits the limits,
the parsers (calamine, in a child for .xls) and the values of single cells."""
