"""The agent catalog window and its edit dialog."""
