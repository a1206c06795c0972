"""`venster app`: the local what-if page."""
