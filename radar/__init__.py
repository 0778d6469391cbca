"""Radar domain: blips, quadrants, rings, ring history, editions, users and audit events."""

import os

# Piccolo finds its engine through this module; set it before any table touches the database.
os.environ.setdefault("PICCOLO_CONF", "radar.piccolo_conf")
