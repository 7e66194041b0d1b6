"""Stable object names for the app's widgets, taken from where the code keeps them.

``name_tree(root)`` names every widget and action that ``root`` (a page, a dialog) keeps as
an attribute, and those its own SafeFile widgets keep, after the path of attributes that
leads to it from ``root``: the Releases tab's revoke button in the workspace is
``clients.view.releases.revoke_button``, the "once" box of the release form is ``once``.
A widget that already has a name (a style such as ``error``, a category's code) keeps it,
and :func:`find` still finds it by its path (kept as the property ``safefile_path``).

The names are how tests and the parity table (``ui/parity.py``) find a place in the real
app; screen readers use the accessible names, which these do not touch.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

PATH = "safefile_path"  # the attribute path, kept beside a name given for a style
DEPTH = 6  # workspace → page → file view → tab → widget, with room to spare


def _ours(obj: QObject) -> bool:
    return type(obj).__module__.startswith("safefile.ui")


def name_tree(root: QObject, prefix: str = "") -> None:
    """Name ``root``'s widgets and actions after their attribute paths (see module doc)."""
    seen: set[int] = {id(root)}

    def one(value: object, name: str, depth: int) -> None:
        kept = isinstance(value, (QWidget, QAction)) or (
            isinstance(value, QObject) and _ours(value)  # a group of fields (a picker)
        )
        if not kept or id(value) in seen:
            return
        assert isinstance(value, QObject)
        seen.add(id(value))
        if not value.objectName():
            value.setObjectName(name)
        value.setProperty(PATH, name)  # also for one named for its style ("danger")
        if depth < DEPTH and _ours(value):
            walk(value, f"{name}.", depth + 1)

    def walk(obj: QObject, path: str, depth: int) -> None:
        for attr, value in list(vars(obj).items()):
            if attr.startswith("_"):
                continue
            if isinstance(value, dict):  # boxes by code: methods.phone, fields.name
                for key, item in list(value.items()):
                    if isinstance(key, (str, int)):
                        one(item, f"{path}{attr}.{key}", depth)
            else:
                one(value, f"{path}{attr}", depth)

    walk(root, prefix, 0)


def find(root: QObject, name: str) -> QObject | None:
    """The object under ``root`` (or ``root``) with this object name or attribute path."""
    for obj in (root, *root.findChildren(QObject)):
        if obj.objectName() == name or (_has(obj, PATH) and obj.property(PATH) == name):
            return obj
    return None


def _has(obj: QObject, prop: str) -> bool:
    # Asked first: PySide's property() of a property never set returns a None it does not
    # own, and asked often enough that crashes the interpreter.
    return prop.encode() in {bytes(n.data()) for n in obj.dynamicPropertyNames()}


class Namer:
    """An app-wide event handler (``guards.AppEvents``): names a dialog's widgets the first
    time it is shown, as ``name_by_labels`` gives them accessible names."""

    def on_event(self, watched: QObject, event: QEvent, kind: QEvent.Type) -> bool:
        if kind == QEvent.Type.Show and isinstance(watched, QDialog) and not _has(watched, PATH):
            watched.setProperty(PATH, "")  # the dialog itself: named once
            name_tree(watched)
        return False


__all__ = ["PATH", "Namer", "find", "name_tree"]
