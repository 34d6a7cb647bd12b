"""Serve the WSGI application with gunicorn from inside the `casebook` command."""

from gunicorn.app.base import BaseApplication

from casebook.wsgi import application


class _Server(BaseApplication):
    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return application


def serve(*, host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    # Threads within a worker share the in-process job runner; WAL SQLite takes
    # the concurrent writers (see settings).
    _Server({
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": "-",
        "timeout": 120,
    }).run()
