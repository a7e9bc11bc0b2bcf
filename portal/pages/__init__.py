"""Public pages: home, language choice, privacy."""
