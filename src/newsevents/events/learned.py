"""Stage 6, events: the learned type model, a multinomial logistic regression over feature strings.

Its weights (`data/event_types.npz`: feature names, classes, coefficient matrix, intercepts) are written by
`make train` (`tools/train_events.py`) and read here with numpy alone. `predict` gives, per candidate, the
most probable class (one of the 16 PLOVER types or NONE) and its probability.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ..tables import DATA_DIR

WEIGHTS = DATA_DIR / "event_types.npz"


class LinearModel:
    """Feature strings → class probabilities of a multinomial logistic regression saved by `make train`
    (classes, "\n"-joined feature names, coefficient matrix, intercepts); subclasses read their extra fields."""

    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.classes = [str(c) for c in data["classes"]]
            self.index = {f: i for i, f in enumerate(str(data["features"]).split("\n"))}
            self.coef = data["coef"].astype(np.float32)  # classes × features
            self.intercept = data["intercept"].astype(np.float32)
            self.read_extra(data)

    def read_extra(self, data) -> None:
        """Fields beyond the weights (thresholds, vocabularies)."""

    def probabilities(self, features: list[str]) -> np.ndarray:
        columns = [self.index[f] for f in set(features) if f in self.index]
        scores = self.intercept + self.coef[:, columns].sum(axis=1)
        scores -= scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()


class TypeModel(LinearModel):
    """Feature strings → PLOVER type probabilities."""

    def __init__(self, path: Path = WEIGHTS) -> None:
        super().__init__(path)
        self.none = self.classes.index("NONE")

    def read_extra(self, data) -> None:
        self.threshold = float(data["threshold"]) if "threshold" in data.files else 0.5
        # words that reported an event in the training data (see features.has_evidence)
        self.known = frozenset(str(data["known"]).split("\n")) if "known" in data.files else frozenset()

    def predict(self, features: list[str]) -> tuple[str, float]:
        """The most probable event type other than NONE and its probability when that probability reaches the
        threshold chosen by cross-validation (`make train`), else ("NONE", its probability)."""
        probs = self.probabilities(features)
        none = float(probs[self.none])
        probs[self.none] = -1.0
        best = int(np.argmax(probs))
        if probs[best] < self.threshold:
            return "NONE", none
        return self.classes[best], float(probs[best])


@lru_cache(maxsize=1)
def type_model() -> TypeModel | None:
    """The committed model, or None when the weights are absent (the coder then uses its lexicon alone)."""
    return TypeModel() if WEIGHTS.exists() else None
