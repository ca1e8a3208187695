"""The HTTP API over a newsevents database (FastAPI): every route calls one library function.

`create_app(db_path, token=...)` builds the app; `newsevents serve` runs it on 127.0.0.1 with uvicorn.
Write routes need the API token (`Authorization: Bearer …`); reads need the read token when one is set.
Each request opens its own connection (SQLite in WAL mode, so the CLI can write while the server reads).
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from . import __version__
from .errors import NewsEventsError
from .export import FORMATS, export_events
from .options import Options
from .pipeline import ingest_articles
from .store import Store

MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_ARTICLES_PER_REQUEST = 200


def create_app(
    db_path: str,
    *,
    token: str | None = None,
    read_token: str | None = None,
    max_body: int = MAX_BODY_BYTES,
    options: Options | None = None,
) -> FastAPI:
    """The API app for the database at `db_path`. Without `token`, write routes answer 403."""
    app = FastAPI(
        title="newsevents",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        description="Political event data from news: events, actors, quotes, dyads, search, export.",
    )
    options = options or Options()

    def store():
        with Store(db_path) as opened:
            yield opened

    def require_write(request: Request) -> None:
        if not token:
            raise HTTPException(403, "Writing is off: start the server with an API token (NEWSEVENTS_API_TOKEN).")
        if _bearer(request) != token:
            raise HTTPException(401, "A valid API token is needed: send 'Authorization: Bearer <token>'.")

    def require_read(request: Request) -> None:
        if read_token and _bearer(request) not in (read_token, token):
            raise HTTPException(401, "This server needs a read token: send 'Authorization: Bearer <token>'.")

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_body:
            return JSONResponse({"detail": f"Request body over {max_body:,} bytes."}, status_code=413)
        return await call_next(request)

    @app.exception_handler(NewsEventsError)
    async def clear_errors(request: Request, error: NewsEventsError):
        return JSONResponse({"detail": str(error)}, status_code=400)

    @app.post("/articles", dependencies=[Depends(require_write)])
    def post_articles(body: dict[str, Any] | list[dict[str, Any]], db: Store = Depends(store)) -> dict[str, Any]:
        """Process and store one article (`{"text" or "html", "url"?, "published"?, "title"?, "id"?}`) or a list."""
        items = body if isinstance(body, list) else body.get("articles", [body])
        if not items or len(items) > MAX_ARTICLES_PER_REQUEST:
            raise HTTPException(422, f"Send between 1 and {MAX_ARTICLES_PER_REQUEST} articles.")
        summaries: list[dict[str, Any]] = []

        def summarise(r: dict[str, Any]) -> None:
            summaries.append(
                {
                    "id": r.get("id"),
                    "error": r.get("error"),
                    "events": len(r.get("events", [])),
                    "quotes": len(r.get("quotes", [])),
                }
            )

        # The same path as `newsevents ingest`: the store's dictionaries and furniture, then alerts.
        report = ingest_articles(items, db, workers=1, options=options, on_record=summarise)
        return {"added": report.added, "duplicates": report.duplicates, "records": summaries}

    @app.get("/events", dependencies=[Depends(require_read)])
    def get_events(
        actor: str | None = None,
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
        cursor: int | None = None,
        db: Store = Depends(store),
    ) -> dict[str, Any]:
        """Events newest first; pass `next_cursor` back as `cursor` for the next page."""
        if (dyad_a is None) != (dyad_b is None):
            raise HTTPException(422, "Give both dyad_a and dyad_b, or neither.")
        dyad = (dyad_a, dyad_b) if dyad_a and dyad_b else None
        rows = db.query_events(
            actor=actor,
            dyad=dyad,
            type=type,
            status=status,
            sector=sector,
            quad=quad,
            text=text,
            since=since,
            until=until,
            limit=limit,
            before=cursor if cursor is not None else 2**62,
        )
        return {"events": rows, "next_cursor": rows[-1]["id"] if len(rows) == limit else None}

    @app.get("/actors", dependencies=[Depends(require_read)])
    def get_actors(
        name: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        limit: int = Query(100, ge=1, le=1000),
        cursor: str | None = None,
        db: Store = Depends(store),
    ) -> dict[str, Any]:
        """Actors by name, with how many articles name them; `next_cursor` pages on."""
        rows = db.list_actors(name=name, country=country, sector=sector, limit=limit, after=cursor)
        return {"actors": rows, "next_cursor": rows[-1]["name"] if len(rows) == limit else None}

    @app.get("/actors/{name}", dependencies=[Depends(require_read)])
    def get_actor(name: str, db: Store = Depends(store)) -> dict[str, Any]:
        """One actor's roles over time, partners and quotes."""
        return _found(db.actor_profile(name), f"No actor named {name!r}.")

    @app.get("/quotes", dependencies=[Depends(require_read)])
    def get_quotes(
        speaker: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        kind: str | None = None,
        text: str | None = None,
        limit: int = Query(50, ge=1, le=1000),
        db: Store = Depends(store),
    ) -> dict[str, Any]:
        """Quotes by speaker (name or code prefix), the speaker's country and sector, kind and words."""
        return {
            "quotes": db.query_quotes(
                speaker=speaker, country=country, sector=sector, kind=kind, text=text, limit=limit
            )
        }

    @app.get("/dyads/{a}/{b}/series", dependencies=[Depends(require_read)])
    def get_series(a: str, b: str, interval: str = "month", db: Store = Depends(store)) -> dict[str, Any]:
        """Events of A acting on B per day, week, month or year, with their mean Goldstein score."""
        return {"a": a, "b": b, "interval": interval, "series": db.dyad_series(a, b, interval)}

    @app.get("/articles/{article_id}", dependencies=[Depends(require_read)])
    def get_article(article_id: int, db: Store = Depends(store)) -> dict[str, Any]:
        """A stored article: clean text with every actor mention, event and quote span."""
        return _found(db.article(article_id), f"No article {article_id}.")

    @app.get("/search", dependencies=[Depends(require_read)])
    def get_search(q: str, limit: int = Query(20, ge=1, le=200), db: Store = Depends(store)) -> dict[str, Any]:
        """Full-text search over the stored articles, with snippets."""
        return {"articles": db.search(q, limit)}

    @app.get("/export", dependencies=[Depends(require_read)])
    def get_export(
        format: str = "csv",
        actor: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        db: Store = Depends(store),
    ):
        """All matching events as a file: csv, jsonl, parquet, plover (PLOVER JSON lines) or gdelt (TSV)."""
        if format not in FORMATS:
            raise HTTPException(422, f"Unknown format {format!r}: use one of {', '.join(FORMATS)}.")
        suffix = {"plover": "jsonl", "gdelt": "tsv"}.get(format, format)
        path = Path(tempfile.mkdtemp()) / f"events.{suffix}"
        export_events(db, path, format, actor=actor, type=type, since=since, until=until)
        return FileResponse(path, filename=path.name)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The API described from its OpenAPI schema, on a page with no outside scripts (works offline)."""
        return HTMLResponse(_docs_page(app.openapi()))

    return app


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

    app = create_app(
        db_path,
        token=token or os.environ.get("NEWSEVENTS_API_TOKEN"),
        read_token=os.environ.get("NEWSEVENTS_READ_TOKEN"),
    )
    uvicorn.run(app, host=host, port=port, log_level="info")
