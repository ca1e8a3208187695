"""Modality of events (a helper of the event stage): whether an event occurred, is planned, hypothetical
or negated; PLOVER's rule that intentions are their own types (future cooperation is AGREE, planned or
conditional conflict is THREATEN); and the clauses that are the content of a request or threat.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..tables import read_table

# Verbs that govern another verb and say it has not happened yet, or may not happen.
PLANNED_CUES = {"schedule", "expect", "plan", "set", "due", "intend", "prepare", "aim", "go", "try", "seek", "decide"}
HYPOTHETICAL_CUES = {
    "hope",
    "want",
    "wish",
    "consider",
    "propose",
    "threaten",
    "could",
    "might",
    "would",
    "may",
    "should",
    "can",
    "if",
    "unless",
    "whether",
    "allow",
    "ready",
    "willing",
    "open",
    "able",
    "offer",
    # what is demanded or urged has not happened (yet)
    "demand",
    "urge",
    "ask",
    "call",
    "press",
    "request",
    "insist",
    "push",
}
NEGATION_CUES = {"refuse", "fail", "decline", "reject", "deny", "halt", "stop", "no", "never", "not", "n't"}
FUTURE_AUX = {"will", "shall", "'ll", "’ll"}


def event_status(token: Token) -> str:
    """occurred, planned, hypothetical or negated, from the trigger's own auxiliaries and negation and
    those of the verbs governing it ("is expected to press", "hopes India will sign", "will not halt")."""
    chain = [token]
    current = token
    while (
        current.dep_ in ("xcomp", "ccomp", "advcl", "acl", "dobj", "pobj", "prep", "relcl")
        and current.head.i != current.i
    ):
        current = current.head
        chain.append(current)
        if len(chain) > 5:
            break
    planned = hypothetical = negated = False
    for depth, verb in enumerate(chain):
        words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "mark", "advmod")}
        # The lemmatizer misreads some forms ("hopes" → "hop"), so the surface form counts too.
        lemma = (
            verb.lemma_.lower()
            if verb.lemma_.lower() in PLANNED_CUES | HYPOTHETICAL_CUES | NEGATION_CUES
            else verb.lower_.rstrip("s")
        )
        if words & {"not", "n't", "never", "no"} and depth == 0:
            negated = True
        if depth > 0 and lemma in NEGATION_CUES - {"no", "not", "n't", "never"}:
            negated = True
        if words & FUTURE_AUX:
            planned = True
        if words & {"could", "might", "would", "may", "should", "if", "unless", "whether", "can"}:
            hypothetical = True
        if depth > 0 and lemma in PLANNED_CUES:
            planned = True
        if depth > 0 and lemma in HYPOTHETICAL_CUES:
            hypothetical = True
    if negated:
        return "negated"
    if hypothetical:
        return "hypothetical"
    if planned:
        return "planned"
    return "occurred"


# Verbs whose complement is what is asked for, promised, threatened or refused: "urged Iraq to cooperate"
# codes one REQUEST, "agreed to resign" one AGREE, not two events each.
REQUEST_GOVERNORS = {
    "ask",
    "urge",
    "demand",
    "press",
    "pressure",
    "push",
    "appeal",
    "request",
    "call",
    "insist",
    "threaten",
    "warn",
    "order",
    "force",
    "persuade",
    "convince",
    "agree",
    "promise",
    "pledge",
    "offer",
    "vow",
    "commit",
    "refuse",
    "reject",
    "decline",
    "fail",
}
# Verbs that report what someone said must happen ("said the US must mediate": a REQUEST by the speaker).
REPORTING_VERBS = {
    "say",
    "declare",
    "announce",
    "conclude",
    "insist",
    "warn",
    "state",
    "tell",
    "add",
    "argue",
    "stress",
    "issue",
    "write",
    "note",
    "remind",
}


def governors(token: Token, links: tuple[str, ...] = ("xcomp", "ccomp")) -> list[Token]:
    """The verbs that govern `token` through clausal links, nearest first (at most four)."""
    chain = []
    current = token
    while current.dep_ in links and current.head.i != current.i and len(chain) < 4:
        current = current.head
        chain.append(current)
    return chain


def has_must(token: Token) -> bool:
    """True when the clause says something must (or has to) happen."""
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in token.children)


def is_request_content(token: Token) -> bool:
    """True for a clause that is what someone demands or threatens ("urged Iraq to cooperate"), or that
    must happen; the REQUEST or THREATEN event stands for it."""
    if has_must(token):
        return True
    if token.pos_ == "NOUN":  # "demanded the withdrawal of …", "called for sanctions against …"
        head = token.head.head if token.dep_ == "pobj" and token.head.dep_ == "prep" else token.head
        if token.dep_ in ("dobj", "pobj") and head.i != token.i:
            if any(_lemma(g) in REQUEST_GOVERNORS for g in [head, *governors(head)]):
                return True  # "promised to continue military aid"
    return any(_lemma(g) in REQUEST_GOVERNORS for g in governors(token))


def must_clause_speaker(token: Token) -> Token | None:
    """The verb that reports a must-clause ("The Bush administration declared that China must drop barriers"
    → "declared"), or None when the clause is not reported."""
    if not has_must(token) or token.dep_ not in ("ccomp", "acl", "advcl"):
        return None
    current = token.head
    for _ in range(3):
        if current.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in current.children):
            return current
        if current.head.i == current.i:
            break
        current = current.head
    return None


@lru_cache(maxsize=1)
def intention_table() -> dict[str, tuple[str, str, str | None]]:
    """Base type → (intention type, CAMEO code, mode), from data/intentions.tsv."""
    return {row["type"]: (row["as_type"], row["cameo"], row["mode"] or None) for row in read_table("intentions")}


def as_intention(event_type: str, status: str) -> tuple[str, str, str | None] | None:
    """The AGREE or THREATEN coding of a planned or hypothetical event, or None when the type stays."""
    if status not in ("planned", "hypothetical"):
        return None
    return intention_table().get(event_type)


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    return lemma if lemma in REQUEST_GOVERNORS else token.lower_.rstrip("s")
