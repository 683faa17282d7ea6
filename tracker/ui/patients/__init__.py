"""Finding, registering and editing patients."""
