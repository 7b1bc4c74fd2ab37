"""The Textual user interface: one screen per file, its .tcss beside it."""
