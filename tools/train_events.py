"""Train the event models: `make train` → src/newsevents/data/event_types.npz and event_roles.npz.

    python tools/train_events.py [--cv] [--out PATH] [--no-plv]

Training data, each candidate predicate labelled with a PLOVER type or NONE:
- training/labels/*.jsonl: the team's stand-off labels on PolNeAR train articles and VOA stories (texts read
  from ../shared, never copied). In a document marked done, every unlabelled candidate is NONE, except the
  complements of a labelled event ("agreed to lift": only "agreed" is the event).
- training/examples/*.jsonl: sentences the team wrote itself, one labelled trigger each.
- ../shared/train/plv/plv.tsv: wire-news sentences with a PLOVER type and marked source and target; the
  trigger is the predicate that governs both. YIELD is split into RETREAT or CONCEDE by the CAMEO dictionary.

The leakage guard refuses any document or sentence of the evaluation sets (everything under ../shared/eval
except the PolNeAR train texts): a sentence sharing an 8-word window with an evaluation text is dropped, and
the count is printed. `--cv` prints 5-fold cross-validation (folds by document) before training on all.
scikit-learn is needed here only; the pipeline reads the weights with numpy.
"""

from __future__ import annotations

import argparse
import csv
import glob
import gzip
import html
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from check_labels import document_text  # noqa: E402

from newsevents.events.features import candidates, features, has_evidence, quoted_tokens  # noqa: E402
from newsevents.events.participants import coding_actor_map  # noqa: E402
from newsevents.events.roles import mentions, quote_speakers, role_features  # noqa: E402
from newsevents.nlp import load_pipeline  # noqa: E402
from newsevents.options import PipelineConfig  # noqa: E402

OUT = ROOT / "src/newsevents/data/event_types.npz"
ROLES_OUT = ROOT / "src/newsevents/data/event_roles.npz"
ROLE_EXAMPLES: list[Example] = []  # (trigger, actor mention) pairs: source / target / none; build_examples refills it
WINDOW = 8
REPORTING = {"say", "tell", "add", "note", "write", "state", "announce", "report", "claim", "insist"}
CONTENT_DEPS = ("xcomp", "ccomp", "advcl", "dobj", "pobj", "prep", "acl")


@dataclass
class Example:
    features: list[str]
    label: str
    group: str  # document or sentence: cross-validation folds never split one
    source: str  # labels | examples | plv


# ---------------------------------------------------------------- leakage guard


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", html.unescape(text).lower())


def _windows(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + WINDOW]) for i in range(max(len(words) - WINDOW + 1, 0))}


def _strings(value) -> list[str]:
    """Every string inside a parsed JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _evaluation_texts(path: Path) -> list[str]:
    """The texts of one evaluation file: gzip opened, JSON and JSON lines parsed, HTML tags stripped."""
    opener = gzip.open if path.suffix == ".gz" else open
    name = path.name[:-3] if path.suffix == ".gz" else path.name
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        raw = f.read()
    if name.endswith(".json"):
        texts = _strings(json.loads(raw))
    elif name.endswith(".jsonl"):
        texts = [s for line in raw.splitlines() if line.strip() for s in _strings(json.loads(line))]
    else:
        texts = [raw]
    if name.endswith((".html", ".htm")):
        texts = [re.sub(r"<[^>]+>", " ", t) for t in texts]
    return texts


def evaluation_windows(shared: Path = SHARED) -> set[tuple[str, ...]]:
    """8-word windows of every evaluation text under ../shared/eval (PolNeAR train texts excepted)."""
    windows: set[tuple[str, ...]] = set()
    for path in sorted((shared / "eval").rglob("*")):
        if not path.is_file() or "polnear/train" in path.as_posix() or path.suffix == ".py":
            continue
        if path.name.startswith("LICENSE") or path.suffix in (".md", ".tsv"):
            continue
        for text in _evaluation_texts(path):
            windows |= _windows(text)
    return windows


def leaks(text: str, windows: set[tuple[str, ...]]) -> bool:
    """True when the text shares an 8-word window with an evaluation text (texts under 8 words pass: too short
    to tell a quotation from a common phrase)."""
    words = _words(text)
    if len(words) < WINDOW:
        return False
    return not _windows(text).isdisjoint(windows)


def check_reference(ref: str) -> None:
    """Refuse labels on any evaluation document."""
    if ref.startswith("eval/") and not ref.startswith("eval/polnear/train/"):
        raise SystemExit(f"refused: {ref} is an evaluation document; only PolNeAR train texts may be labelled")


# ---------------------------------------------------------------- parsing


class Parser:
    """The newsevents pipeline up to quotes (actors resolved), on raw text so label offsets hold."""

    def __init__(self) -> None:
        self.nlp = load_pipeline(PipelineConfig(coder="rules"))
        self.stages = [(n, p) for n, p in self.nlp.pipeline if n != "newsevents_events"]
        coder = self.nlp.get_pipe("newsevents_events")
        self.lookup = coder.lookup

    def __call__(self, text: str, published: str | None = None):
        doc = self.nlp.make_doc(text)
        doc._.published = published
        for _, proc in self.stages:
            doc = proc(doc)
        return doc

    def rule(self, token) -> str:
        entry, _ = self.lookup(token)
        return entry.type if entry else ""

    def features(self, doc, token, quoted) -> list[str]:
        actors = doc._.actors or []
        return features(token, actors, coding_actor_map(doc, actors), quoted, self.rule(token))


def add_roles(doc, token, kind: str, sources: list, targets: list, group: str, origin: str) -> None:
    """Role examples for a labelled trigger: each actor mention of its sentence is source, target or none by
    overlap with the labelled spans (character offsets)."""
    actors = doc._.actors or []
    actor_of = coding_actor_map(doc, actors)
    speakers = quote_speakers(doc).get(token.sent.start, set())

    def inside(t, spans) -> bool:
        return any(s <= t.idx < e for s, e in spans)

    for head, index in mentions(token, actor_of):
        members = [t for t in token.sent if actor_of.get(t.i) == index]
        label = (
            "source"
            if any(inside(t, sources) for t in members if abs(t.i - head.i) < 6)
            else "target"
            if any(inside(t, targets) for t in members if abs(t.i - head.i) < 6)
            else "none"
        )
        actor = actors[index]
        feats = role_features(token, head, actor, kind, actor.name in speakers)
        ROLE_EXAMPLES.append(Example(feats, label, group, origin))


def _published(ref: str) -> str | None:
    m = re.search(r"_(\d{4}-\d{2}-\d{2})_", ref)
    return m.group(1) if m else None


def _is_content(token, labelled: set[int]) -> bool:
    """A complement of a labelled event within two steps ("agreed to lift", "refused the request to meet")."""
    node = token
    for _ in range(3):
        if node.dep_ not in CONTENT_DEPS or node.head.i == node.i:
            return False
        node = node.head
        if node.i in labelled:
            return True
    return False


def read_labels(paths: list[str]) -> tuple[dict[str, list[dict]], set[str]]:
    """Label rows by document, and the documents marked done, from stand-off label files (refusing any label on
    an evaluation document)."""
    rows_by_doc: dict[str, list[dict]] = {}
    done: set[str] = set()
    for name in paths:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            check_reference(row["file"])
            if row.get("done"):
                done.add(row["file"])
            else:
                rows_by_doc.setdefault(row["file"], []).append(row)
    return rows_by_doc, done


def trigger_token(row: dict, cands: list):
    """The candidate a label's trigger offsets fall on, or None."""
    start, end = row["trigger"]
    return next((t for t in cands if t.idx < end and start < t.idx + len(t)), None)


def from_labels(parser: Parser, windows, stats: Counter) -> list[Example]:
    rows_by_doc, done = read_labels(sorted(glob.glob(str(ROOT / "training/labels/*.jsonl"))))
    out = []
    for ref in sorted(set(rows_by_doc) | done):
        text = document_text(ref)
        if ref.startswith("train/voa") and leaks(text, windows):
            stats["refused documents"] += 1  # a story sharing any 8-word window with evaluation text is dropped
            continue
        doc = parser(text, _published(ref))
        quoted = quoted_tokens(doc)
        cands = candidates(doc)
        by_token = {}
        for row in rows_by_doc.get(ref, []):
            hit = trigger_token(row, cands)
            if hit is None:
                stats["labels without a candidate"] += 1
                continue
            by_token[hit.i] = row["type"]
            stats["labels matched"] += 1
            add_roles(doc, hit, row["type"], row.get("source") or [], row.get("target") or [], ref, "labels")
        for token in cands:
            if token.i in by_token:
                label = by_token[token.i]
            elif ref in done and not _is_content(token, set(by_token)):
                label = "NONE"
            else:
                continue
            out.append(Example(parser.features(doc, token, quoted), label, ref, "labels"))
    stats["labelled documents"] = len(set(rows_by_doc) | done)
    return out


def from_examples(parser: Parser, windows, stats: Counter) -> list[Example]:
    out = []
    for name in sorted(glob.glob(str(ROOT / "training/examples/*.jsonl"))):
        for n, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            row = json.loads(line)
            text, trigger = row["text"], row.get("trigger") or ""
            if leaks(text, windows):
                stats["refused sentences"] += 1
                continue
            start = text.find(trigger)
            if start < 0:
                continue
            doc = parser(text)
            token = next((t for t in doc if t.idx <= start < t.idx + len(t)), None)
            if token is None or token not in candidates(doc):
                stats["examples without a candidate"] += 1
                continue
            label = row["type"]
            out.append(Example(parser.features(doc, token, quoted_tokens(doc)), label, f"{name}:{n}", "examples"))
    return out


def _unmark(marked: str) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
    text, spans, opened = "", {}, {}
    for piece in re.split(r"(</?[st]>)", marked):
        if piece in ("<s>", "<t>"):
            opened[piece[1]] = len(text)
        elif piece in ("</s>", "</t>"):
            spans[piece[2]] = (opened.get(piece[2], len(text)), len(text))
        else:
            text += piece
    return text, spans.get("s"), spans.get("t")


def _head_in(doc, span):
    if span is None:
        return None
    s = doc.char_span(span[0], span[1], alignment_mode="expand")
    return s.root if s is not None and len(s) else None


def plv_trigger(doc, source_span, target_span):
    """The predicate that reports the event between the marked source and target: the deepest candidate
    governing both (below a reporting verb when the deepest is one), else the nearest governing the target."""
    cands = {t.i for t in candidates(doc)}
    s, t = _head_in(doc, source_span), _head_in(doc, target_span)
    if t is None:
        return None
    above_t = [a for a in t.ancestors if a.i in cands]
    if s is not None:
        above_s = {s.i} | {a.i for a in s.ancestors}
        both = [a for a in above_t if a.i in above_s]
        if both and both[0].lemma_ not in REPORTING:
            return both[0]
    return above_t[0] if above_t else None


def from_plv(parser: Parser, windows, stats: Counter) -> list[Example]:
    path = SHARED / "train/plv/plv.tsv"
    if not path.exists():
        print(f"skipped PLV: {path} not found")
        return []
    out = []
    seen = set()
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            text, source, target = _unmark(row["marked_sentence"])
            key = (text, row["gold_root"])
            if key in seen:
                continue
            seen.add(key)
            if leaks(text, windows):
                stats["refused sentences"] += 1
                continue
            doc = parser(text)
            token = plv_trigger(doc, source, target)
            if token is None:
                stats["plv without trigger"] += 1
                continue
            label = row["gold_root"]
            feats = parser.features(doc, token, quoted_tokens(doc))
            if label == "YIELD":
                label = "RETREAT" if ("rule=RETREAT" in feats or "cameo=RETREAT" in feats) else "CONCEDE"
            add_roles(
                doc, token, label, [source] if source else [], [target] if target else [], "plv:" + text[:60], "plv"
            )
            out.append(Example(feats, label, "plv:" + text[:60], "plv"))
    return out


# ---------------------------------------------------------------- model


def fit(examples: list[Example], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(e.features, 1) for e in examples])
    y = [e.label for e in examples]
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, y)
    return vec, model


def out_of_fold(examples: list[Example], c: float, folds: int = 5):
    """Class probabilities of every example from a model that did not see its fold (folds by document or
    sentence group), the class names, and the examples in the order of the rows."""
    import hashlib

    import numpy as np

    def fold(group: str) -> int:
        return int(hashlib.sha256(group.encode()).hexdigest(), 16) % folds

    rows, held_out, classes = [], [], []
    for k in range(folds):
        train = [e for e in examples if fold(e.group) != k]
        test = [e for e in examples if fold(e.group) == k]
        vec, model = fit(train, c)
        classes = list(model.classes_)
        rows.append(model.predict_proba(vec.transform([dict.fromkeys(e.features, 1) for e in test])))
        held_out += test
    return np.vstack(rows), classes, held_out


def _scores(gold: list[str], pred: list[str]) -> dict:
    tp = sum(1 for a, b in zip(gold, pred, strict=True) if a == b and a != "NONE")
    n_pred = sum(1 for b in pred if b != "NONE")
    n_gold = sum(1 for a in gold if a != "NONE")
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"n": len(gold), "events": n_gold, "type_precision": prec, "type_recall": rec, "type_f1": f1}


def decide(probs, classes: list[str], threshold: float) -> list[str]:
    """The coder's decision rule (learned.TypeModel.predict): the most probable type other than NONE when its
    probability reaches the threshold, else NONE."""
    none = classes.index("NONE")
    masked = probs.copy()
    masked[:, none] = -1
    best = masked.argmax(axis=1)
    return [(classes[b] if row[b] >= threshold else "NONE") for row, b in zip(probs, best, strict=True)]


def cross_validate(examples: list[Example], c: float, folds: int = 5) -> tuple[dict, float]:
    """Candidate-level figures over folds by document (type precision, recall, F1 of events against NONE), and
    the type-probability threshold that maximises F1 on the labelled real-news documents of the held-out folds."""
    import numpy as np

    probs, classes, held_out = out_of_fold(examples, c, folds)
    gold = [e.label for e in held_out]
    origin = [e.source for e in held_out]
    real = [i for i, o in enumerate(origin) if o == "labels"]
    best_t, best_f1 = 0.5, -1.0
    for t in np.arange(0.1, 0.81, 0.05):
        f1 = _scores([gold[i] for i in real], decide(probs[real], classes, t))["type_f1"]
        if f1 > best_f1:
            best_t, best_f1 = float(round(t, 2)), f1
    pred = decide(probs, classes, best_t)
    report = {}
    for name in ("labels", "examples", "plv", "all"):
        idx = [i for i, o in enumerate(origin) if name in (o, "all")]
        report[name] = _scores([gold[i] for i in idx], [pred[i] for i in idx])
    return report, best_t


def known_lemmas(examples: list[Example]) -> frozenset[str]:
    """Words that triggered an event somewhere in the training data."""
    return frozenset(f[6:] for e in examples if e.label != "NONE" for f in e.features if f.startswith("lemma="))


def with_evidence(examples: list[Example]) -> list[Example]:
    """The candidates the coder judges (features.has_evidence): a NONE without any lexical evidence is never
    shown to the model, as it never is at coding time."""
    known = known_lemmas(examples)
    return [e for e in examples if e.label != "NONE" or has_evidence(e.features, known)]


def save(vec, model, path: Path, prune: bool = True, **extra) -> None:
    """Write a fitted model as learned.LinearModel reads it; `prune` leaves out features whose weights are all
    near zero; `extra`: thresholds and vocabularies, as arrays."""
    import numpy as np

    names = np.array(vec.get_feature_names_out(), dtype=str)
    coef = model.coef_.astype(np.float32)
    keep = np.abs(coef).max(axis=0) > 1e-4 if prune else np.ones(len(names), dtype=bool)
    np.savez_compressed(
        path,
        classes=np.array(model.classes_, dtype=str),
        features=np.array("\n".join(names[keep])),
        coef=coef[:, keep],
        intercept=model.intercept_.astype(np.float32),
        **extra,
    )


def train_roles(c: float = 1.0, path: Path = ROLES_OUT) -> None:
    """Fit the role model on ROLE_EXAMPLES; thresholds for source and target from 5-fold cross-validation."""
    import numpy as np

    examples = ROLE_EXAMPLES
    if not examples:
        print("roles: no examples")
        return

    probs, classes, held_out = out_of_fold(examples, c)
    gold = [e.label for e in held_out]
    thresholds = {}
    for role in ("source", "target"):
        column = classes.index(role)
        best = (0.0, 0.5, 0.0, 0.0)
        for t in np.arange(0.2, 0.81, 0.05):
            pred = probs[:, column] >= t
            truth = np.array([g == role for g in gold])
            tp = int((pred & truth).sum())
            p = tp / max(int(pred.sum()), 1)
            r = tp / max(int(truth.sum()), 1)
            f = 2 * p * r / (p + r) if p + r else 0.0
            if f > best[0]:
                best = (f, float(round(t, 2)), p, r)
        thresholds[role] = best[1]
        print(f"roles cv {role}: threshold {best[1]} P={best[2]:.3f} R={best[3]:.3f} F1={best[0]:.3f}")
    counts = Counter(e.label for e in examples)
    print(f"roles: {len(examples)} pairs {dict(counts)}")
    vec, model = fit(examples, c)
    save(
        vec,
        model,
        path,
        prune=False,
        source_threshold=np.float32(thresholds["source"]),
        target_threshold=np.float32(thresholds["target"]),
    )
    print(f"wrote {path}")


def build_examples(plv: bool = True) -> list[Example]:
    """Every training candidate with its label (leakage guard applied), as the coder will judge them."""
    ROLE_EXAMPLES.clear()
    windows = evaluation_windows()
    parser = Parser()
    stats: Counter = Counter()
    examples = from_labels(parser, windows, stats) + from_examples(parser, windows, stats)
    if plv:
        examples += from_plv(parser, windows, stats)
    examples = with_evidence(examples)
    print(f"{len(examples)} candidates from {dict(Counter(e.source for e in examples))}; {dict(stats)}")
    print("labels:", dict(sorted(Counter(e.label for e in examples).items())))
    return examples


def report_cv(examples: list[Example], c: float = 1.0) -> float:
    """Print the 5-fold cross-validation figures; return the threshold it chose."""
    report, threshold = cross_validate(examples, c)
    print(f"cv: type threshold {threshold} (best F1 on the held-out folds of the labelled news documents)")
    for name, r in report.items():
        print(
            f"cv {name:9s} n={r['n']:5d} events={r['events']:5d} type P={r['type_precision']:.3f} "
            f"R={r['type_recall']:.3f} F1={r['type_f1']:.3f}"
        )
    return threshold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true", help="print 5-fold cross-validation first (and take its threshold)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    ap.add_argument("--threshold", type=float, default=0.25, help="type probability threshold without --cv")
    ap.add_argument("--no-plv", action="store_true", help="leave out the PLV wire-news sentences")
    args = ap.parse_args(argv)
    if not (SHARED / "eval").exists():
        print(f"skipped: {SHARED} not found (training reads ../shared/train and labels on ../shared texts)")
        return 0
    import numpy as np

    t0 = time.time()
    examples = build_examples(plv=not args.no_plv)
    threshold = report_cv(examples, args.c) if args.cv else args.threshold
    vec, model = fit(examples, args.c)
    save(
        vec,
        model,
        Path(args.out),
        threshold=np.float32(threshold),
        known=np.array("\n".join(sorted(known_lemmas(examples)))),
    )
    if args.out == str(OUT):
        train_roles(args.c)
    print(f"wrote {args.out} in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
