"""Use cases over the clinical data (no Qt). Functions take a Database and plain data."""
