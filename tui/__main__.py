"""`python -m tui` runs the same command as `frontline`."""

from __future__ import annotations

from tui.cli import main

if __name__ == "__main__":
    main()
