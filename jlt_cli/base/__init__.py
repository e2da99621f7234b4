"""The lowest layer: small helpers every other layer may use. Knows nothing of cases, files or config."""
