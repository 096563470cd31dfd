"""``aiact.web.factory:app``: the app for a process server (uvicorn/gunicorn workers), opened on
``$AIACT_DATABASE_URL``. Each worker opens its own connections; none keeps state of its own."""

from aiact.inventory.db import Database
from aiact.web.app import create_app

app = create_app(Database())
