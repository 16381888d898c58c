"""Vocabulary constants.

``KG`` mirrors ``ontology/kg.ttl`` term for term (a test fails if they drift);
misspelt terms raise at import time because the namespace is closed.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["KG", "KG_ONTOLOGY", "SCHEMA", "NIF", "ITSRDF", "ORG", "PROV", "DCTERMS", "PREFIXES"]


class KG(DefinedNamespace):
    """The kg ontology (``ontology/kg.ttl``)."""

    _fail = True
    _NS = Namespace("http://kg.example.org/ontology#")

    # classes
    Person: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    InternationalOrganization: URIRef
    Company: URIRef
    Hospital: URIRef
    EducationalOrganization: URIRef
    MilitaryOrganization: URIRef
    Place: URIRef
    Country: URIRef
    AdministrativeArea: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    Community: URIRef
    Facility: URIRef
    Region: URIRef
    Event: URIRef
    Meeting: URIRef
    Inspection: URIRef
    PhoneCall: URIRef
    Lockdown: URIRef
    Reopening: URIRef
    Construction: URIRef
    Announcement: URIRef
    Dispatch: URIRef
    Aid: URIRef
    Decision: URIRef
    Instruction: URIRef
    Establishment: URIRef
    Speech: URIRef
    Arrival: URIRef
    Treatment: URIRef
    Role: URIRef
    TimeValue: URIRef
    Extraction: URIRef
    # properties
    approximate: URIRef
    counts: URIRef
    sourceFile: URIRef
    agent: URIRef
    attendee: URIRef
    organizer: URIRef
    caller: URIRef
    callee: URIRef
    recipient: URIRef
    target: URIRef
    talksWith: URIRef
    metWith: URIRef
    aided: URIRef
    donatedTo: URIRef
    visited: URIRef


KG_ONTOLOGY = URIRef("http://kg.example.org/ontology")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

#: Prefixes bound in every graph kg writes (and used by kg query).
PREFIXES = {
    "kg": str(KG._NS),
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": str(DCTERMS),
}
