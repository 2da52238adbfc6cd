"""The staff console of a counter."""
