"""Training code (torch at training time only): nothing here is imported at run time."""
