"""The HTTP API over a newsevents database (FastAPI): every route calls one library function.

`create_app(db_path, token=...)` builds the app; `newsevents serve` runs it on 127.0.0.1 with uvicorn.
Write routes need the API token (`Authorization: Bearer …`); reads need the read token when one is set
(either token reads). Each request opens its own connection in the thread that runs it (SQLite in WAL mode,
so the CLI can write while the server reads); articles are processed one request at a time. Bodies are
capped while they are read (chunked ones too); only the Host names given are served (DNS rebinding);
alerts are delivered by a background worker, never inside a request.
"""

from __future__ import annotations

import hmac
import html
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as FastPath
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from starlette.background import BackgroundTask
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import NewsEventsError
from ..export import FORMATS, export_events
from ..options import Options
from ..store import Store
from ..store.queries import MAX_ID

MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_ARTICLES_PER_REQUEST = 200
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
ALERT_INTERVAL = 5.0  # seconds between the delivery worker's rounds
T = TypeVar("T")


def create_app(
    db_path: str,
    *,
    token: str | None = None,
    read_token: str | None = None,
    max_body: int = MAX_BODY_BYTES,
    options: Options | None = None,
    allowed_hosts: tuple[str, ...] | list[str] = LOCAL_HOSTS,
    deliver_alerts_every: float | None = ALERT_INTERVAL,
) -> FastAPI:
    """The API app for the database at `db_path`. Without `token`, write routes answer 403.

    `allowed_hosts`: the Host names served (`*` for any); `deliver_alerts_every`: seconds between rounds of
    the background alert delivery (None: no worker).
    """
    stop_worker = threading.Event()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        worker = None
        if deliver_alerts_every:
            worker = threading.Thread(
                target=_deliver_forever, args=(db_path, deliver_alerts_every, stop_worker), daemon=True
            )
            worker.start()
        yield
        stop_worker.set()
        if worker is not None:
            worker.join(timeout=10)

    app = FastAPI(
        title="newsevents",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        description="Political event data from news: events, actors, quotes, dyads, search, export.",
    )
    options = options or Options()
    processing = threading.Lock()  # one request processes articles at a time (the model is shared)
    app.add_middleware(_BodyLimit, max_body=max_body)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))  # outermost: checked first

    def require_write(request: Request) -> None:
        if not token:
            raise HTTPException(403, "Writing is off: start the server with an API token (NEWSEVENTS_API_TOKEN).")
        if not _same(_bearer(request), token):
            raise HTTPException(401, "A valid API token is needed: send 'Authorization: Bearer <token>'.")

    def require_read(request: Request) -> None:
        if read_token and not (_same(_bearer(request), read_token) or _same(_bearer(request), token)):
            raise HTTPException(401, "This server needs a read token: send 'Authorization: Bearer <token>'.")

    @app.exception_handler(NewsEventsError)
    async def clear_errors(request: Request, error: NewsEventsError):
        return JSONResponse({"detail": str(error), "code": error.code}, status_code=400)

    @app.post("/articles", dependencies=[Depends(require_write)])
    def post_articles(body: dict[str, Any] | list[Any]) -> dict[str, Any]:
        """Process and store one article (`{"text" or "html", "url"?, "published"?, "title"?, "id"?}`) or a list."""
        from ..ingest import ingest_articles

        items = body if isinstance(body, list) else body.get("articles", [body])
        if not isinstance(items, list) or not items or len(items) > MAX_ARTICLES_PER_REQUEST:
            raise HTTPException(422, f"Send between 1 and {MAX_ARTICLES_PER_REQUEST} articles, as a list.")
        if not all(isinstance(item, dict) for item in items):
            raise HTTPException(422, "Each article must be a JSON object with 'text' or 'html'.")
        summaries: list[dict[str, Any]] = []

        def summarise(r: dict[str, Any]) -> None:
            summaries.append(
                {
                    "id": r.get("id"),
                    "error": r.get("error"),
                    "error_code": r.get("error_code"),
                    "events": len(r.get("events", [])),
                    "quotes": len(r.get("quotes", [])),
                }
            )

        # The same path as `newsevents ingest`: the store's dictionaries and furniture, then alerts queued.
        with processing, Store(db_path) as db:
            report = ingest_articles(items, db, workers=1, options=options, on_record=summarise)
        return {"added": report.added, "duplicates": report.duplicates, "records": summaries}

    @app.get("/events", dependencies=[Depends(require_read)])
    def get_events(
        actor: str | None = None,
        source: str | None = None,
        target: str | None = None,
        dyad_a: str | None = None,
        dyad_b: str | None = None,
        type: str | None = None,
        status: str | None = None,
        sector: str | None = None,
        quad: int | None = Query(None, ge=1, le=4),
        text: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = Query(50, ge=1, le=1000),
        cursor: int | None = Query(None, ge=0, le=MAX_ID),
    ) -> dict[str, Any]:
        """Events newest first; pass `next_cursor` back as `cursor` for the next page. `dyad_a` and `dyad_b` give
        the events between the two (either direction, or acting together); `source` and `target` one direction."""
        if (dyad_a is None) != (dyad_b is None):
            raise HTTPException(422, "Give both dyad_a and dyad_b, or neither.")
        dyad = (dyad_a, dyad_b) if dyad_a and dyad_b else None
        rows = read(
            lambda db: db.query_events(
                actor=actor,
                source=source,
                target=target,
                dyad=dyad,
                type=type,
                status=status,
                sector=sector,
                quad=quad,
                text=text,
                since=since,
                until=until,
                limit=limit,
                before_id=cursor,
                order="newest",
            )
        )
        return {"events": rows, "next_cursor": rows[-1]["id"] if len(rows) == limit else None}

    @app.get("/actors", dependencies=[Depends(require_read)])
    def get_actors(
        name: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        limit: int = Query(100, ge=1, le=1000),
        cursor: str | None = None,
    ) -> dict[str, Any]:
        """Actors by name, with how many articles name them; `next_cursor` pages on."""
        rows = read(lambda db: db.list_actors(name=name, country=country, sector=sector, limit=limit, after=cursor))
        return {"actors": rows, "next_cursor": rows[-1]["name"] if len(rows) == limit else None}

    @app.get("/actors/{name}", dependencies=[Depends(require_read)])
    def get_actor(name: str) -> dict[str, Any]:
        """One actor's roles over time, partners and quotes."""
        return _found(read(lambda db: db.actor_profile(name)), f"No actor named {name!r}.")

    @app.get("/quotes", dependencies=[Depends(require_read)])
    def get_quotes(
        speaker: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        kind: str | None = None,
        text: str | None = None,
        limit: int = Query(50, ge=1, le=1000),
    ) -> dict[str, Any]:
        """Quotes by speaker (name or code prefix), the speaker's country and sector, kind and words."""
        return {
            "quotes": read(
                lambda db: db.query_quotes(
                    speaker=speaker, country=country, sector=sector, kind=kind, text=text, limit=limit
                )
            )
        }

    @app.get("/dyads/{a}/{b}/series", dependencies=[Depends(require_read)])
    def get_series(a: str, b: str, interval: str = "month") -> dict[str, Any]:
        """Events of A acting on B per day, week, month or year, with their mean Goldstein score."""
        return {"a": a, "b": b, "interval": interval, "series": read(lambda db: db.dyad_series(a, b, interval))}

    @app.get("/articles/{article_id}", dependencies=[Depends(require_read)])
    def get_article(article_id: int = FastPath(ge=1, le=MAX_ID)) -> dict[str, Any]:
        """A stored article: clean text with every actor mention, event and quote span."""
        return _found(read(lambda db: db.article(article_id)), f"No article {article_id}.")

    @app.get("/search", dependencies=[Depends(require_read)])
    def get_search(q: str = Query(max_length=1000), limit: int = Query(20, ge=1, le=200)) -> dict[str, Any]:
        """Full-text search over the stored articles, with snippets."""
        return {"articles": read(lambda db: db.search(q, limit))}

    @app.get("/export", dependencies=[Depends(require_read)])
    def get_export(
        format: str = "csv",
        actor: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ):
        """All matching events as a file: csv, jsonl, parquet, plover (PLOVER JSON lines) or gdelt (TSV)."""
        if format not in FORMATS:
            raise HTTPException(422, f"Unknown format {format!r}: use one of {', '.join(FORMATS)}.")
        suffix = {"plover": "jsonl", "gdelt": "tsv"}.get(format, format)
        folder = tempfile.mkdtemp(prefix="newsevents-export-")
        path = Path(folder) / f"events.{suffix}"
        try:
            read(lambda db: export_events(db, path, format, actor=actor, type=type, since=since, until=until))
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        # The file is removed once sent (or once sending failed).
        return FileResponse(path, filename=path.name, background=BackgroundTask(shutil.rmtree, folder, True))

    def read(query: Callable[[Store], T]) -> T:
        """Run a query on a connection opened and closed in the thread that runs the request."""
        with Store(db_path) as db:
            return query(db)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The API described from its OpenAPI schema, on a page with no outside scripts (works offline)."""
        return HTMLResponse(_docs_page(app.openapi()))

    return app


class _BodyLimit:
    """ASGI middleware refusing bodies over `max_body` bytes: by Content-Length at once, else by counting as
    the body arrives (a chunked body states no length). The body is read before the route runs, so the
    route never sees a partial one."""

    def __init__(self, app, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length and (not length.isdigit() or int(length) > self.max_body):
            return await self._refuse(scope, send)
        messages, seen = [], 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                return await self._refuse(scope, send)
            if not message.get("more_body"):
                break

        async def replay():
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope, send) -> None:
        response = JSONResponse({"detail": f"Request body over {self.max_body:,} bytes."}, status_code=413)
        await response(scope, None, send)


def _deliver_forever(db_path: str, every: float, stop: threading.Event) -> None:
    """The API's alert worker: delivers what is due from the outbox, in its own thread and connection."""
    from ..alerts import deliver_alerts

    while not stop.wait(every):
        try:
            with Store(db_path) as store:
                deliver_alerts(store, budget=every * 4)
        except Exception as e:  # a failing round is retried in the next one; the outbox keeps every alert
            logging.getLogger(__name__).warning("alert delivery round failed: %s: %s", type(e).__name__, e)


def _same(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison of a presented token with the expected one."""
    return bool(given and expected) and hmac.compare_digest(given.encode(), expected.encode())  # type: ignore[union-attr]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("x-api-token")


def _found(value: Any, message: str) -> Any:
    if value is None:
        raise HTTPException(404, message)
    return value


def _docs_page(schema: dict[str, Any]) -> str:
    rows = []
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            params = ", ".join(p["name"] for p in spec.get("parameters", []))
            rows.append(
                f"<tr><td><b>{method.upper()}</b></td><td><code>{html.escape(path)}</code></td>"
                f"<td>{html.escape(spec.get('description') or spec.get('summary') or '')}</td>"
                f"<td>{html.escape(params)}</td></tr>"
            )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>newsevents API</title>"
        f"<style>body{{font-family:sans-serif;margin:2em}}td{{padding:4px 10px;vertical-align:top}}</style>"
        f"</head><body><h1>newsevents API {html.escape(schema['info']['version'])}</h1>"
        f"<p>The full schema is at <a href='/openapi.json'>/openapi.json</a>. Write routes need "
        f"<code>Authorization: Bearer &lt;token&gt;</code>.</p><table>{''.join(rows)}</table></body></html>"
    )


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the API with uvicorn until stopped (127.0.0.1 unless a host is given)."""
    import uvicorn

    hosts = os.environ.get("NEWSEVENTS_ALLOWED_HOSTS")
    app = create_app(
        db_path,
        token=token or os.environ.get("NEWSEVENTS_API_TOKEN"),
        read_token=os.environ.get("NEWSEVENTS_READ_TOKEN"),
        allowed_hosts=hosts.split(",") if hosts else (LOCAL_HOSTS if host in LOCAL_HOSTS else ("*",)),
    )
    # Keep-alive outlasts a client pool's idle time, so a reused connection is not closed under a request.
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=75)
