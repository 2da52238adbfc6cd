"""The visitor kiosk's screens."""
