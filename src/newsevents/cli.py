"""The newsevents command line: a thin layer over the library (each command calls one function).

Query commands import no parser or model: only the commands that process articles load spaCy.
"""

from __future__ import annotations

import csv
import json
import signal
import sys
import time
from datetime import date
from pathlib import Path

import click

from . import __version__
from .errors import NewsEventsError
from .export import FORMATS
from .store import Store, default_db_path
from .tables import read_table

DEFAULT_LIMIT = 100  # rows a query command prints unless told otherwise
ALERT_SECONDS = 30  # how long an ingest spends delivering the alerts it fired, after storing everything


def _published(ctx, param, value: str | None) -> str | None:
    from .dates import published_date

    day = published_date(value)
    if value is not None and day is None:
        raise click.BadParameter(f"{value!r} is not a date between 1850 and 2150 (use YYYY-MM-DD).")
    return day


def _check_type(ctx, param, value: str | tuple[str, ...] | None):
    """An option's PLOVER type(s), upper-cased; a clear error for one that does not exist."""
    if value is None or isinstance(value, tuple):
        return value if value is None else tuple(_check_type(ctx, param, one) for one in value)
    types = sorted(row["type"] for row in read_table("plover_types"))
    if value.upper() not in types:
        raise click.BadParameter(f"{value!r} is not a PLOVER type: use one of {', '.join(types)}.")
    return value.upper()


def _check_date(ctx, param, value: str | None) -> str | None:
    """An option's YYYY-MM-DD, YYYY-MM or YYYY date; a clear error otherwise."""
    if value is None:
        return None
    padded = value + "-01" * (2 - value.count("-")) if len(value) in (4, 7) else value
    try:
        date.fromisoformat(padded)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY.") from None
    return value


db_option = click.option(
    "--db", default=default_db_path, show_default="$NEWSEVENTS_DB or ./newsevents.db", help="The SQLite database file."
)
dyad_option = click.option(
    "--dyad",
    nargs=2,
    metavar="A B",
    help="Events between A and B: A on B, B on A, or both acting together (codes, countries or names).",
)
workers_option = click.option(
    "--workers", type=int, default=None, help="Worker processes (default: one per core; 1 runs in this process)."
)


class _Main(click.Group):
    """The one place library errors become CLI errors: the message with its stable code, exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NewsEventsError as e:
            raise click.ClickException(f"{e} [{e.code}]") from e
        except KeyboardInterrupt:
            raise click.ClickException(
                "Stopped at once: the batch in flight was rolled back. Run the same command again to resume."
            ) from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsevents")
def main() -> None:
    """Turn raw news into political event data: who did what to whom, when, and who said what."""


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True)
@click.argument("paths", nargs=-1, required=True)
def clean(fmt: str, paths: tuple[str, ...]) -> None:
    """Print the article body of each PATH (.html/.htm/.txt, optionally .gz, or - for stdin)."""
    from .pipeline import clean_paths

    read = 0
    for result in clean_paths(paths):
        read += 0 if result.get("error") else 1
        if result.get("error"):
            click.echo(f"newsevents: {result['path']}: {result['error']}", err=True)
        if fmt == "text":
            click.echo(result["text"] + "\n")
        else:
            click.echo(json.dumps(result, ensure_ascii=False, indent=2 if fmt == "json" else None))
    sys.exit(0 if read else 1)


@main.command()
@click.option(
    "--published", callback=_published, help="Published date (YYYY-MM-DD) for inputs that do not state their own."
)
@click.option("--url", help="URL for inputs that do not state one.")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option(
    "--kb",
    "knowledge",
    type=click.Path(exists=True, dir_okay=False),
    help="A database whose imported dictionaries (newsevents kb import) help resolve actors.",
)
@workers_option
@click.argument("paths", nargs=-1, required=True)
def process(
    published: str | None, url: str | None, fmt: str, knowledge: str | None, workers: int | None, paths: tuple[str, ...]
) -> None:
    """Print one JSON record per article: clean text, actors, events and quotes (see interface.md)."""
    from .pipeline import process_paths

    read = 0
    resources = None
    if knowledge:
        with _open_store(knowledge, must_exist=True) as store:
            resources = store.resources()
    records = process_paths(paths, published=published, url=url, workers=workers, resources=resources)
    for record in records:
        read += 0 if record.get("error") else 1
        click.echo(json.dumps(record, ensure_ascii=False))
    sys.exit(0 if read else 1)


@main.command(name="ingest")
@db_option
@click.option(
    "--published", callback=_published, help="Published date (YYYY-MM-DD) for inputs that do not state their own."
)
@workers_option
@click.argument("paths", nargs=-1, required=True)
def ingest_command(db: str, published: str | None, workers: int | None, paths: tuple[str, ...]) -> None:
    """Process files, folders, globs, .jsonl and .gz inputs into the database (idempotent: run it again to
    resume after a stop; stored articles are skipped, articles stored as errors are retried).

    Ctrl-C (or SIGTERM) stops after the batch in flight is stored; a second Ctrl-C stops at once, and
    the unfinished batch is rolled back.
    """
    from .alerts import deliver_alerts
    from .ingest import ingest

    with _open_store(db) as store, _graceful_stop() as stopping:
        report = ingest(paths, store, published=published, workers=workers, progress=True, should_stop=stopping)
        delivered, failed = deliver_alerts(store, budget=ALERT_SECONDS) if report.alerts else (0, 0)
    click.echo(
        f"{report.read} articles read: {report.added} added, {report.duplicates} already stored, "
        f"{report.errors} with errors; {report.events} events. Database: {db}"
    )
    if report.alerts:
        click.echo(f"{report.alerts} alerts fired: {delivered} delivered, {failed} failed (retried later)")
    if report.stopped:
        click.echo("Stopped on request after storing the batch in flight. Run the same command again to resume.")
        sys.exit(130)


@main.command()
@db_option
@click.option("--since", callback=_check_date, help="Only articles ingested on or after this date (YYYY-MM-DD).")
@click.option("--where", "where", type=click.Choice(["all", "errors"]), default="all", show_default=True)
@click.option("--url", "url_like", help="Only articles whose URL contains this.")
@workers_option
def reprocess(db: str, since: str | None, where: str, url_like: str | None, workers: int | None) -> None:
    """Re-code stored articles with the current coder and knowledge, keeping their ids (one transaction per
    batch: an interrupted run leaves every article either old or new)."""
    from .ingest import reprocess as reprocess_store

    with _open_store(db, must_exist=True) as store, _graceful_stop() as stopping:
        report = reprocess_store(
            store,
            since=since,
            errors_only=where == "errors",
            url_like=url_like,
            workers=workers,
            progress=True,
            should_stop=stopping,
        )
    click.echo(f"{report.read} articles re-coded: {report.errors} with errors; {report.events} events. Database: {db}")
    if report.stopped:
        click.echo("Stopped on request; the articles not yet re-coded keep their earlier codes.")
        sys.exit(130)


@main.group()
def kb() -> None:
    """The knowledge base of actors: dictionaries imported into the database."""


@kb.command(name="import")
@db_option
@click.argument("paths", nargs=-1, required=True)
def kb_import(db: str, paths: tuple[str, ...]) -> None:
    """Import Phoenix/PETRARCH actor files and CountryInfo (files or folders) into the database.

    Later `ingest` runs with this database, and `process --kb DB`, use their dated entries.
    """
    from .ingest import import_dictionaries

    start = time.perf_counter()
    with _open_store(db) as store:
        added = import_dictionaries(paths, store)
        total = store.knowledge_count()
    for path, count in added.items():
        click.echo(f"{path}: {count} entries added")
    click.echo(f"{total} entries in the knowledge base of {db} ({time.perf_counter() - start:.1f} s)")


@main.command()
@db_option
@click.option("--actor", help="Actor code prefix (USA, USAGOV), country code, or part of a name.")
@dyad_option
@click.option("--type", "event_type", callback=_check_type, help="PLOVER event type (CONSULT, SANCTION, ...).")
@click.option("--status", type=click.Choice(["occurred", "planned", "hypothetical", "negated"]))
@click.option("--sector", help="An actor sector taking part (GOV, MIL, REB, ...).")
@click.option("--quad", type=click.IntRange(1, 4), help="Quad class: 1 verbal cooperation ... 4 material conflict.")
@click.option("--text", help="Words the event's sentence contains.")
@click.option("--since", callback=_check_date, help="Earliest event date (YYYY-MM-DD, inclusive).")
@click.option("--until", callback=_check_date, help="Latest event date (YYYY-MM-DD, inclusive).")
@click.option(
    "--limit", type=click.IntRange(0), default=DEFAULT_LIMIT, show_default=True, help="At most this many (0: all)."
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def events(db: str, actor, dyad, event_type, status, sector, quad, text, since, until, limit, fmt: str) -> None:
    """Query the stored events, newest first."""
    with _open_store(db, must_exist=True) as store:
        rows = store.query_events(
            actor=actor,
            dyad=dyad,
            type=event_type,
            status=status,
            sector=sector,
            quad=quad,
            text=text,
            since=since,
            until=until,
            limit=limit or None,
        )
    columns = ["date", "type", "source", "target", "status", "cameo", "goldstein", "title"]
    table = [
        [
            row["date"] or "",
            row["type"],
            _codes(row["source"]),
            _codes(row["target"]),
            row["status"],
            row["cameo"],
            row["goldstein"],
            row["title"] or "",
        ]
        for row in rows
    ]
    _emit(rows, columns, table, fmt, "events", limit)


@main.command()
@db_option
@click.option("--speaker", help="Part of the speaker's name, or a code prefix (USAGOV).")
@click.option("--country", help="The speaker's country (ISO alpha-3).")
@click.option("--sector", help="The speaker's sector (GOV, MIL, ...).")
@click.option("--kind", type=click.Choice(["direct", "indirect"]))
@click.option("--text", help="Words the quote contains.")
@click.option(
    "--limit", type=click.IntRange(0), default=DEFAULT_LIMIT, show_default=True, help="At most this many (0: all)."
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def quotes(db: str, speaker, country, sector, kind, text, limit, fmt: str) -> None:
    """Query the stored quotes: who said what."""
    with _open_store(db, must_exist=True) as store:
        rows = store.query_quotes(
            speaker=speaker, country=country, sector=sector, kind=kind, text=text, limit=limit or None
        )
    columns = ["published", "speaker", "code", "kind", "cue", "quote"]
    table = [
        [r["published"] or "", r["speaker_name"] or "-", r["speaker_code"] or "-", r["kind"], r["cue"] or "", r["text"]]
        for r in rows
    ]
    _emit(rows, columns, table, fmt, "quotes", limit)


@main.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    required=True,
    help="csv, jsonl, parquet, plover (PLOVER JSON lines) or gdelt (GDELT 2.0 events TSV).",
)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The file to write.")
@click.option("--actor", help="Only events with this actor (code prefix, country or name).")
@dyad_option
@click.option("--type", "event_type", callback=_check_type, help="Only this PLOVER type.")
@click.option("--since", callback=_check_date, help="Earliest event date (YYYY-MM-DD).")
@click.option("--until", callback=_check_date, help="Latest event date (YYYY-MM-DD).")
def export(db: str, fmt: str, out: str, actor, dyad, event_type, since, until) -> None:
    """Export stored events to a file that pandas, polars, R and GDELT tools read."""
    from .export import export_events

    with _open_store(db, must_exist=True) as store:
        count = export_events(store, out, fmt, actor=actor, dyad=dyad, type=event_type, since=since, until=until)
    click.echo(f"{count} events written to {out} ({fmt})")


@main.command()
@db_option
@click.option("--limit", type=int, default=20, show_default=True)
@click.argument("query")
def search(db: str, limit: int, query: str) -> None:
    """Full-text search over the stored articles (words, "exact phrases", OR, NEAR)."""
    with _open_store(db, must_exist=True) as store:
        rows = store.search(query, limit)
    for row in rows:
        click.echo(
            f"{row['published'] or '':<10}  {row['title'] or row['url'] or row['id']}\n            {row['snippet']}"
        )
    click.echo(f"{len(rows)} articles", err=True)


@main.group()
def alerts() -> None:
    """Saved alert rules, checked on every ingest and delivered to a webhook, a JSONL file or the console."""


@alerts.command(name="add")
@db_option
@click.option("--name", required=True, help="A name for the rule.")
@click.option("--to", "target", required=True, help="An http(s) webhook URL, a JSONL file path, or 'console'.")
@click.option("--actor", help="An actor taking part (code prefix, country or name).")
@dyad_option
@click.option(
    "--type", "types", callback=_check_type, multiple=True, help="PLOVER types (repeat the option for several)."
)
@click.option("--quad", type=click.IntRange(1, 4), help="Quad class 1-4.")
@click.option("--goldstein-below", type=float, help="Only events scoring below this (conflict).")
@click.option("--keyword", "keywords", multiple=True, help="Words the event's sentence contains (any).")
@click.option("--status", type=click.Choice(["occurred", "planned", "hypothetical", "negated"]))
def alerts_add(db, name, target, actor, dyad, types, quad, goldstein_below, keywords, status) -> None:
    """Save a rule: e.g. --name arms --dyad IND RUS --type AGREE --type COOPERATE --to alerts.jsonl"""
    from .alerts import add_rule

    with _open_store(db) as store:
        rule_id = add_rule(
            store,
            name,
            target,
            actor=actor,
            dyad=list(dyad) if dyad else None,
            types=list(types),
            quad=quad,
            goldstein_below=goldstein_below,
            keywords=list(keywords),
            status=status,
        )
    click.echo(f"alert rule {rule_id} saved: {name} → {target}")


@alerts.command(name="list")
@db_option
def alerts_list(db) -> None:
    """The saved rules, with how many alerts each fired and how many wait for delivery."""
    from .alerts import list_rules

    with _open_store(db, must_exist=True) as store:
        for rule in list_rules(store):
            click.echo(
                f"{rule['id']:>3}  {rule['name']:<20} → {rule['target']:<30} fired {rule['fired']}, "
                f"waiting {rule['waiting']}  {json.dumps(rule['rule'])}"
            )


@alerts.command(name="remove")
@db_option
@click.argument("rule_id", type=int)
def alerts_remove(db, rule_id: int) -> None:
    """Delete a rule (and its undelivered alerts)."""
    from .alerts import remove_rule

    with _open_store(db, must_exist=True) as store:
        if not remove_rule(store, rule_id):
            raise click.ClickException(f"No alert rule {rule_id}: 'newsevents alerts list' shows the rules.")
    click.echo(f"alert rule {rule_id} removed")


@alerts.command(name="test")
@db_option
@click.argument("rule_id", type=int)
def alerts_test(db, rule_id: int) -> None:
    """Show the stored events a rule matches, without sending anything."""
    from .alerts import try_rule

    with _open_store(db, must_exist=True) as store:
        events = try_rule(store, rule_id)
    for event in events:
        click.echo(
            f"{event['date'] or '':<10}  {event['type']:<9} {_codes(event['source'])} → "
            f"{_codes(event['target'])}  {event['sentence'][:80]}"
        )
    click.echo(f"{len(events)} matching events", err=True)


@alerts.command(name="deliver")
@db_option
def alerts_deliver(db) -> None:
    """Send every alert waiting in the outbox now, those whose delivery failed before included."""
    from .alerts import deliver_alerts

    with _open_store(db, must_exist=True) as store:
        delivered, failed = deliver_alerts(store, retry_now=True)
    click.echo(f"{delivered} delivered, {failed} still waiting")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", envvar="NEWSEVENTS_API_TOKEN", help="API token for write routes (or $NEWSEVENTS_API_TOKEN).")
def serve(db: str, host: str, port: int, token: str | None) -> None:
    """Serve the HTTP API over the database (docs at /docs, schema at /openapi.json)."""
    from .web.api import serve as serve_api

    serve_api(db, host=host, port=port, token=token)


@main.command()
@db_option
def summary(db: str) -> None:
    """Print what the database holds: articles, events by type, top dyads, a few quotes."""
    with _open_store(db, must_exist=True) as store:
        facts = store.summary()
    click.echo(
        f"{facts['articles']} articles ({facts['errors']} unreadable), {facts['actors']} actors, "
        f"{facts['events']} events, {facts['quotes']} quotes"
    )
    click.echo("\nEvents by type:")
    for event_type, count in facts["events_by_type"].items():
        click.echo(f"  {event_type:<10} {count:>5}")
    click.echo("\nTop dyads (source → target):")
    for a, b, count in facts["top_dyads"]:
        click.echo(f"  {a} → {b}  {count}")
    click.echo("\nQuotes:")
    for quote in facts["quotes_sample"]:
        click.echo(f"  {quote['speaker_name']} ({quote['speaker_code']}): “{quote['text']}”")


def _codes(refs: list[dict]) -> str:
    return "+".join(ref["code"] or ref["name"] for ref in refs) or "-"


def _emit(rows: list[dict], columns: list[str], table: list[list], fmt: str, noun: str, limit: int = 0) -> None:
    """Print query results as JSON (the full rows), CSV or an aligned table with a count on stderr."""
    if limit and len(rows) == limit:
        click.echo(f"(the first {limit} {noun}; --limit N for more, --limit 0 for all)", err=True)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(table)
    else:
        _print_table(columns, table)
        click.echo(f"{len(rows)} {noun}", err=True)


def _print_table(columns: list[str], table: list[list]) -> None:
    widths = [min(40, max([len(c)] + [len(str(r[i])) for r in table])) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in table:
        click.echo("  ".join(str(v)[:w].ljust(w) for v, w in zip(row, widths, strict=True)))


def _open_store(db: str, must_exist: bool = False) -> Store:
    """The store at `db`; for a command that only reads, a missing file is an error (not a new empty store)."""
    if must_exist and db != ":memory:" and not Path(db).is_file():
        raise click.ClickException(f"No database at {db}: check --db (or $NEWSEVENTS_DB), or ingest articles first.")
    return Store(db)


class _graceful_stop:  # noqa: N801 (used as a context manager, like a function)
    """While active, the first Ctrl-C or SIGTERM asks the run to stop after the batch in flight (the object
    is then true when called); a second one stops at once."""

    def __init__(self) -> None:
        self.requested = False
        self.previous: dict[int, object] = {}

    def __call__(self) -> bool:
        return self.requested

    def _handle(self, signum, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        click.echo("\nStopping after the batch in flight is stored (Ctrl-C again to stop at once) ...", err=True)

    def __enter__(self) -> _graceful_stop:
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                self.previous[signum] = signal.signal(signum, self._handle)
            except ValueError:  # not the main thread: no signal handling
                pass
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)


if __name__ == "__main__":
    main()
