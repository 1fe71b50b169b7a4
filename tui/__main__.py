"""`python -m frontline.tui` runs the same command as `frontline`."""

from __future__ import annotations

from frontline.tui.cli import main

if __name__ == "__main__":
    main()
