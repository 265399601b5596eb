"""How reading a map file refuses it, shared by the map's reader and the snapshots' reader."""

# A map of the largest size allowed, written out, is far below this.
MAX_PERSONAS = 50


class ImportRefused(ValueError):
    """The file cannot be imported; the message says where and why."""
