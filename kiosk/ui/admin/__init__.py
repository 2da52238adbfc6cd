"""The administrator's settings screen (generated from the settings schema)."""
