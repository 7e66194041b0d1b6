"""One client's file as tabs: overview, services, notes, process notes, documents,
releases and the record of sharing for this client; one small widget per tab
(``overview``, ``services``, ``notes``, ``process``, ``documents``, ``releases``,
``sharing``), each fed the :class:`FileData` the view reads."""

from safefile.ui.clients.file_view.data import FileData, ReleaseRow, load_file
from safefile.ui.clients.file_view.view import ClientFileView

__all__ = ["ClientFileView", "FileData", "ReleaseRow", "load_file"]
