"""Stage 5, quotes: who said what. Direct quotes (straight or curly marks, split by their attribution,
partial quotes) and indirect attributions ("X said (that) ...", "according to X"), each with its cue verb
and its speaker resolved through the actor stage (pronouns included).

A spaCy component after the actor component and before the event component (which reads the quotes'
speakers). Sets `doc._.quotes` (list of Quote).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .model import Actor, ActorRef, Quote
from .nlp.extensions import register_extensions

register_extensions()

CUE_VERBS = {
    "say",
    "tell",
    "add",
    "write",
    "warn",
    "note",
    "explain",
    "claim",
    "insist",
    "argue",
    "state",
    "declare",
    "announce",
    "ask",
    "reply",
    "respond",
    "answer",
    "acknowledge",
    "admit",
    "confirm",
    "deny",
    "suggest",
    "call",
    "describe",
    "stress",
    "emphasize",
    "emphasise",
    "urge",
    "tweet",
    "post",
    "report",
    "predict",
    "believe",
    "think",
    "recall",
    "conclude",
    "continue",
    "allege",
    "assert",
    "testify",
    "complain",
    "vow",
    "sing",
    "chant",
    "shout",
    "scream",
    "joke",
    "quip",
    "recount",
    "observe",
    "contend",
    "charge",
    "plead",
    "demand",
}
INDIRECT_CUES = (CUE_VERBS - {"call", "describe", "continue"}) | {
    "report",
    "learn",
    "show",
    "find",
    "indicate",
    "cite",
    "rule",
    "reveal",
    "estimate",
    "predict",
    "hope",
    "fear",
    "expect",
    "acknowledge",
    "maintain",
    "suggest",
    "accuse",
    "promise",
    "pledge",
    "vow",
    "agree",
}
# Cues whose object and complement are what is asked: "urges supporters to monitor polling places".
DEMAND_CUES = {"urge", "encourage", "call", "ask", "demand", "press", "implore", "tell", "warn"}
_TRANSCRIPT = re.compile(r"^(?P<name>[A-Z][A-Z.'’ -]{1,40}):\s+(?P<speech>\S.+)$", re.M)
_DASH_NAME = re.compile(r"[\s,.]*[―—–]{1,2}\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})")
# Quote marks as news sites type them: curly, straight, doubled apostrophes (''…''), a paragraph
# opened with a closing mark (”…”), and a quote that runs on into the next paragraph.
QUOTE_PATTERN = re.compile(
    r"“(?P<curly>[^“”]{1,2000}?)”|\"(?P<straight>[^\"\n]{1,2000}?)\"|''(?P<doubled>(?:(?!'')[^\n]){1,2000}?)''"
    r"|(?m:^)”(?P<reversed>[^“”\n]{1,2000}?)”"
    # a quote left open at the end of its paragraph goes on in the next one, which opens with “
    r"|“(?P<open>[^“”\n]{1,2000})(?=\n\n“)"
)
SCARE_QUOTE_WORDS = 3  # shorter quoted spans count only with a cue verb and a speaker


@Language.factory(
    "newsevents_quotes",
    requires=["doc._.actors", "doc._.actor_of", "token.dep", "token.lemma"],
    assigns=["doc._.quotes"],
)
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    """The quote component."""
    return QuoteFinder()


class QuoteFinder:
    """Finds the quotes of a Doc whose actors are resolved (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        actors = doc._.actors or []
        actor_of = doc._.actor_of or {}
        quotes = find_direct_quotes(doc, actors, actor_of)
        quotes += [
            q
            for q in find_transcript_lines(doc, actors, actor_of)
            if not any(q.start < other.end and other.start < q.end for other in quotes)
        ]
        covered = [(q.start, q.end) for q in quotes]
        quotes += find_indirect_quotes(doc, actors, actor_of, covered)
        quotes.sort(key=lambda q: q.start)
        doc._.quotes = quotes
        return doc


def find_direct_quotes(doc: Doc, actors: list[Actor], actor_of: dict[int, int]) -> list[Quote]:
    """Quoted spans with the cue verb and speaker found after the quote (“…,” she said) or before it
    (X said: “…”); a quote with no attribution in its sentence takes the speaker of the previous quote
    when it opens its paragraph (a speech continued)."""
    quotes: list[Quote] = []
    text = doc.text  # built once: Doc.text joins every token each time it is read
    for match in QUOTE_PATTERN.finditer(text):
        group = next(name for name, value in match.groupdict().items() if value is not None)
        start, end = match.start(group), match.end(group)
        content = text[start:end].strip(" ,.")
        if not content:
            continue
        cue_token, speaker = _attribution(doc, match.start(), match.end(), actors, actor_of)
        cue, audience = (cue_token.text, audience_of(cue_token)) if cue_token is not None else (None, None)
        words = len(content.split())
        follows = text[match.end() : match.end() + 1]
        if words < SCARE_QUOTE_WORDS and (
            cue is None or speaker is None or not (content != text[start:end] or follows in ",.;:")
        ):
            continue  # a scare quote ("the so-called “2+2” talks"), not something somebody said
        if words <= 5 and all(word[:1].isupper() for word in content.split() if word[:1].isalpha()):
            continue  # a title or name in quotes ("on “Fox News Sunday”")
        if speaker is None:
            cue, speaker = _attribution_around(doc, text, match, quotes, actors, actor_of, cue)
        continues = bool(quotes) and speaker == quotes[-1].speaker and _same_speech(text, quotes[-1].end, match.start())
        partial = _is_partial(text, match.start(), content)
        quotes.append(
            Quote(
                text=content,
                kind="direct",
                start=start,
                end=start + len(text[start:end].rstrip(" ,.")),
                speaker=speaker,
                cue=cue,
                continues=continues,
                audience=audience,
                partial=partial,
            )
        )
    return quotes


def _is_partial(text: str, opening: int, content: str) -> bool:
    """A fragment quoted inside the writer's own sentence: it starts in lower case or is under five words,
    and a word (not a colon or the start of a paragraph) stands right before it."""
    before = text[max(0, opening - 3) : opening].rstrip()
    embedded = bool(before) and before[-1].isalnum()
    whole_utterance = content.rstrip(",").endswith(("?", "!", "."))  # “You winning?” is said, not cited
    return embedded and (content[:1].islower() or (len(content.split()) < 5 and not whole_utterance))


def _same_speech(text: str, previous_end: int, start: int) -> bool:
    """True when only a short attribution stands between two quotes of one paragraph."""
    between = text[previous_end:start]
    return len(between) < 120 and "\n" not in between


def _attribution_around(
    doc: Doc,
    text: str,
    match: re.Match,
    previous: list[Quote],
    actors: list[Actor],
    actor_of: dict[int, int],
    cue: str | None,
) -> tuple[str | None, dict | None]:
    """Attributions outside the quote's sentence:
    1. a dash and a name after the closing mark ("“…” ― Jorge Falcon");
    2. a sentence ending with a colon just before the quote ("Caddell continued:");
    3. the speaker of the previous quote, when this one continues it (same paragraph, or the next one)."""
    dash = _DASH_NAME.match(text, match.end())
    if dash:
        span = doc.char_span(dash.start("name"), dash.end("name"), alignment_mode="expand")
        if span is not None:
            return "―", _span_ref(span, actors, actor_of)
    colon = match.start() - 1
    while colon >= 0 and text[colon].isspace():
        colon -= 1
    if colon >= 0 and text[colon] == ":" and match.start() - colon < 4:
        token = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if token is not None:
            for cue_token in token[0].sent:
                if cue_token.lemma_.lower() in CUE_VERBS and cue_token.pos_ in ("VERB", "AUX"):
                    speaker = _speaker(cue_token, actors, actor_of)
                    if speaker is not None:
                        return cue_token.text, speaker
    if previous and previous[-1].speaker:
        between = text[previous[-1].end : match.start()]
        if between.count("\n\n") <= 1 and not QUOTE_PATTERN.search(between):
            return cue, previous[-1].speaker
    return cue, None


def audience_of(cue: Token) -> str | None:
    """Who the words were addressed to: "told Reuters", "told reporters", "said to the BBC"."""
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and cue.lemma_ == "tell" and child.pos_ in ("PROPN", "NOUN"):
            return cue.doc[child.left_edge.i : child.i + 1].text
        if child.dep_ == "prep" and child.lower_ == "to" and cue.lemma_ in ("say", "speak", "write"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return cue.doc[objects[0].left_edge.i : objects[0].i + 1].text
    return None


def _span_ref(span: Span, actors: list[Actor], actor_of: dict[int, int]) -> ActorRef:
    for token in span:
        if token.i in actor_of:
            actor = actors[actor_of[token.i]]
            return actor.ref(_mention(token, actor))
    return ActorRef.unresolved(span.text)


def _attribution(doc: Doc, start: int, end: int, actors: list[Actor], actor_of: dict[int, int]):
    """(cue text, speaker ref) for the quote at [start, end), searching its sentence outside the quote."""
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return None, None
    sentences = {first[0].sent.start: first[0].sent, first[-1].sent.start: first[-1].sent}
    if first[-1].i + 1 < len(doc):
        following = doc[first[-1].i + 1]
        sentences.setdefault(following.sent.start, following.sent)
    candidates: list[Token] = []
    for sent in sentences.values():
        for token in sent:
            if start <= token.idx < end or token.lemma_.lower() not in CUE_VERBS or token.pos_ not in ("VERB", "AUX"):
                continue
            candidates.append(token)
    # Prefer a cue after the quote (the common newsroom order), nearest first; then one before it.
    candidates.sort(key=lambda t: (t.idx < start, abs(t.idx - end)))
    for cue in candidates:
        speaker = _speaker(cue, actors, actor_of)
        if speaker is not None:
            return cue, speaker
    return (candidates[0], None) if candidates else (None, None)


def _speaker(cue: Token, actors: list[Actor], actor_of: dict[int, int]) -> ActorRef | None:
    """The subject of a cue verb as an actor ref; an unresolved subject keeps its words and no code."""
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and cue.dep_ in ("conj", "xcomp"):
        subjects = [c for c in cue.head.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    subject = subjects[0]
    for token in [subject, *subject.children]:
        if token.i in actor_of:
            actor = actors[actor_of[token.i]]
            return actor.ref(_phrase(subject).text if token.i != subject.i else _mention(token, actor))
    phrase = _phrase(subject)  # an unresolved pronoun or description keeps its words, with no code
    return ActorRef.unresolved(phrase.text)


def _phrase(token: Token) -> Span:
    return token.doc[token.left_edge.i : token.i + 1]


def _mention(token: Token, actor: Actor) -> str:
    for mention in actor.mentions:
        if mention.start <= token.idx < mention.end:
            return mention.text
    return token.text


def find_indirect_quotes(
    doc: Doc, actors: list[Actor], actor_of: dict[int, int], covered: list[tuple[int, int]]
) -> list[Quote]:
    """ "X said (that) …" (a cue verb with a clausal complement) and "according to X, …"."""
    quotes: list[Quote] = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and lemma in INDIRECT_CUES | DEMAND_CUES:
            content = _reported_content(token, lemma)
            if content is None:
                continue
            speaker = _speaker(token, actors, actor_of)
        elif token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            if not objects:
                continue
            sent = token.sent
            content = sent[:] if token.i > sent.start + 2 else doc[objects[0].right_edge.i + 1 : sent.end]
            content = _trim(content, exclude=range(token.i, objects[0].right_edge.i + 1))
            speaker = _speaker_from(objects[0], actors, actor_of)
        else:
            continue
        if (
            content is None
            or len(content) < 3
            or any(s < content.end_char and content.start_char < e for s, e in covered)
        ):
            continue
        quotes.append(
            Quote(
                text=content.text,
                kind="indirect",
                start=content.start_char,
                end=content.end_char,
                speaker=speaker,
                cue=token.text if token.lower_ != "according" else "according to",
                audience=audience_of(token),
            )
        )
    return quotes


def _reported_content(cue: Token, lemma: str) -> Span | None:
    """What a cue verb reports: its clausal complement ("said that …"); for an inverted report
    ("Trump is unfit, Clinton said") the clause it hangs from; for a demand, its object and complement
    ("urges supporters to monitor polling places")."""
    doc = cue.doc
    complements = [c for c in cue.children if c.dep_ == "ccomp"]
    if complements and lemma in INDIRECT_CUES:
        return doc[complements[0].left_edge.i : complements[0].right_edge.i + 1]
    if cue.dep_ == "parataxis" and lemma in INDIRECT_CUES and cue.head.i < cue.i:
        return _trim(doc[cue.head.left_edge.i : cue.left_edge.i], exclude=range(0))
    if lemma in DEMAND_CUES:
        parts = [
            c for c in cue.children if c.dep_ in ("dobj", "xcomp") or (c.dep_ == "prep" and c.lower_ in ("for", "on"))
        ]
        if parts and any(c.dep_ in ("xcomp",) or c.dep_ == "prep" for c in parts):
            return doc[min(p.left_edge.i for p in parts) : max(p.right_edge.i for p in parts) + 1]
    return None


def find_transcript_lines(doc: Doc, actors: list[Actor], actor_of: dict[int, int]) -> list[Quote]:
    """Interview transcripts: a paragraph opening with a speaker's name in capitals ("WALLACE: …")."""
    quotes = []
    for match in _TRANSCRIPT.finditer(doc.text):
        name = doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
        speaker = _span_ref(name, actors, actor_of) if name is not None else None
        if speaker is not None and speaker.code is None:
            speaker = replace(speaker, name=speaker.name.title())
        speech = match.group("speech").rstrip()
        quotes.append(
            Quote(
                text=speech,
                kind="direct",
                start=match.start("speech"),
                end=match.start("speech") + len(speech),
                speaker=speaker,
                cue=":",
            )
        )
    return quotes


def _speaker_from(token: Token, actors: list[Actor], actor_of: dict[int, int]) -> ActorRef | None:
    if token.i in actor_of:
        actor = actors[actor_of[token.i]]
        return actor.ref(_mention(token, actor))
    phrase = _phrase(token)
    return ActorRef.unresolved(phrase.text)


def _trim(span: Span, exclude: range) -> Span | None:
    tokens = [t for t in span if t.i not in exclude and not t.is_punct]
    if not tokens:
        return None
    return span.doc[tokens[0].i : tokens[-1].i + 1]
