"""The web layer: the only package that imports Litestar."""

import os

os.environ.setdefault("PICCOLO_CONF", "radar.piccolo_conf")
