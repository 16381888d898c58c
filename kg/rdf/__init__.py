"""Everything that knows RDF: vocabularies, the graph writer, serialization."""
