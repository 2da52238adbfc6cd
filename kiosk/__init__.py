"""Walk-in visitor intake kiosk.

Layers (see DESIGN.md): ``domain`` (pure rules) ← ``settings`` / ``storage`` / ``vision`` ←
``services`` (use cases) ← ``ui`` (the only Qt code) ← ``cli``.
"""

__version__ = "0.1.0"
