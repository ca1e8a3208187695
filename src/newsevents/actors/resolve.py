"""Stage 4, actors: every person, organisation, state and group named in an article, resolved to a code.

A spaCy component. It reads the tagger's entities and the project's tables (`gazetteer.py`), and keeps a
document-level memory: a person named in full once ("U.S. Secretary of State Mike Pompeo") is the same
actor when named by surname later, even where the tagger calls that surname a place.

Sets `doc._.actors` (list of Actor) and `doc._.actor_of` (token index → index into `doc._.actors`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..model import Actor, Mention
from ..nlp.extensions import register_extensions
from ..options import NO_RESOURCES, Resources
from .gazetteer import Entry, Gazetteer, load_gazetteer, with_knowledge
from .kb import ActorKB, load_actor_kb
from .organizations import organization_sector

register_extensions()

# Roles that say only "someone official": an institution named beside them decides the sector.
GENERIC_ROLES = {"official", "officials", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "envoy"}
TITLE_TOKENS = {"of", "for", "’s", "'s", "-"}
PRONOUNS = {"he", "she", "him", "her"}
THING_PRONOUNS = {"it", "its"}

TRANSNATIONAL = ("IGO", "NGO", "IMG", "MNC")
CAMPAIGN_WORDS = {"campaign", "campaigns"}
TITLE_GENDER = {"mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f", "miss": "f", "mr.": "m", "mr": "m"}
HOME_SHARE = 0.5  # the share of placed mentions a country needs to be the article's own
ORG_NOT_ACTOR = ("agreement", "treaty", "act", "accord", "deal", "program", "programme", "initiative")


@Language.factory(
    "newsevents_actors",
    default_config={"use_people_table": True},
    requires=["doc.ents", "token.dep", "token.tag", "token.lemma"],  # token.pos: set by the attribute ruler
    assigns=["doc._.actors", "doc._.actor_of"],
)
def make_actor_resolver(nlp: Language, name: str, use_people_table: bool) -> ActorResolver:
    """The actor component; `use_people_table` lets the built-in dated table name untitled people. What the
    store knows (`Resources.knowledge`) comes through `use_resources`, not the config."""
    return ActorResolver(nlp, use_people_table)


class ActorResolver:
    """Finds and resolves the actors of a Doc (see the module docstring)."""

    def __init__(self, nlp: Language, use_people_table: bool = True) -> None:
        self.nlp = nlp
        self.use_people_table = use_people_table
        self.base = load_gazetteer()
        self.kb = load_actor_kb() if use_people_table else ActorKB({}, {})
        self.knowledge_version: str | None = None
        self.roles = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.roles.add("ROLE", list(nlp.tokenizer.pipe(self.base.roles)))
        self.use_resources(NO_RESOURCES)

    def use_resources(self, resources: Resources) -> None:
        """Resolve with the project's tables extended by `resources.knowledge`; rebuilt only when its version
        changed."""
        if resources.knowledge_version == self.knowledge_version:
            return
        gazetteer = with_knowledge(self.base, list(resources.knowledge)) if resources.knowledge else self.base
        tokenize = self.nlp.tokenizer.pipe
        names = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        names.add("NAME", list(tokenize(gazetteer.names)))
        names.add("PERSON", list(tokenize(gazetteer.people)))
        # Imported dictionaries spell names in capitals: matched case-blind.
        known = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        if gazetteer.aliases:
            known.add("PERSON", list(tokenize(gazetteer.aliases)))
        if gazetteer.kb_names:
            known.add("NAME", list(tokenize(gazetteer.kb_names)))
        self.gazetteer, self.names, self.known = gazetteer, names, known
        self.knowledge_version = resources.knowledge_version

    def __call__(self, doc: Doc) -> Doc:
        matches = self.names(doc, as_spans=True)
        if len(self.known):
            matches += [span for span in self.known(doc, as_spans=True) if span[0].is_title or span[0].is_upper]
        _Resolution(doc, self.gazetteer, self.kb, matches, self.roles, self.use_people_table).run()
        return doc


class _Resolution:
    """The per-document work of the actor component; discarded after one Doc."""

    def __init__(
        self, doc: Doc, gazetteer: Gazetteer, kb: ActorKB, matches: list[Span], roles, use_people_table: bool
    ) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.kb = kb
        self.use_people_table = use_people_table
        self.published = doc._.published
        self.name_spans = filter_spans([span for span in matches if span.label_ == "NAME" and not _is_stance(span)])
        # Known people the tagger missed ("Imran Khan met ..." untagged in a short sentence).
        self.table_people = [span for span in matches if span.label_ == "PERSON" and use_people_table]
        self.role_spans = filter_spans([doc[s:e] for _, s, e in roles(doc)])
        self.actors: list[Actor] = []
        self.actor_of: dict[int, int] = {}
        self.keys: dict[tuple, int] = {}
        self.surnames: dict[str, int] = {}
        self.bearer_names: dict[str, set[str]] = {}  # surname → every full name with it in the whole article
        self.claimed: set[int] = set()  # title and apposition tokens that describe a person
        self.subject_people: list[tuple[int, int]] = []  # (token index, actor) of persons as subjects
        self.subject_things: list[tuple[int, int]] = []  # the same for states and organisations

    def run(self) -> None:
        """1. people, 2. unnamed officials, 3. names from the tables and the tagger, 4. pronouns."""
        self.resolve_people()
        self.resolve_descriptions()
        self.resolve_names()
        self.resolve_pronouns()
        self.resolve_campaigns()
        self.resolve_home_country()
        for actor in self.actors:
            actor.mentions.sort(key=lambda m: m.start)
        self.doc._.actors = self.actors
        self.doc._.actor_of = self.actor_of

    # 1. people -------------------------------------------------------------------------------
    def resolve_people(self) -> None:
        spans = [_strip_possessive(ent) for ent in self.doc.ents if ent.label_ == "PERSON"]
        spans = [span for span in spans if span is not None and span.text[:1].isupper()]
        spans = sorted(filter_spans(self.table_people + spans), key=lambda span: span.start)
        # Full names first, so that a surname seen before its full name still links to it.
        for span in sorted(spans, key=len, reverse=True):
            if len(span) > 1 and not self._is_place_name(span):
                self.surnames.setdefault(span[-1].text, -1)
                self.bearer_names.setdefault(span[-1].text, set()).add(span.text)
        for span in spans:
            if len(span) == 1 and self._is_place_name(span) and span.text not in self.surnames:
                continue
            self.add_person(span)
        # Surnames the tagger missed or called a place ("Pompeo" as GPE).
        for token in self.doc:
            index = self._surname_index(token.text, token.i)
            if index >= 0 and token.i not in self.actor_of and token.text[:1].isupper():
                if not self.actors[index].sector:
                    self.fill_from_mention(self.actors[index], self.doc[token.i : token.i + 1])
                self.add_mention(index, self.doc[token.i : token.i + 1])

    def _is_place_name(self, span: Span) -> bool:
        entry = self.gazetteer.lookup(span.text)
        return entry is not None and entry.kind != "person"

    def add_person(self, span: Span) -> None:
        name = self.gazetteer.canonical(span.text) or span.text  # "President Clinton" → "Bill Clinton"
        if len(span) > 1 and name == span.text and self.use_people_table and not self._table_entry(name):
            name = self.gazetteer.respelled(name) or name
        if len(span) == 1 and name == span.text and self.use_people_table:
            window = self.title_window(span)  # "President Bush": the one Bush who was president then
            name = self.gazetteer.by_surname(span.text, self.published, window.text if window else None) or name
        index = self._known_person(name, span.start)
        if index is None:
            actor = Actor(name=name, kind="person")
            window, appos = self.title_window(span), self.apposition(span)
            described = self.describe(window) or {}
            described_appos = self.describe(appos, apposition=True) or {}
            for part in (window, appos):
                self.claimed.update(t.i for t in part or ())
            organization = described.pop("organization", None) or described_appos.pop("organization", None)
            described_appos.pop("organization", None)
            for key, value in {**described, **{k: v for k, v in described_appos.items() if v}}.items():
                if value and not getattr(actor, key):
                    setattr(actor, key, value)
            if actor.country or actor.sector:
                actor.evidence = "article"
            entry = self._table_entry(name) if self.use_people_table else None
            if entry:
                self._fill_from_table(actor, entry)
            override = self.gazetteer.override(name, self.published)
            if override:  # the user's own file outranks everything
                actor.country, actor.sector = override.country or actor.country, override.sector or actor.sector
                actor.role, actor.evidence = override.role or actor.role, "override"
            actor.code = actor_code(actor.country, actor.sector)
            if organization and not actor.country:
                actor.code = organization
            if entry and not entry.country and not actor.country and entry.code:
                actor.code = entry.code  # a transnational office (IGOUNO, IGONATO)
            index = self.add_actor(("person", name), actor)
            if len(span) > 1:
                self.surnames[span[-1].text] = index
        elif not self.actors[index].sector:
            self.fill_from_mention(self.actors[index], span)
        self.add_mention(index, span)
        if span.root.dep_ in ("nsubj", "nsubjpass"):
            self.subject_people.append((span.start, index))

    def fill_from_mention(self, actor: Actor, span: Span) -> None:
        """A later mention's title or apposition fills what the first left open ("Mr. Trump, the Republican
        nominee," after a bare "Donald Trump")."""
        window, appos = self.title_window(span), self.apposition(span)
        for part in (window, appos):
            described = self.describe(part, apposition=part is appos) or {}
            if described.get("sector"):
                self.claimed.update(t.i for t in part)
                actor.sector, actor.role = described["sector"], actor.role or described.get("role")
                actor.country = actor.country or described.get("country")
                actor.code, actor.evidence = actor_code(actor.country, actor.sector), "article"
                return

    def _known_person(self, name: str, at: int) -> int | None:
        if ("person", name) in self.keys:
            return self.keys[("person", name)]
        surname = self._surname_index(name.split()[-1], at)
        if surname >= 0 and self.actors[surname].name.endswith(name):
            return surname
        return None

    def _surname_index(self, surname: str, at: int) -> int:
        """The person a bare surname at token `at` stands for: the last one named in full with it; after
        "Mrs."/"Mr.", the one of that gender among everyone the article names in full with it ("Mrs. Clinton"
        is not Bill Clinton, even before he is named), or none (-1 rather than a guess) when the title fits no
        one whose gender the knowledge base records and several could be meant."""
        index = self.surnames.get(surname, -1)
        gender = TITLE_GENDER.get(self.doc[at - 1].lower_ if at > 0 else "")
        names = self.bearer_names.get(surname, set())
        if index < 0 or gender is None or not names:
            return index
        genders = {name: self.kb.gender(name) for name in names}
        fits = [name for name, known in genders.items() if known == gender]
        if len(fits) == 1:
            return self.keys.get(("person", fits[0]), -1)  # -1: the one meant is named in full later
        if any(known is not None and known != gender for known in genders.values()) or len(names) > 1:
            return -1
        return index

    def _table_entry(self, name: str) -> Entry | None:
        """The person's entry in the dated table: the office held on the published date (or, after a government
        term, the former official). A known person with no office that day gives the country only: a future
        president is not yet GOV. Without a date, the latest entry."""
        if not self.published:
            return self.gazetteer.person(name) or self.kb.person(name, None)
        # 1. the project's own tables on that day, 2. the open-data knowledge base on that day (an office, or a
        # former official), 3. the country alone of a person either knows (a future office says nothing yet)
        dated = self.gazetteer.person(name, self.published)
        if dated is not None:
            return dated
        known = self.kb.person(name, self.published)
        if known is not None and known.sector:
            return known
        latest = self.gazetteer.person(name)
        if latest is not None:
            return latest.country_only()
        return known

    def _fill_from_table(self, actor: Actor, entry: Entry) -> None:
        """An office the table dates to the article's day outranks generic title words; otherwise the
        article's own words win and the table only fills gaps."""
        current = bool(self.published) and entry.covers(self.published)
        before = (actor.country, actor.sector)
        if current and (actor.sector != "ELI" or not actor.role):  # "former Vietnam POW": no office named
            actor.country, actor.sector = entry.country or actor.country, entry.sector or actor.sector
        actor.country = actor.country or entry.country
        actor.sector = actor.sector or entry.sector
        actor.role = actor.role or entry.role
        if (actor.country, actor.sector) != before:
            actor.evidence = "knowledge"

    def title_window(self, span: Span) -> Span | None:
        """The title words right before a name: "U.S. Secretary of State" before "Mike Pompeo"."""
        start = span.start
        while start > max(span.sent.start, span.start - 8):
            token = self.doc[start - 1]
            if token.i in self.actor_of or token.i in self.claimed or not _is_title_token(token):
                break
            start -= 1
        while start < span.start and self.doc[start].lower_ in TITLE_TOKENS:
            start += 1
        return self.doc[start : span.start] if start < span.start else None

    def apposition(self, span: Span) -> Span | None:
        """The description after a name: ", the Pentagon’s top Asia official," after "Randal Schriver"."""
        doc, end = self.doc, span.end
        if end < len(doc) and doc[end].text in ("’s", "'s"):
            return None
        if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("a", "an", "the", "former"):
            return None
        stop = end + 1
        while stop < min(span.sent.end, end + 26) and doc[stop].text not in (",", ".", ";", "“", "”", '"', "("):
            stop += 1
        return doc[end + 1 : stop]

    def describe(self, span: Span | None, apposition: bool = False) -> dict[str, str | None] | None:
        """Country, sector and role read from title words or an apposition."""
        if span is None or not len(span):
            return None
        current = span
        words = [t.lower_ for t in span]
        if "now" in words:  # "a former X official and now a senior fellow at Y": the present counts
            current = span.doc[span.start + words.index("now") : span.end]
        country = sector = organization = None
        for name in self.name_spans:
            if span.start <= name.start and name.end <= span.end:
                entry = self.gazetteer.entry(name.text)
                if entry and entry.country and not country:
                    country = entry.country
                if entry and entry.kind == "organization" and not entry.country and not organization:
                    organization = entry.code  # "Arab League Secretary General": an IGO's official
                if entry and entry.sector and current.start <= name.start and not sector:
                    sector = entry.sector
        if not sector:  # "chair of the Democratic National Committee": the organisation's sector
            for ent in span.ents:
                if ent.label_ == "ORG" and current.start <= ent.start:
                    known = self.kb.organization(ent.text) if self.use_people_table else None
                    sector = (known.sector if known else None) or organization_sector(ent.text)
                    country = country or (known.country if known else None)
                    if sector:
                        break
        roles = [r for r in self.role_spans if current.start <= r.start and r.end <= current.end]
        role = max(roles, key=len, default=None)
        if role is not None and (role.text.lower() not in GENERIC_ROLES or not sector):
            sector = self.gazetteer.roles[role.text.lower()]
        if "former" in words and current is span:  # a former official holds no office now
            sector = "ELI"
        role_text = span.text if apposition else (role.text if role is not None else None)
        return {"country": country, "sector": sector, "role": role_text, "organization": organization}

    # 2. names from the tables and the tagger ------------------------------------------------
    def resolve_names(self) -> None:
        self.resolve_national_organizations()
        for span in self.name_spans:
            if self._taken(span) or span.text in self.surnames:
                continue
            entry = self.gazetteer.entry(span.text)
            if self._is_title_part(span):
                continue
            self.add_entry(entry, span)
        for ent in self.doc.ents:
            if (
                ent.label_ not in ("ORG", "GPE", "NORP", "LOC")
                or self._taken(ent)
                or self._is_title_part(ent)
                or _is_stance(ent)
            ):
                continue
            span = _strip_possessive(_strip_determiner(ent))
            if span is None or span.text in self.surnames:
                continue
            entry = self.gazetteer.lookup(span.text)
            if entry:
                self.add_entry(entry, span)
            elif ent.label_ == "ORG" and not span.text.lower().endswith(ORG_NOT_ACTOR) and span.text[:1].isupper():
                self.add_mention(self.add_actor(("organization", span.text), self.organization(span)), span)

    def resolve_national_organizations(self) -> None:
        """An organisation the tables do not know, named with its state: "the Nigerian Union of Teachers" →
        NGA, "the Indian Army" → IND MIL (the sector from the institution or role words inside it)."""
        for ent in self.doc.ents:
            span = _strip_possessive(_strip_determiner(ent)) if ent.label_ == "ORG" else None
            if span is None or len(span) < 2 or self._taken(span) or self.gazetteer.lookup(span.text):
                continue
            if span.text.lower().endswith(ORG_NOT_ACTOR) or self._is_title_part(span):
                continue
            described = self.describe(span) or {}
            if not described.get("country"):
                continue
            actor = Actor(name=span.text, kind="organization", country=described["country"], sector=described["sector"])
            actor.code = actor_code(actor.country, actor.sector)
            self.add_mention(self.add_actor(("organization", span.text), actor), span)

    def organization(self, span: Span) -> Actor:
        """An organisation the tables do not know: the knowledge base's party or outlet of that name, else the
        sector its own words give ("... Protection Bureau" GOV, "... University" EDU); its country is left to
        the knowledge base or the article."""
        actor = Actor(name=span.text, kind="organization")
        known = self.kb.organization(span.text) if self.use_people_table else None
        if known is not None:
            actor.country, actor.sector, actor.role, actor.evidence = (
                known.country,
                known.sector,
                known.role,
                "knowledge",
            )
        else:
            actor.sector = organization_sector(span.text)
        actor.code = actor_code(actor.country, actor.sector)
        return actor

    def _taken(self, span: Span) -> bool:
        return any(t.i in self.actor_of or t.i in self.claimed for t in span)

    def _is_title_part(self, span: Span) -> bool:
        """True for "State" in "Secretary of State" and similar words that belong to a person's title."""
        for role in self.role_spans:
            if role.start <= span.start and span.end <= role.end:
                return True
        return False

    def add_entry(self, entry: Entry, span: Span) -> None:
        kind = "country" if entry.kind == "country" and not entry.sector else entry.kind
        if entry.kind == "country" and entry.sector:
            kind, name = "organization", f"{entry.name} government"
        else:
            name = entry.name
        code = (
            entry.code
            if entry.kind == "organization" and not entry.country
            else actor_code(entry.country, entry.sector)
        )
        sector = entry.sector
        if not sector and not entry.country and (code or "")[:3] in TRANSNATIONAL:
            sector = code[:3]  # a transnational organisation's sector is its kind: the UN is IGO
        actor = Actor(name=name, kind=kind, code=code, country=entry.country, sector=sector)
        self.add_mention(self.add_actor((kind, code, name), actor), span)

    # 3. unnamed officials and groups ----------------------------------------------------------
    def resolve_descriptions(self) -> None:
        """ "an Indian defence ministry official" → IND MIL; "the official" later → the same actor."""
        for role in self.role_spans:
            head = role[-1]
            if head.pos_ != "NOUN" or head.i in self.actor_of or head.dep_ == "compound":
                continue
            left = [t for t in head.lefts if t.dep_ in ("det", "amod", "compound", "nmod", "poss")]
            start = min([t.left_edge.i for t in left] + [role.start])
            span = self.doc[start : head.i + 1]
            if self._taken(span):
                continue
            description = self.describe(span)
            if description and not description["country"]:
                description["country"] = self._place_of(head)
            if description and description["country"]:
                self.add_described(span, role, description, "group" if head.tag_ in ("NNS", "NNPS") else "person")
                continue
            refers_back = span[0].lower_ in ("the", "this", "that") and len(span) == len(role) + 1
            antecedent = self._last_with_role(role.text.lower(), before=span.start) if refers_back else None
            if antecedent is not None:
                self.add_mention(antecedent, span)
            elif description and description["sector"] and _is_unnamed_group(head):
                # "police fired tear gas", "protesters marched": an unnamed group that acts or is acted on; its
                # country comes from the article (resolve_home_country), or stays unknown.
                self.add_described(span, role, description, "group")

    def add_described(self, span: Span, role: Span, description: dict[str, str | None], kind: str) -> None:
        """An actor named by its description ("an Indian defence ministry official", "police")."""
        words = span[1:] if span[0].pos_ == "DET" else span
        actor = Actor(
            name=words.text, kind=kind, country=description["country"], sector=description["sector"], role=role.text
        )
        actor.code = actor_code(actor.country, actor.sector)
        self.add_mention(self.add_actor(("description", words.text.lower()), actor), span)

    def _place_of(self, head: Token) -> str | None:
        """The country of a group named without one: "opposition groups in Zimbabwe", else the state or
        capital named in the same sentence ("prisoners rioted at a jail in Dili")."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of"):
                for name in self.name_spans:
                    if prep.i < name.start <= prep.right_edge.i:
                        entry = self.gazetteer.entry(name.text)
                        if entry and entry.country:
                            return entry.country
        if head.tag_ not in ("NNS", "NNPS") or any(c.dep_ == "poss" for c in head.children):
            return None  # "the official" refers back; "their government" belongs to its owner
        sent = head.sent
        countries = {
            self.gazetteer.entry(n.text).country
            for n in self.name_spans
            if sent.start <= n.start < sent.end and self.gazetteer.entry(n.text).country
        }
        return countries.pop() if len(countries) == 1 else None

    def _last_with_role(self, role: str, before: int) -> int | None:
        best, best_start = None, -1
        for index, actor in enumerate(self.actors):
            if (actor.role or "").lower() != role:
                continue
            starts = [m.start for m in actor.mentions if m.start < self.doc[before].idx]
            if starts and max(starts) > best_start:
                best, best_start = index, max(starts)
        return best

    # 4. pronouns --------------------------------------------------------------------------------
    def resolve_pronouns(self) -> None:
        """ "he", "she": the latest person who was the subject of a clause before, else the latest person."""
        people = sorted(
            (token_i, self.actor_of[token_i])
            for token_i in self.actor_of
            if self.actors[self.actor_of[token_i]].kind == "person"
        )
        subjects = sorted(self.subject_people)
        things = sorted(self.subject_things)
        positions = sorted((i, a) for i, a in self.actor_of.items() if self.actors[a].kind != "person")

        def between(pairs: list[tuple[int, int]], low: int, high: int) -> list[tuple[int, int]]:
            """The (token, actor) pairs with low <= token < high (pairs sorted by token): a look-up, not a scan,
            so long articles stay linear."""
            return pairs[bisect_left(pairs, (low, -1)) : bisect_left(pairs, (high, -1))]

        for token in self.doc:
            if token.i in self.actor_of:
                continue
            if token.lower_ in PRONOUNS:
                candidates = [a for _, a in between(subjects, token.i - 120, token.i)]
                candidates = candidates or [a for _, a in between(people, token.i - 60, token.i)]
            elif token.lower_ in THING_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass", "poss"):
                # "India has said it will not halt imports": the latest state or organisation as subject, in
                # this sentence or the one before; "press India over its reliance": a possessive takes the
                # nearest state or organisation before it in its sentence.
                floor = token.sent.start if token.sent.start == 0 else self.doc[token.sent.start - 1].sent.start
                candidates = [a for _, a in between(things, floor, token.i)]
                if token.dep_ == "poss":
                    nearest = [
                        (i, a)
                        for i, a in between(positions, token.sent.start, token.i)
                        if self.doc[i].dep_ != "amod"  # "Iranian oil imports" names no one "its" could be
                    ]
                    candidates = [a for _, a in sorted(nearest)] or candidates
            else:
                continue
            if candidates:
                self.add_mention(candidates[-1], self.doc[token.i : token.i + 1])

    def resolve_campaigns(self) -> None:
        """A person's campaign ("the Clinton campaign", "Trump's campaign") is a party actor of the person's
        country."""
        for token in self.doc:
            if token.lower_ not in CAMPAIGN_WORDS or token.i in self.actor_of or token.i == 0:
                continue
            owner = token.i - 1 if self.doc[token.i - 1].text not in ("’s", "'s") else token.i - 2
            index = self.actor_of.get(owner)
            if index is None or self.actors[index].kind != "person":
                continue
            person = self.actors[index]
            surname = person.name.split()[-1]
            actor = Actor(name=f"{surname} {token.lower_}", kind="organization", country=person.country, sector="PTY")
            actor.code, actor.evidence = actor_code(actor.country, actor.sector), "article"
            self.add_mention(self.add_actor(("campaign", actor.name), actor), self.doc[token.i : token.i + 1])

    # 5. the article's own country ------------------------------------------------------------------
    def resolve_home_country(self) -> None:
        """People and organisations nothing placed take the country most of the article's placed actors
        belong to, when most of them do (a local official in a story about one country is of that
        country); `evidence` says "context". Transnational actors (IGO, NGO, ...) are left alone."""
        counts: Counter[str] = Counter()
        for actor in self.actors:
            if actor.country:
                counts[actor.country] += len(actor.mentions)
        if not counts:
            return
        home, mentions = counts.most_common(1)[0]
        if mentions < HOME_SHARE * sum(counts.values()):
            return
        for actor in self.actors:
            if actor.country or actor.kind == "country" or (actor.code and actor.code != actor.sector):
                continue
            actor.country, actor.code = home, actor_code(home, actor.sector)
            actor.evidence = actor.evidence or "context"

    # bookkeeping ----------------------------------------------------------------------------------
    def add_actor(self, key: tuple, actor: Actor) -> int:
        if key not in self.keys:
            self.keys[key] = len(self.actors)
            self.actors.append(actor)
        return self.keys[key]

    def add_mention(self, index: int, span: Span) -> None:
        self.actors[index].mentions.append(Mention(span.text, span.start_char, span.end_char))
        if self.actors[index].kind != "person" and span.root.dep_ in ("nsubj", "nsubjpass"):
            self.subject_things.append((span.start, index))
        for token in span:
            self.actor_of[token.i] = index


PARTICIPANT_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "agent", "conj", "appos")


def _is_unnamed_group(head: Token) -> bool:
    """A plural role noun (or "police") that takes part in a clause: "soldiers opened fire", "clashed with
    protesters"."""
    return (head.tag_ in ("NNS", "NNPS") or head.lower_ == "police") and head.dep_ in PARTICIPANT_DEPS


def actor_code(country: str | None, sector: str | None) -> str | None:
    """The CAMEO-style code: country then sector (`USAGOV`), or whichever of the two is known."""
    if country and sector:
        return country + sector
    return country or sector


STANCE_PREFIXES = {"anti", "pro"}


def _is_stance(span: Span) -> bool:
    """ "an anti-Chile columnist", "pro-Peru militias": a stance towards a state, not its nationality."""
    doc, start = span.doc, span.start
    if start >= 1 and doc[start - 1].lower_.rstrip("-") in STANCE_PREFIXES and doc[start - 1].text.endswith("-"):
        return True
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in STANCE_PREFIXES


def _is_title_token(token: Token) -> bool:
    if token.lower_ in TITLE_TOKENS or token.lower_ in ("former", "new", "top", "senior", "deputy", "acting"):
        return True
    if token.pos_ in ("PROPN", "NOUN", "ADJ") and (token.text[:1].isupper() or token.pos_ != "PROPN"):
        return token.dep_ not in ("nsubj", "dobj", "pobj") or token.ent_type_ in ("GPE", "NORP", "ORG")
    return False


def _strip_possessive(span: Span | None) -> Span | None:
    if span is None:
        return None
    end = span.end
    while end > span.start and span.doc[end - 1].text in ("’s", "'s", "’", "'", "(", ")", ","):
        end -= 1
    return span.doc[span.start : end] if end > span.start else None


def _strip_determiner(span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ == "the":
        return span[1:]
    return span
