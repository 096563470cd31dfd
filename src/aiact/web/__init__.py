"""The inventory web app and REST API (``aiact serve``): FastAPI, server-rendered Jinja2 pages.

The app keeps no state in its process: sessions, rate limits and uploads are in the database,
so several processes behind a load balancer can share one PostgreSQL (docs/web.md).
"""

from aiact.web.app import create_app

__all__ = ["create_app"]
