"""Named-entity recognition for Chinese news: PER, ORG, GOV, COMPANY, LOC, TITLE.

Example::

    >>> from kg.ner import load_tagger
    >>> [(m.text, m.label) for m in load_tagger().tag("国务院副总理孙春兰率领工作组抵达武汉")
    ...  if m.label in ("PER", "LOC")]
    [('孙春兰', 'PER'), ('武汉', 'LOC')]

Training the taggers lives in :mod:`kg.training` (``kg train ner``).
"""

from kg.ner.evaluate import evaluate_bio
from kg.ner.tagger import Tagger, load_tagger

__all__ = ["load_tagger", "Tagger", "evaluate_bio"]
