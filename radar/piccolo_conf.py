"""Piccolo configuration: the engine comes from DATABASE_URL (SQLite file by default)."""

from piccolo.conf.apps import AppRegistry

from radar.database import database_url_from_env, engine_for

DB = engine_for(database_url_from_env())

APP_REGISTRY = AppRegistry(apps=["radar.piccolo_app", "evaluations.piccolo_app"])
