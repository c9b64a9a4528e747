"""Build-time logic of the book: chapter data banks, citations and their renderers.

Nothing in this package imports MkDocs except ``errors`` (for PluginError); the hook file
``hooks/book.py`` is the only glue to MkDocs events.
"""
