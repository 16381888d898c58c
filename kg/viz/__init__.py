"""Interactive, offline HTML views of kg graphs (``kg viz``)."""

from kg.viz.page import DEFAULT_MAX_NODES, build_network, build_page, write_page

__all__ = ["DEFAULT_MAX_NODES", "build_network", "build_page", "write_page"]
