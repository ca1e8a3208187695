"""Stage 6, events: who did what to whom, coded in PLOVER with CAMEO code, quad class and Goldstein score.

A spaCy component after the actor and quote components. For every verb or event noun found in the lexicon
(`data/event_verbs.tsv`, `data/event_nouns.tsv`) it reads the participants from the dependency parse,
maps them to actors, and sets the status (occurred, planned, hypothetical, negated) and the date.

Sets `doc._.events` (list of Event).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..dates import parse_published, resolve_date
from ..model import Actor, ActorRef, Event
from ..nlp.extensions import register_extensions
from ..tables import read_table
from .modality import as_intention, event_status, is_request_content, must_clause_speaker

register_extensions()

# Verbs whose object noun is the event they carry out: "launched an attack", "held talks", "signed a deal".
LIGHT_VERBS = {
    "launch",
    "hold",
    "conduct",
    "carry",
    "stage",
    "make",
    "sign",
    "reach",
    "complete",
    "begin",
    "start",
    "mount",
    "continue",
    "resume",
    "announce",
    "impose",
    "pay",
    "give",
    "provide",
    "open",
    "finalize",
    "undertake",
    "renew",
    "lodge",
    "organize",
    "organise",
    "issue",
    "order",
    "file",
    "reimpose",
}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
OBJECT_DEPS = ("dobj", "dative", "obj", "iobj")
# Prepositions whose object receives the action; "over" and "for" name topics and purposes instead.
TARGET_PREPS = ("with", "to", "against", "on", "from", "into", "toward", "towards", "at")


@dataclass(frozen=True)
class LexEntry:
    """One lexicon row: what a word codes as."""

    type: str
    cameo: str
    mode: str | None
    needs_target: bool


MUST_REQUEST = LexEntry("REQUEST", "100", None, False)
# Events whose content is another event, coded by them alone (PLOVER: "refused to meet" is one REJECT).
CONTENT_TYPES = {"REQUEST", "THREATEN", "AGREE", "REJECT"}


@dataclass(frozen=True)
class CodeInfo:
    """Facts of one CAMEO code and one PLOVER type."""

    goldstein: float
    context: str | None
    quad: int


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[
    dict[str, LexEntry], dict[str, LexEntry], dict[str, CodeInfo], dict[str, str], dict[str, bool]
]:
    """Verbs, nouns, CAMEO facts, context words and the types that require a recipient, from the data tables."""
    types = {row["type"]: row for row in read_table("plover_types")}
    verbs = {
        row["lemma"]: LexEntry(row["type"], row["cameo"], row["mode"] or None, row["needs_target"] == "yes")
        for row in read_table("event_verbs")
    }
    nouns = {
        row["noun"]: LexEntry(
            row["type"], row["cameo"], row["mode"] or None, types[row["type"]]["needs_target"] == "yes"
        )
        for row in read_table("event_nouns")
    }
    codes = {}
    for row in read_table("cameo"):
        if row["plover"] in types:
            codes[row["cameo"]] = CodeInfo(
                float(row["goldstein"]), row["context"] or None, int(types[row["plover"]]["quad"])
            )
    contexts = {row["word"]: row["context"] for row in read_table("contexts")}
    needs_target = {name: row["needs_target"] == "yes" for name, row in types.items()}
    return verbs, nouns, codes, contexts, needs_target


@Language.factory(
    "newsevents_events",
    default_config={"min_confidence": 0.0},
    requires=["doc._.actors", "doc._.actor_of", "doc._.quotes", "token.dep", "token.lemma"],  # and doc._.published
    assigns=["doc._.events"],
)
def make_event_coder(nlp: Language, name: str, min_confidence: float) -> EventCoder:
    """The event component; events below `min_confidence` are dropped."""
    return EventCoder(min_confidence)


class EventCoder:
    """Codes the events of a Doc whose actors are resolved (see the module docstring)."""

    def __init__(self, min_confidence: float = 0.0) -> None:
        self.verbs, self.nouns, self.codes, self.contexts, self.needs_target = load_lexicon()
        self.verb_words = {key.split()[0] for key in self.verbs}
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        published = parse_published(doc._.published)
        actors = doc._.actors or []
        actor_of = speakers_in_quotes(doc, actors, doc._.actor_of or {})
        events = []
        for token in doc:
            speaker = must_clause_speaker(token)
            if speaker is not None:  # "X said Y must …": X requests it of Y
                source = _refs([c for c in speaker.children if c.dep_ == "nsubj"], actors, actor_of)
                target = _refs([c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")], actors, actor_of)
                event = self.make_event(token, MUST_REQUEST, False, source, target, "occurred", published)
                if event is not None:
                    events.append(event)
                continue
            entry, nominal = self.lookup(token)
            if entry is None or is_request_content(token) or self.is_noun_content(token):
                continue
            event = self.code_event(token, entry, nominal, actors, actor_of, published)
            if event is not None and event.confidence >= self.min_confidence and not _is_aside(token, event):
                events.append(event)
        doc._.events = _drop_purposes(_drop_subsumed(events), doc)
        return doc

    def is_noun_content(self, token: Token) -> bool:
        """What a demand, threat, promise or refusal is about ("the government's refusal to accept …"): the
        noun's own event stands for it, as "refused to accept" does for a verb."""
        if token.dep_ != "acl" or token.head.pos_ != "NOUN":
            return False
        entry = self.nouns.get(token.head.lower_) or self.nouns.get(token.head.lemma_)
        return entry is not None and entry.type in CONTENT_TYPES

    def lookup(self, token: Token) -> tuple[LexEntry | None, bool]:
        """The lexicon entry of a verb (with its particle or preposition) or an event noun."""
        if token.pos_ == "VERB":
            if token.lemma_ == "call" and any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in token.children):
                return None, False  # "called COMCASA intrusive" describes, it does not phone
            lemma = _lemma(token, self.verb_words)
            for child in token.children:
                if child.dep_ in ("prt", "prep", "dobj") and f"{lemma} {child.lemma_.lower()}" in self.verbs:
                    return self.verbs[f"{lemma} {child.lemma_.lower()}"], False
            return self.verbs.get(lemma), False
        if token.pos_ == "NOUN" and token.dep_ != "compound" and any(t.pos_ in ("VERB", "AUX") for t in token.sent):
            if _is_background(token):
                return None, False
            head = token.head
            if token.dep_ == "dobj" and f"{_lemma(head, self.verb_words)} {token.lemma_.lower()}" in self.verbs:
                return None, False  # "cancelled a visit", "lodged a protest": the verb and its object are one event
            compounds = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
            for compound in compounds:  # "hunger strike", "air strike"
                key = f"{compound.lower_} {token.lower_}"
                if key in self.nouns:
                    return self.nouns[key], True
            entry = self.nouns.get(token.lower_) or self.nouns.get(token.lemma_)
            if entry is None:  # "a mediation effort", "peace talks": the compound carries the event
                entry = next(
                    (self.nouns[c.lower_] for c in compounds if c.pos_ == "NOUN" and c.lower_ in self.nouns), None
                )
            return entry, True
        return None, False

    def code_event(
        self, token: Token, entry: LexEntry, nominal: bool, actors: list[Actor], actor_of: dict[int, int], published
    ) -> Event | None:
        """One event for a trigger token, or None when it has no actor to attach to."""
        if nominal:
            source_tokens, target_tokens = _noun_participants(token)
        else:
            source_tokens, target_tokens = _verb_participants(token)
        source = _refs(source_tokens, actors, actor_of)
        target = _refs(target_tokens, actors, actor_of)
        carrier = _light_verb(token)
        if nominal and carrier is not None and not source:
            # "opened fraud investigations against X", "began a hunger strike": the verb carrying the noun
            # brings the participants.
            verb_sources, verb_targets = _verb_participants(carrier)
            if not verb_sources and carrier.lemma_ in GATHER_VERBS | STATE_VERBS:
                # "forces were engaged in ethnic cleansing": a state, not a passive; its subject acts
                verb_sources = [c for c in carrier.children if c.dep_ == "nsubjpass"]
                verb_targets = [t for t in verb_targets if t.i not in {v.i for v in verb_sources}]
            source = _refs(verb_sources, actors, actor_of)
            target += _refs([t for t in verb_targets if t.i != token.i], actors, actor_of)
        target = _without(target, source)
        if not target and source:
            # "agreed to provide aid for Romania", "denounced Serbia's suppression of …": the recipient
            # sits deeper in what the predicate governs.
            starts = [token] if carrier is None else [token, carrier]
            places = entry.type in PLACE_TARGET_TYPES
            target = _deep_recipients(starts, source, places, actors, actor_of)
        status = event_status(token)
        intention = as_intention(entry.type, status)
        if intention:  # PLOVER: promised cooperation is AGREE, planned or conditional conflict THREATEN
            entry = LexEntry(intention[0], intention[1], intention[2] or entry.mode, False)
        if (entry.needs_target or self.needs_target.get(entry.type, False)) and not target:
            return None
        return self.make_event(token, entry, nominal, source, target, status, published)

    def make_event(
        self,
        token: Token,
        entry: LexEntry,
        nominal: bool,
        source: list[ActorRef],
        target: list[ActorRef],
        status: str,
        published,
    ) -> Event | None:
        """The Event for a trigger with its participants, or None when it has no actor at all."""
        if not source and not target:
            return None
        sent = token.sent
        info = self.codes.get(entry.cameo) or self.codes.get(entry.cameo[:3]) or CodeInfo(0.0, None, 0)
        date_value, date_text, granularity = event_date(token, published, status)
        context = sorted(
            {c for c in [info.context] if c}
            | {self.contexts[t.lemma_.lower()] for t in sent if t.lemma_.lower() in self.contexts}
        )
        confidence = 0.45 + (0.2 if source else 0) + (0.2 if target else 0) - (0.15 if nominal else 0)
        return Event(
            type=entry.type,
            cameo=entry.cameo,
            quad=info.quad,
            goldstein=info.goldstein,
            source=source,
            target=target,
            status=status,
            sentence=sent.text.strip(),
            start=sent.start_char + len(sent.text) - len(sent.text.lstrip()),
            end=sent.start_char + len(sent.text.rstrip()),
            mode=entry.mode,
            context=context,
            date=date_value,
            date_text=date_text,
            date_granularity=granularity,
            trigger=token.text,
            confidence=round(min(confidence, 0.95), 2),
        )


FIRST_PERSON = {"we", "i", "us", "me", "our", "my", "ours"}


def speakers_in_quotes(doc: Doc, actors: list[Actor], actor_of: dict[int, int]) -> dict[int, int]:
    """The actor map with "we", "I", "our" inside each direct quote standing for its speaker."""
    if not doc._.quotes:
        return actor_of
    index_of = {actor.name: i for i, actor in enumerate(actors)}
    mapped = dict(actor_of)
    for quote in doc._.quotes:
        speaker = index_of.get(quote.speaker.name if quote.speaker else None) if quote.kind == "direct" else None
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand") if speaker is not None else None
        for token in span or ():
            if token.lower_ in FIRST_PERSON and token.i not in mapped:
                mapped[token.i] = speaker
    return mapped


def _verb_participants(verb: Token) -> tuple[list[Token], list[Token]]:
    """Source and target tokens of a verb: subject (inherited through control and conjunction),
    passive agent, objects and prepositional objects (also those of an object noun: "sanctions against X")."""
    sources: list[Token] = []
    targets: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            sources.append(child)
        elif child.dep_ == "nsubjpass":
            targets.append(child)
        elif child.dep_ == "agent":
            sources.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in OBJECT_DEPS and child.pos_ == "ADP":  # "sold … to India" parsed as a dative "to"
            targets.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in OBJECT_DEPS:
            targets.append(child)
            targets.extend(_prep_objects(child))
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
            targets.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("ccomp", "xcomp"):
            # "demanded that the US match …", "threatened to cut off electricity to X": the clause's
            # subject and its own recipients receive the demand or threat.
            targets.extend(c for c in child.children if c.dep_ in ("nsubj", "nsubjpass"))
            targets.extend(_verb_participants(child)[1])
    if not sources and any(c.dep_ == "auxpass" for c in verb.children):
        targets.extend(_inherited_subject(verb))  # "sanctions are scheduled to be re-imposed": they undergo it
    elif not sources:
        sources = _inherited_subject(verb)
    return sources, targets


def _inherited_subject(verb: Token) -> list[Token]:
    """The subject of a governing verb: "X is scheduled to meet", "X imposed ... and threatened", "countries that trade"."""
    current = verb
    for _ in range(4):
        if current.dep_ == "relcl":
            return [current.head]
        # A ccomp clause and a passive one have subjects of their own: nothing to inherit.
        if (
            current.dep_ == "acl"
            and current.head.pos_ == "NOUN"
            and any(c.dep_ == "poss" for c in current.head.children)
        ):
            return [c for c in current.head.children if c.dep_ == "poss"]  # "India's decision to buy": India buys
        if current.dep_ == "acomp" and current.head.i != current.i:
            current = current.head  # "X is willing to send", "X is prepared to impose": the subject of "is"
            subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return subjects
            continue
        if current.dep_ not in ("xcomp", "conj", "advcl") or current.head.i == current.i:
            return []
        if any(c.dep_ == "nsubjpass" for c in current.children):
            return []
        head = current.head
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if current.dep_ == "xcomp" and any(c.dep_ in OBJECT_DEPS for c in head.children):
            # "X urged Y to withdraw": the object of the governing verb acts.
            return [c for c in head.children if c.dep_ in OBJECT_DEPS]
        if subjects:
            return subjects
        current = head
    return []


STATE_VERBS = {"remain", "go", "put", "place", "stay", "be"}
GATHER_VERBS = {"converge", "gather", "assemble", "join", "participate", "take", "turn", "come", "march", "engage"}
GROUP_HEADS = {
    "thousands",
    "hundreds",
    "dozens",
    "scores",
    "millions",
    "members",
    "supporters",
    "groups",
    "group",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "one",
    "two",
    "several",
    "delegation",
    "leaders",
}
BACKGROUND_PREPS = {"since", "after", "before", "following", "during", "amid", "despite", "until", "ahead", "like"}


def _is_background(noun: Token) -> bool:
    """An event noun that only sets the scene ("since last month's invasion", "after the talks")."""
    return noun.dep_ == "pobj" and noun.head.lower_ in BACKGROUND_PREPS


def _noun_participants(noun: Token) -> tuple[list[Token], list[Token]]:
    """Participants of an event noun: possessor or `of`/`by` (source), `to`/`with`/`against`/`on` (target)."""
    sources = [
        c for c in noun.children if c.dep_ in ("poss", "compound", "amod") and c.pos_ in ("PROPN", "ADJ", "NOUN")
    ]
    targets: list[Token] = []
    for child in noun.children:
        if child.dep_ == "prep":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if child.lower_ in ("by", "of") and not sources:
                sources.extend(objects)
            elif child.lower_ in TARGET_PREPS or child.lower_ == "between":
                targets.extend(objects)
    return sources, targets


# Material actions whose recipient, when none is named, is the state where they happen ("evacuated the
# settlements in the Gaza Strip", "retook a village in western Cambodia"). Meetings are left out: where
# talks are held is not who receives them.
PLACE_TARGET_TYPES = {"AGREE", "CONCEDE", "RETREAT", "AID", "COOPERATE", "MOBILIZE", "COERCE", "ASSAULT", "SANCTION"}


# Dependencies a recipient can be reached through, below a trigger.
RECIPIENT_PATH_DEPS = {
    "dobj",
    "dative",
    "obj",
    "iobj",
    "pobj",
    "prep",
    "prt",
    "xcomp",
    "advcl",
    "acl",
    "pcomp",
    "compound",
    "poss",
    "amod",
    "npadvmod",
    "nmod",
    "appos",
    "attr",
    "oprd",
    "conj",
}
PLACE_PREPS = {"in", "at", "near", "inside", "throughout", "across"}
DEEP_LIMIT = 6


def _without(refs: list[ActorRef], others: list[ActorRef]) -> list[ActorRef]:
    """`refs` less the actors of `others` and repeats ("Greece … its imports": "its" is Greece itself)."""
    names = {ref.name for ref in others}
    kept = []
    for ref in refs:
        if ref.name not in names:
            names.add(ref.name)
            kept.append(ref)
    return kept


def _deep_recipients(
    starts: list[Token], source: list[ActorRef], places: bool, actors: list[Actor], actor_of: dict[int, int]
) -> list[ActorRef]:
    """The nearest actor below the trigger (breadth first, at most DEEP_LIMIT steps) that is not the source.
    Places ("in Tokyo") count only for material actions (`places`): where talks are held is not who
    receives them."""
    names = {ref.name for ref in source}
    states = {ref.country for ref in source if ref.country and ref.code == ref.country}
    frontier = [(start, False) for start in starts]
    seen = {start.i for start in starts}
    for _ in range(DEEP_LIMIT):
        found, following = [], []
        for token, in_place in frontier:
            for child in token.children:
                if child.i in seen or child.dep_ not in RECIPIENT_PATH_DEPS:
                    continue
                if child.dep_ == "prep" and child.lower_ in BACKGROUND_PREPS:
                    continue
                if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                    continue
                seen.add(child.i)
                place = in_place or (child.dep_ == "prep" and child.lower_ in PLACE_PREPS)
                index = _actor_index(child, actor_of)
                # "the US and India signed … in New Delhi": India's capital is India again
                fresh = index is not None and actors[index].name not in names and actors[index].country not in states
                if fresh and (places or not place):
                    found.append(child)
                following.append((child, place))
        if found:
            return _without(_refs(found[:1], actors, actor_of), source)
        frontier = following
    return []


def _light_verb(noun: Token) -> Token | None:
    """The verb whose object an event noun is, when that verb only carries it ("launched an attack")."""
    if noun.dep_ in OBJECT_DEPS and _lemma(noun.head, LIGHT_VERBS) in LIGHT_VERBS:
        return noun.head
    if noun.dep_ == "pobj" and noun.head.head.lemma_ in STATE_VERBS:  # "remained on alert", "went on strike"
        return noun.head.head
    if noun.dep_ == "pobj" and noun.head.lower_ in ("for", "in") and noun.head.head.lemma_ in GATHER_VERBS:
        return noun.head.head  # "converged for a rally", "took part in protests"
    return None


def _lemma(verb: Token, known: set[str] | frozenset[str]) -> str:
    """The verb's lemma, or the known verb its form comes from when the lemmatizer slipped ("staged" → "stag"
    instead of "stage")."""
    if verb.lemma_ in known:
        return verb.lemma_
    form = verb.lower_
    for cut, add in ((1, ""), (2, ""), (3, ""), (3, "e"), (3, "y")):
        if len(form) - cut > 2 and form[:-cut] + add in known and form.endswith(("s", "d", "ing", "ied")):
            return form[:-cut] + add
    return verb.lemma_


def _prep_objects(noun: Token) -> list[Token]:
    """Recipients attached to an object noun: "sanctions against X", "the withdrawal of X", "X's admission"."""
    found = [c for c in noun.children if c.dep_ == "poss"]
    for prep in noun.children:
        if prep.dep_ == "prep" and (prep.lower_ in TARGET_PREPS or prep.lower_ == "of"):
            found.extend(pobj for pobj in prep.children if pobj.dep_ == "pobj")
    return found


def _refs(tokens: list[Token], actors: list[Actor], actor_of: dict[int, int]) -> list[ActorRef]:
    """Actor refs for participant tokens, their conjuncts, and their modifiers ("Indian officials" → India)."""
    refs: list[ActorRef] = []
    seen: set[int] = set()
    for token in tokens:
        members = sorted({t for member in [token, *token.conjuncts] for t in _noun_phrase(member)}, key=lambda t: t.i)
        for member in members:
            index = _actor_index(member, actor_of)
            if index is None or index in seen:
                continue
            seen.add(index)
            refs.append(actors[index].ref(_mention_text(member, actors[index])))
    return refs


def _noun_phrase(token: Token) -> list[Token]:
    """The tokens of a participant's noun phrase, with conjuncts and appositions, but not its clauses or
    prepositional phrases (the parser often misattaches coordinated names, so the phrase is safer than its head)."""
    tokens = [token]
    for child in token.children:
        if child.dep_ in ("conj", "appos", "compound", "nmod", "poss", "amod", "cc", "det"):
            tokens.extend(_noun_phrase(child))
        elif (
            child.dep_ == "prep"
            and child.lower_ == "of"
            and (token.like_num or token.lower_ in GROUP_HEADS or token.tag_ == "NNS")
        ):
            # "Thousands of Nigerians", "supporters of the president": the group is who it is made of
            tokens.extend(t for pobj in child.children if pobj.dep_ == "pobj" for t in _noun_phrase(pobj))
    return tokens


def _actor_index(token: Token, actor_of: dict[int, int]) -> int | None:
    if token.i in actor_of:
        return actor_of[token.i]
    for child in token.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i in actor_of:
            return actor_of[child.i]
    return None


def _mention_text(token: Token, actor: Actor) -> str:
    for mention in actor.mentions:
        if mention.start <= token.idx < mention.end:
            return mention.text
    return token.text


def event_date(token: Token, published, status: str) -> tuple[str | None, str | None, str | None]:
    """(date, date_text, granularity): the nearest date in the trigger's clause, resolved against the
    published date; else the published date, marked with granularity "published"."""
    future = status in ("planned", "hypothetical")
    for span in _date_spans(token):
        resolved = resolve_date(span.text, published, future)
        if resolved:
            return resolved[0], span.text, resolved[1]
    if published:
        return published.isoformat(), None, "published"
    return None, None, None


def _sentence_dates(doc) -> dict[int, list[Span]]:
    """DATE entities by the start of their sentence, found once per Doc (reading `doc.ents` builds every
    entity span: per event, that made long articles quadratic)."""
    cached = doc.user_data.get("newsevents_dates")
    if cached is None:
        cached = {}
        for ent in doc.ents:
            if ent.label_ == "DATE":
                cached.setdefault(doc[ent.start].sent.start, []).append(ent)
        doc.user_data["newsevents_dates"] = cached
    return cached


def _date_spans(token: Token) -> list[Span]:
    """DATE entities in the trigger's subtree (nearest first), or the one a relative clause modifies."""
    dates = _sentence_dates(token.doc).get(token.sent.start, [])
    if not dates:
        return []
    subtree = {t.i for t in token.subtree}
    inside = [ent for ent in dates if ent.root.i in subtree and ent.root.i != token.i and _same_clause(ent.root, token)]
    inside.sort(key=lambda ent: _depth(ent.root, token))
    # "… next month, when Putin is scheduled to visit": the clause dates the event through its head noun.
    current = token
    for _ in range(4):
        if current.dep_ == "relcl":
            inside += [ent for ent in dates if ent.start <= current.head.i < ent.end]
            break
        if current.dep_ not in ("xcomp", "ccomp", "conj") or current.head.i == current.i:
            break
        current = current.head
    return inside


# Clauses that describe a noun ("a resolution that aims to …", "suspected of blowing up …"), where an event
# with no one doing it is background. (Measured: extending this to advcl, xcomp or ccomp loses more true events.)
SUBORDINATE_DEPS = ("relcl", "pcomp")
MATERIAL_TYPES = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE", "SANCTION"}


def _is_aside(token: Token, event: Event) -> bool:
    """An event in a subordinate clause with no one doing it ("a resolution that aims to tighten sanctions",
    "suspected of blowing up a plane") is background, not a coded event."""
    return not event.source and token.dep_ in SUBORDINATE_DEPS


def _drop_purposes(events: list[Event], doc: Doc) -> list[Event]:
    """A demand or protest that is the purpose of a material action ("began a hunger strike to protest …",
    "blocked roads demanding …") is part of that action: PLOVER codes the action."""
    kept = []
    for event in events:
        trigger = _trigger_token(doc, event)
        purpose = (
            trigger is not None and trigger.dep_ in ("advcl", "acl", "xcomp") and trigger.head.pos_ in ("VERB", "NOUN")
        )
        carrier = next(
            (
                e
                for e in events
                if e is not event
                and e.start == event.start
                and e.type in MATERIAL_TYPES
                and trigger is not None
                and e.trigger in (trigger.head.text, *(c.text for c in trigger.head.children))
            ),
            None,
        )
        if purpose and carrier is not None and event.type not in MATERIAL_TYPES | {"ASSAULT"}:
            continue
        kept.append(event)
    return kept


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.start, event.end, alignment_mode="expand")
    return next((t for t in span if t.text == event.trigger), None) if span is not None else None


def _drop_subsumed(events: list[Event]) -> list[Event]:
    """Within a sentence, drop an event of the same type whose participants another event already has
    ("imposed sanctions against Russia": one SANCTION, not one for the verb and one for the noun)."""

    def parties(event: Event) -> set:
        return {(r.name, "s") for r in event.source} | {(r.name, "t") for r in event.target}

    kept: list[Event] = []
    for event in events:
        rivals = [k for k in kept if k.start == event.start and k.type == event.type]
        if any(parties(event) <= parties(k) for k in rivals):
            continue
        kept = [k for k in kept if not (k in rivals and parties(k) < parties(event))]
        kept.append(event)
    return kept


def _same_clause(node: Token, trigger: Token) -> bool:
    """True when no other verb stands between a date and the trigger ("urged X before sanctions resume in
    November": November dates the resuming, not the urging)."""
    while node.i != trigger.i and node.head.i != node.i:
        if node.dep_ in ("advcl", "ccomp", "relcl", "acl", "csubj", "parataxis"):
            return False
        node = node.head
    return True


def _depth(node: Token, ancestor: Token) -> int:
    depth = 0
    while node.i != ancestor.i and node.head.i != node.i and depth < 50:
        node = node.head
        depth += 1
    return depth
