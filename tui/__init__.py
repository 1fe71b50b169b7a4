"""The screen wing of frontline: the Textual app and the command line."""

import os

# Textual draws a changed screen at its next tick, at most TEXTUAL_FPS a second (60 by default): a key's
# frame waited up to 17 ms for its tick, and a search keystroke (the echo, then the answer) waited twice.
# At 240 the wait is at most 4 ms; an idle app draws nothing either way. Set before Textual is imported
# (it reads the variable once); a value the user set is kept.
os.environ.setdefault("TEXTUAL_FPS", "240")
