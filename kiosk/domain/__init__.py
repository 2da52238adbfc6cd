"""Pure rules of the reception room: no I/O, no Qt, no database."""
