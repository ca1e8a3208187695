"""Stage 3, nlp: the spaCy pipeline with newsevents' components, and the Doc extensions they share."""

from .load import COMPONENTS, load_pipeline, use_resources

__all__ = ["COMPONENTS", "load_pipeline", "use_resources"]
