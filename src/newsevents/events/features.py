"""Stage 6, events: the candidates the learned coder judges, and what it sees of each.

A candidate is a predicate that may report an event: a verb, or a noun that is an event word of the lexicon or
of the CAMEO verb dictionary ("talks", "attack", "sanctions"). Its features are strings (the model's weights
are keyed by them): the predicate and its particles, objects and prepositions, the verb governing it, negation
and modals, the status the modality rules give, the lexicon's own proposal, the CAMEO dictionary's types for
the word and for its object, and the kinds and sectors of the actors in its subject and object. The same
function serves training (`tools/train_events.py`) and coding, so both see the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..model import Actor
from ..tables import read_table
from .modality import event_status
from .participants import OBJECT_DEPS, SUBJECT_DEPS, direct_quote_spans

NOUN_DEPS_SKIPPED = ("compound",)


@lru_cache(maxsize=1)
def cameo_priors() -> tuple[dict[str, frozenset[str]], dict[tuple[str, str], frozenset[str]]]:
    """PLOVER types the CAMEO verb dictionary gives a verb alone, and a verb with an object word."""
    alone: dict[str, set[str]] = defaultdict(set)
    with_object: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in read_table("cameo_verbs"):
        if row["object"]:
            with_object[(row["lemma"], row["object"])].add(row["plover"])
        else:
            alone[row["lemma"]].add(row["plover"])
    return (
        {k: frozenset(v) for k, v in alone.items()},
        {k: frozenset(v) for k, v in with_object.items()},
    )


@lru_cache(maxsize=1)
def event_nouns() -> frozenset[str]:
    """Nouns that can name an event: the event-noun lexicon, and verbs of the CAMEO dictionary used as nouns."""
    nouns = {row["noun"] for row in read_table("event_nouns")}
    alone, _ = cameo_priors()
    return frozenset(nouns | {word for word in alone if " " not in word})


# Noun endings that make a noun of a verb: "endorsement" → endorse, "allegation" → allege, "insistence" → insist.
NOMINAL_ENDINGS = (
    ("ations", "ate"), ("ation", "ate"), ("ation", "e"), ("ation", ""), ("ition", "ite"), ("tions", "te"),
    ("tion", "te"), ("ion", "e"), ("ion", ""), ("ments", ""), ("ment", ""), ("ence", ""), ("ance", ""),
    ("als", ""), ("al", ""), ("al", "e"), ("sion", "de"), ("sion", "t"), ("suit", "sue"), ("ure", "e"),
)  # fmt: skip


@lru_cache(maxsize=4096)
def verb_of_noun(noun: str) -> str | None:
    """The CAMEO-dictionary verb a noun is made of, or the noun itself when it is one ("attack")."""
    alone, _ = cameo_priors()
    if noun in alone:
        return noun
    for ending, replacement in NOMINAL_ENDINGS:
        if noun.endswith(ending) and len(noun) - len(ending) >= 3:
            verb = noun[: len(noun) - len(ending)] + replacement
            if verb in alone:
                return verb
    return None


def is_candidate(token: Token) -> bool:
    """True for a verb, or an event noun, that may report an event."""
    if token.pos_ == "VERB":
        return token.dep_ not in ("aux", "auxpass", "amod")
    if token.pos_ == "NOUN" and token.dep_ not in NOUN_DEPS_SKIPPED:
        if token.i in (token.doc._.actor_of or {}):
            return False  # "the government", "the department", "protesters" are actors, not events
        word = token.lemma_.lower()
        return token.lower_ in event_nouns() or word in event_nouns() or verb_of_noun(word) is not None
    return False


def candidates(doc: Doc) -> list[Token]:
    """The candidate predicates of a Doc, in text order."""
    return [token for token in doc if is_candidate(token)]


def _actor_of(token: Token, actor_of: dict[int, int], actors: list[Actor]) -> Actor | None:
    for t in [token, *(c for c in token.children if c.dep_ in ("compound", "amod", "poss", "nmod"))]:
        if t.i in actor_of:
            return actors[actor_of[t.i]]
    return None


def _actor_features(prefix: str, tokens: list[Token], actors: list[Actor], actor_of: dict[int, int]) -> list[str]:
    found = []
    for token in tokens:
        actor = _actor_of(token, actor_of, actors)
        if actor is not None:
            found.append(f"{prefix}:actor")
            found.append(f"{prefix}:kind={actor.kind}")
            if actor.sector:
                found.append(f"{prefix}:sector={actor.sector}")
        elif token.lower_ in ("he", "she", "they", "we", "i", "it"):
            found.append(f"{prefix}:pronoun")
        else:
            found.append(f"{prefix}:noun={token.lemma_.lower()}")
    return found or [f"{prefix}:none"]


def features(
    token: Token, actors: list[Actor], actor_of: dict[int, int], quoted: frozenset[int] = frozenset(), rule: str = ""
) -> list[str]:
    """The feature strings of one candidate (see the module docstring). `quoted`: token indices inside direct
    quotes; `rule`: the type the lexicon rules propose for it ("" when none)."""
    lemma = token.lemma_.lower()
    out = [f"lemma={lemma}", f"pos={token.pos_}", f"dep={token.dep_}", f"tag={token.tag_}", "bias"]
    alone, with_object = cameo_priors()
    if token.pos_ != "VERB":
        verb = verb_of_noun(lemma)
        if verb and verb != lemma:
            out.append(f"nominal_of={verb}")
            lemma_for_prior = verb
        else:
            lemma_for_prior = lemma
    else:
        lemma_for_prior = lemma
    for kind in alone.get(lemma_for_prior, ()):
        out.append(f"cameo={kind}")
    if lemma_for_prior not in alone:
        out.append("cameo:none")
    children = list(token.children)
    objects = []
    for child in children:
        dep = child.dep_
        if dep in ("prt", "prep", "agent"):
            out.append(f"lemma+{dep}={lemma}_{child.lower_}")
            out.append(f"{dep}={child.lower_}")
            objects.extend(c for c in child.children if c.dep_ == "pobj")
        elif dep in OBJECT_DEPS or dep in ("attr", "oprd"):
            out.append(f"lemma+obj={lemma}_{child.lemma_.lower()}")
            out.append(f"obj={child.lemma_.lower()}")
            objects.append(child)
        elif dep == "neg":
            out.append("neg")
        elif dep in ("aux", "auxpass") and child.tag_ == "MD":
            out.append(f"modal={child.lower_}")
        elif dep == "auxpass":
            out.append("passive")
        elif dep in ("xcomp", "ccomp"):
            out.append(f"has_{dep}")
        elif dep == "amod" and token.pos_ == "NOUN":
            out.append(f"amod={child.lemma_.lower()}")
        elif dep == "compound" and token.pos_ == "NOUN":
            out.append(f"compound={child.lemma_.lower()}")
    for obj in objects:
        for kind in with_object.get((lemma_for_prior, obj.lemma_.lower()), ()):
            out.append(f"cameo+obj={kind}")
    head = token.head
    if head.i != token.i:
        out.append(f"head={head.lemma_.lower()}")
        out.append(f"head+dep={head.lemma_.lower()}_{token.dep_}")
        if head.dep_ in ("xcomp", "ccomp") and head.head.i != head.i:
            out.append(f"head2={head.head.lemma_.lower()}")
        if token.dep_ in OBJECT_DEPS and head.pos_ == "VERB":  # a noun: what the verb does with it
            out.append(f"verb+noun={head.lemma_.lower()}_{lemma}")
    else:
        out.append("root")
    out.append(f"status={event_status(token)}")
    if rule:
        out.append(f"rule={rule}")
    else:
        out.append("rule:none")
    subjects = [c for c in children if c.dep_ in SUBJECT_DEPS]
    if not subjects and token.dep_ in ("xcomp", "conj") and head.pos_ == "VERB":
        subjects = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
    if token.pos_ == "NOUN":
        subjects = [c for c in children if c.dep_ == "poss"] + subjects
    out += _actor_features("subj", subjects, actors, actor_of)
    out += _actor_features("obj", objects, actors, actor_of)
    if token.i in quoted:
        out.append("in_quote")
    sent = token.sent
    if not any(i in actor_of for i in range(sent.start, sent.end)):
        out.append("sent:no_actor")
    for offset in (-1, 1):
        j = token.i + offset
        if sent.start <= j < sent.end:
            out.append(f"w{offset:+d}={token.doc[j].lower_}")
    return out


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of tokens inside the Doc's direct quotes."""
    return frozenset(i for _, span in direct_quote_spans(doc) for i in range(span.start, span.end))


def has_evidence(feats: list[str], known: frozenset[str]) -> bool:
    """True when something beyond the parse says the predicate can report an event: the lexicon proposes a
    type, the CAMEO dictionary knows the word (or the verb a noun is made of), or the word triggered an event
    in the training data (`known`). Only such candidates are judged; "France painted the fence" is not."""
    if "rule:none" not in feats or "cameo:none" not in feats:
        return True
    lemma = next((f[6:] for f in feats if f.startswith("lemma=")), "")
    return lemma in known
