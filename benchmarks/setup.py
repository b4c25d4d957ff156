"""Importing this module sets Django up, so that a benchmark can import the portal's apps at the top of its file.

`import benchmarks.setup` comes first among a benchmark's portal imports. The database is the one DATABASE_URL
names when the benchmark starts (the load benchmark runs `benchmarks.load_data` in a subprocess with its own).
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vvg_portal.settings")
django.setup()
