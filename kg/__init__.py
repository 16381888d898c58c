"""kg: a knowledge-graph builder for Chinese news.

>>> import kg
>>> graph = kg.build_text("国家主席习近平8日在北京会见巴基斯坦总理谢里夫。", date="2024-01-08")  # doctest: +SKIP
>>> graph.entities(), graph.events(), graph.to_rdf(), graph.to_networkx()            # doctest: +SKIP
>>> graph.serialize("out/graph.trig")                                                 # doctest: +SKIP

``kg.build(paths)`` builds from files, ``kg.load(path)`` reads a graph kg wrote;
see :mod:`kg.api`.  Importing kg loads no model and no training library: the
functions import what they need when called.
"""

__version__ = "0.1.0"

__all__ = ["build_text", "build", "load", "KnowledgeGraph", "__version__"]


def __getattr__(name):
    if name in ("build_text", "build", "load", "KnowledgeGraph"):
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
