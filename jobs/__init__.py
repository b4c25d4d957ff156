"""Long work in the background: a PDF of a large strategy, a large import.

A `Job` row is what the pages see (status, progress, the finished file or summary, the failure); the work itself
runs as a task of Django's Tasks API (django-tasks) in the worker that `manage.py run_worker` starts.
Nothing here imports a portal app above `common`.
"""
