"""Domain classes: attrs only, no SQL, no CLI, no I/O. Rules live here."""
