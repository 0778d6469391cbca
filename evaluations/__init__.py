"""Evaluation workflow: proposals, the framework, evaluations, pilots, ballots, votes and decision records."""

import os

os.environ.setdefault("PICCOLO_CONF", "radar.piccolo_conf")
