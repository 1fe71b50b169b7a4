"""The screen wing of frontline: the Textual app and the command line."""
