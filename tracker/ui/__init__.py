"""Qt widgets, item models and dialogs. Widgets call services; never a database session."""
