"""Stage 6, events: the learned role model, for events whose participants the parse rules do not find.

Per (trigger, actor mention in its sentence): source, target or none, from the dependency path between them,
their order and distance, the trigger's voice, the preposition on the path, the mention's kind, whether the
mention speaks the quote the trigger sits in, and the event type. A logistic regression over these feature
strings (`data/event_roles.npz`, written by `make train` with the type model) gives the probabilities; the
coder takes the best source and the best other target above the thresholds cross-validation chose.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import islice
from pathlib import Path

from spacy.tokens import Token

from ..model import Actor
from ..tables import DATA_DIR
from .learned import LinearModel
from .participants import direct_quote_spans

WEIGHTS = DATA_DIR / "event_roles.npz"
MAX_PATH = 4


def mentions(trigger: Token, actor_of: dict[int, int]) -> list[tuple[Token, int]]:
    """The actor mentions of the trigger's sentence: (the mention's head token, actor index), one per run of
    tokens of the same actor."""
    sent = trigger.sent
    found: list[tuple[Token, int]] = []
    run: list[Token] = []
    for token in sent:
        index = actor_of.get(token.i)
        if run and (index is None or index != actor_of[run[-1].i]):
            found.append((_head(run), actor_of[run[-1].i]))
            run = []
        if index is not None and token.i != trigger.i:
            run.append(token)
    if run:
        found.append((_head(run), actor_of[run[-1].i]))
    return found


def quote_speakers(doc) -> dict[int, set[str]]:
    """Sentence start → names of the speakers of the direct quotes overlapping that sentence."""
    out: dict[int, set[str]] = {}
    for quote, span in direct_quote_spans(doc):
        if quote.speaker is not None:
            for start in {t.sent.start for t in span}:
                out.setdefault(start, set()).add(quote.speaker.name)
    return out


def _head(run: list[Token]) -> Token:
    members = {t.i for t in run}
    return next((t for t in run if t.head.i not in members), run[-1])


def _path(trigger: Token, mention: Token) -> str:
    """The dependency path from trigger to mention: up-steps from the mention to the lowest common ancestor,
    then down-steps to the trigger ("nsubj^", "dobj^", "pobj^prep^", "nsubj^>xcomp")."""
    up_chain = [mention, *islice(mention.ancestors, 11)]
    trigger_chain = [trigger, *islice(trigger.ancestors, 11)]
    trigger_ids = [t.i for t in trigger_chain]
    for steps, node in enumerate(up_chain):
        if node.i in trigger_ids:
            ups = [t.dep_ + "^" for t in up_chain[:steps]]
            downs = [">" + t.dep_ for t in reversed(trigger_chain[: trigger_ids.index(node.i)])]
            parts = ups + downs
            return "".join(parts[:MAX_PATH]) + ("+" if len(parts) > MAX_PATH else "")
    return "none"


def role_features(trigger: Token, mention: Token, actor: Actor, kind: str, speaker: bool) -> list[str]:
    """Feature strings of one (trigger, mention) pair; `kind` is the event type, `speaker` whether the mention's
    actor speaks the quote around the trigger."""
    path = _path(trigger, mention)
    distance = abs(trigger.i - mention.i)
    bucket = "1" if distance <= 1 else "2-3" if distance <= 3 else "4-7" if distance <= 7 else "8+"
    trigger_line = {t.i for t in trigger.ancestors} | {trigger.i}
    preps = []
    for t in mention.ancestors:  # the preposition on the path, below where it meets the trigger's line
        if t.i in trigger_line:
            break
        if t.dep_ in ("prep", "agent"):
            preps.append(t.lower_)
            break
    passive = any(c.dep_ == "auxpass" for c in trigger.children)
    out = [
        "bias",
        f"path={path}",
        f"path+type={path}|{kind}",
        f"order={'before' if mention.i < trigger.i else 'after'}",
        f"distance={bucket}",
        f"dep={mention.dep_}",
        f"dep+passive={mention.dep_}|{passive}",
        f"kind={actor.kind}",
        f"type={kind}",
        f"trigger_pos={trigger.pos_}",
    ]
    if preps:
        out.append(f"prep={preps[0]}")
        out.append(f"prep+type={preps[0]}|{kind}")
    if speaker:
        out.append("speaker")
    if mention.dep_ == "poss":
        out.append(f"poss_of_trigger={mention.head.i == trigger.i}")
    return out


class RoleModel(LinearModel):
    """Feature strings → probabilities of source, target and none."""

    def __init__(self, path: Path = WEIGHTS) -> None:
        super().__init__(path)

    def read_extra(self, data) -> None:
        self.thresholds = {"source": float(data["source_threshold"]), "target": float(data["target_threshold"])}

    def role_probabilities(self, features: list[str]) -> dict[str, float]:
        return dict(zip(self.classes, map(float, self.probabilities(features)), strict=True))


@lru_cache(maxsize=1)
def role_model() -> RoleModel | None:
    """The committed role model, or None when its weights are absent."""
    return RoleModel() if WEIGHTS.exists() else None
