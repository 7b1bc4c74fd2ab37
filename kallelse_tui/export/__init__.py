"""Exports: kallelse, protokoll, utdrag, anslag as PDF, HTML, Markdown, text and DOCX.

Each document kind builds one JSON-able dict and every format renders from it; the shared
plumbing (format check, atomic write, typst and Jinja rendering) is in `common`. Heavy
libraries (typst, jinja2, docx) are imported inside the functions that use them so that
importing an export module costs nothing at start-up.
"""
