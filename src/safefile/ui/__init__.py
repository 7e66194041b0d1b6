"""The desktop app (PySide6). Holds no business rules: everything goes through the core."""
