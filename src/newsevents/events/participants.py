"""Stage 6, events: who takes part. The source and target of an event word, read from the dependency parse
(subjects, objects, prepositions, deeper recipients) and mapped to the actors the actor stage resolved."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import Actor, ActorRef

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


FIRST_PERSON = {"we", "i", "us", "me", "our", "my", "ours"}


def direct_quote_spans(doc: Doc):
    """(quote, token span) for each direct quote of the Doc that maps onto its tokens."""
    for quote in doc._.quotes or []:
        if quote.kind == "direct":
            span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            if span is not None:
                yield quote, span


def speakers_in_quotes(doc: Doc, actors: list[Actor], actor_of: dict[int, int]) -> dict[int, int]:
    """The actor map with "we", "I", "our" inside each direct quote standing for its speaker."""
    if not doc._.quotes:
        return actor_of
    index_of = {actor.name: i for i, actor in enumerate(actors)}
    mapped = dict(actor_of)
    for quote, span in direct_quote_spans(doc):
        speaker = index_of.get(quote.speaker.name if quote.speaker else None)
        for token in span if speaker is not None else ():
            if token.lower_ in FIRST_PERSON and token.i not in mapped:
                mapped[token.i] = speaker
    return mapped


def coding_actor_map(doc: Doc, actors: list[Actor]) -> dict[int, int]:
    """Token index → actor index as the event stage reads it: the actor stage's map (pronouns included), with
    "we", "I", "our" inside a direct quote standing for its speaker. Training reads the same map."""
    return speakers_in_quotes(doc, actors, doc._.actor_of or {})


def verb_participants(verb: Token) -> tuple[list[Token], list[Token]]:
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
            targets.extend(verb_participants(child)[1])
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


def is_background(noun: Token) -> bool:
    """An event noun that only sets the scene ("since last month's invasion", "after the talks")."""
    return noun.dep_ == "pobj" and noun.head.lower_ in BACKGROUND_PREPS


def noun_participants(noun: Token) -> tuple[list[Token], list[Token]]:
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


def is_place(token: Token) -> bool:
    """True for the object of a place preposition ("in Tanzania", "at the border")."""
    return token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPS


def without(refs: list[ActorRef], others: list[ActorRef]) -> list[ActorRef]:
    """`refs` less the actors of `others` and repeats ("Greece … its imports": "its" is Greece itself)."""
    names = {ref.name for ref in others}
    kept = []
    for ref in refs:
        if ref.name not in names:
            names.add(ref.name)
            kept.append(ref)
    return kept


def deep_recipients(
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
            return without(actor_refs(found[:1], actors, actor_of), source)
        frontier = following
    return []


def light_verb(noun: Token) -> Token | None:
    """The verb whose object an event noun is, when that verb only carries it ("launched an attack")."""
    if noun.dep_ in OBJECT_DEPS and verb_lemma(noun.head, LIGHT_VERBS) in LIGHT_VERBS:
        return noun.head
    if noun.dep_ == "pobj" and noun.head.head.lemma_ in STATE_VERBS:  # "remained on alert", "went on strike"
        return noun.head.head
    if noun.dep_ == "pobj" and noun.head.lower_ in ("for", "in") and noun.head.head.lemma_ in GATHER_VERBS:
        return noun.head.head  # "converged for a rally", "took part in protests"
    return None


def verb_lemma(verb: Token, known: set[str] | frozenset[str]) -> str:
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


def actor_refs(tokens: list[Token], actors: list[Actor], actor_of: dict[int, int]) -> list[ActorRef]:
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


def same_clause(node: Token, trigger: Token) -> bool:
    """True when no other verb stands between a date and the trigger ("urged X before sanctions resume in
    November": November dates the resuming, not the urging)."""
    while node.i != trigger.i and node.head.i != node.i:
        if node.dep_ in ("advcl", "ccomp", "relcl", "acl", "csubj", "parataxis"):
            return False
        node = node.head
    return True


def depth(node: Token, ancestor: Token) -> int:
    depth = 0
    while node.i != ancestor.i and node.head.i != node.i and depth < 50:
        node = node.head
        depth += 1
    return depth
