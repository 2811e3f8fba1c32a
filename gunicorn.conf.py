"""Gunicorn settings read from the checkout (gunicorn loads ./gunicorn.conf.py by itself).

Each worker freezes what it built while loading the app (modules, templates, the bundled
frameworks) once it is ready, so Python's full garbage-collection passes scan only what
requests create: without it, one request in twenty or so paid a 40-60 ms pause (see
bench/)."""
import gc


def post_worker_init(worker):
    gc.freeze()
