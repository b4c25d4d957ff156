from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CommonConfig(AppConfig):
    name = "common"

    def ready(self):
        from .collation import register_on_sqlite

        # SQLite has no Lithuanian order of its own: every connection learns it before its first query
        connection_created.connect(register_on_sqlite, dispatch_uid="common.collation")
