"""The screens: the only package that imports Qt (PySide6)."""
