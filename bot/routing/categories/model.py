"""The linear model: TF-IDF over character n-grams (char_wb 2–5) and word 1–2-grams of the
folded text (`text.fold`), character n-grams (2–4) of its vowel-less skeleton (`text.skeleton`:
Arabizi and typo variants meet), plus the rule columns (`rules.FEATURE_NAMES`), into a linear
SVM with sigmoid-calibrated probabilities.

scikit-learn is imported only when a model is fitted or used, so importing this module
stays cheap. A fitted model round-trips through `to_bytes` / `from_bytes` (pickle with a
format tag: load only bytes this program wrote, e.g. from its own database).
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bot.routing.categories.rules import FEATURE_NAMES, RuleMatch, match
from bot.routing.categories.text import fold, skeleton

FORMAT = b"wa-bridge-triage-model/1\n"
RULE_WEIGHT = 0.5  # the rule columns' scale next to the TF-IDF blocks


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float
    evidence: tuple[str, ...]  # the features that pushed hardest towards `label`
    nearest: str | None  # the most similar training text with that label


class TriageModel:
    def __init__(self, char: Any, word: Any, clf: Any, texts: list[str], labels: list[str], train: Any,
                 skel: Any = None) -> None:
        self.char, self.word, self.clf, self.skel = char, word, clf, skel
        self.texts, self.train_labels, self.train = texts, labels, train
        names = [f'"{n.strip()}"' for n in char.get_feature_names_out()]
        names += [f'word "{n}"' for n in word.get_feature_names_out()]
        if skel is not None:
            names += [f'like "{n.strip()}"' for n in skel.get_feature_names_out()]
        self.feature_names = names + [f"rule:{n}" for n in FEATURE_NAMES]
        self.rule_weight = RULE_WEIGHT

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(str(c) for c in self.clf.classes_)

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str]) -> TriageModel:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        if len(set(labels)) < 2:
            raise ValueError("training needs at least two labels")
        folded = [fold(t) for t in texts]
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1,
                               max_features=60000, dtype=_float32())
        word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b",
                               dtype=_float32())
        skel = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=_float32())
        from scipy.sparse import hstack

        blocks = [char.fit_transform(folded), word.fit_transform(folded),
                  skel.fit_transform([skeleton(f) for f in folded])]
        rules = _features((), texts, folded, [match(t, f) for t, f in zip(texts, folded)])
        X = hstack([*blocks, rules]).tocsr()
        svm = LinearSVC(C=0.5, class_weight="balanced")
        clf = CalibratedClassifierCV(svm, method="sigmoid", cv=3, ensemble=False)
        clf.fit(X, list(labels))
        return cls(char, word, clf, list(texts), list(labels), X, skel)

    @property
    def vectorizers(self) -> tuple[Any, ...]:
        """A model stored before the skeleton view (no `skel` after unpickling) keeps working."""
        skel = getattr(self, "skel", None)
        return (self.char, self.word) if skel is None else (self.char, self.word, skel)

    @cached_property
    def train_by_feature(self) -> Any:
        """The training matrix transposed once: one message's similarity to every training text
        is then a row times it (30× faster than the training matrix times the row)."""
        return self.train.T.tocsr()

    @cached_property
    def rule_columns(self) -> tuple[str, ...]:
        """The rule columns this model was fitted with, by name: a stored model keeps its own
        (missing ones read 0) when later versions add rule columns."""
        return tuple(n[len("rule:"):] for n in self.feature_names if n.startswith("rule:"))

    def predict(self, text: str, folded: str | None = None, rules: RuleMatch | None = None) -> Prediction:
        import numpy as np

        folded = fold(text) if folded is None else folded
        x = _features(self.vectorizers, [text], [folded], [rules or match(text, folded)], self.rule_columns,
                      getattr(self, "rule_weight", 1.0))  # models stored before RULE_WEIGHT used 1.0
        proba = self._proba(x)
        best = int(np.argmax(proba))
        label = self.labels[best]
        weights = self.clf.calibrated_classifiers_[0].estimator.coef_
        coef = weights[best] if len(self.labels) > 2 else weights[0] * (1 if best else -1)
        row = x.tocsr()
        contrib = sorted(((row.data[i] * coef[j], j) for i, j in enumerate(row.indices)), reverse=True)
        evidence = tuple(dict.fromkeys(self.feature_names[j] for value, j in contrib[:6] if value > 0))[:4]
        sims = (row @ self.train_by_feature).toarray().ravel()
        same = [i for i in np.argsort(-sims)[:20] if self.train_labels[i] == label]
        nearest = self.texts[same[0]] if same and sims[same[0]] > 0 else None
        return Prediction(label, float(proba[best]), evidence, nearest)

    def _proba(self, x: Any) -> Any:
        """`clf.predict_proba(x)[0]`, computed directly from the fitted SVM and its per-class
        sigmoid calibrators (sklearn's own path spends milliseconds validating one row)."""
        import numpy as np

        calibrated = self.clf.calibrated_classifiers_[0]
        try:
            a = np.array([c.a_ for c in calibrated.calibrators])
            b = np.array([c.b_ for c in calibrated.calibrators])
        except AttributeError:  # another calibration method: let sklearn do it
            return self.clf.predict_proba(x)[0]
        svm = calibrated.estimator
        scores = np.asarray(x @ svm.coef_.T).ravel() + svm.intercept_
        if len(self.labels) == 2:
            p1 = 1.0 / (1.0 + np.exp(a[0] * scores[0] + b[0]))
            return np.array([1.0 - p1, p1])
        proba = 1.0 / (1.0 + np.exp(a * scores + b))
        total = proba.sum()
        return proba / total if total > 0 else np.full(len(proba), 1.0 / len(proba))

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the cached views (`train_by_feature`, `rule_columns`): they are rebuilt."""
        return {k: v for k, v in self.__dict__.items() if k not in ("train_by_feature", "rule_columns")}

    def to_bytes(self) -> bytes:
        return FORMAT + pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def from_bytes(data: bytes) -> TriageModel:
        if not data.startswith(FORMAT):
            raise ValueError("not a triage model (unknown format)")
        model = pickle.loads(data[len(FORMAT):])
        if not isinstance(model, TriageModel):
            raise ValueError("not a triage model")
        return model


def _features(vectorizers: Sequence[Any], texts: Sequence[str], folded: Sequence[str], found: Sequence[RuleMatch],
              rule_columns: Sequence[str] = FEATURE_NAMES, rule_weight: float = RULE_WEIGHT) -> Any:
    """The blocks side by side: char and word n-grams of `folded`, then (when there is a third
    vectorizer) char n-grams of its skeleton, then the rule columns named `rule_columns`."""
    from scipy.sparse import csr_matrix, hstack

    blocks = [v.transform(folded) for v in vectorizers[:2]]  # none: the rule columns alone
    blocks += [v.transform([skeleton(f) for f in folded]) for v in vectorizers[2:]]
    named = [dict(zip(FEATURE_NAMES, m.vector())) for m in found]
    rules = csr_matrix([[row.get(n, 0.0) for n in rule_columns] for row in named], dtype=_float32()) * rule_weight
    return hstack([*blocks, rules]).tocsr()


def _float32() -> Any:
    import numpy as np

    return np.float32
