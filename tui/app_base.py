"""The base the app's mixins (filters, marks, search) are written against.

For the type checker it is Textual's `App`, so a mixin's `self.notify`, `self.query_one` and workers
are checked against the real signatures; at run time it is `object`, and the app itself is the one
`App` in its bases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    AppMixin = App[None]
else:
    AppMixin = object

__all__ = ["AppMixin"]
