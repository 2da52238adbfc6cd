"""The waiting-room display."""
