"""Tools that drive the kiosk as a person would (the autopilot of ``kiosk demo``)."""
