"""Small widgets shared by the forms: inline field messages, number and date fields."""
