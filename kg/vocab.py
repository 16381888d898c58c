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
    SportsTeam: URIRef
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
    Investment: URIRef
    # event families (DuEE 1.0)
    FinanceEvent: URIRef
    ProductEvent: URIRef
    InteractionEvent: URIRef
    CompetitionEvent: URIRef
    LifeEvent: URIRef
    JusticeEvent: URIRef
    DisasterEvent: URIRef
    OrganizationRelationEvent: URIRef
    OrganizationActionEvent: URIRef
    # one class per DuEE 1.0 type (Meeting is 交往-会见)
    Acquisition: URIRef
    LimitDown: URIRef
    RateHike: URIRef
    PriceCut: URIRef
    RateCut: URIRef
    Financing: URIRef
    Listing: URIRef
    PriceRise: URIRef
    LimitUp: URIRef
    ProductLaunch: URIRef
    AwardWin: URIRef
    FilmRelease: URIRef
    Takedown: URIRef
    Recall: URIRef
    Apology: URIRef
    Praise: URIRef
    Thanks: URIRef
    SetVisit: URIRef
    Championship: URIRef
    Advancement: URIRef
    CompetitionBan: URIRef
    MatchResult: URIRef
    CompetitionWithdrawal: URIRef
    Retirement: URIRef
    Birth: URIRef
    Affair: URIRef
    Engagement: URIRef
    BreakUp: URIRef
    Pregnancy: URIRef
    Wedding: URIRef
    Marriage: URIRef
    Divorce: URIRef
    BirthdayCelebration: URIRef
    MarriageProposal: URIRef
    Disappearance: URIRef
    Death: URIRef
    Fine: URIRef
    Arrest: URIRef
    Accusation: URIRef
    Trial: URIRef
    CaseFiling: URIRef
    Lawsuit: URIRef
    Imprisonment: URIRef
    Summons: URIRef
    Explosion: URIRef
    TrafficAccident: URIRef
    Earthquake: URIRef
    Flood: URIRef
    Fire: URIRef
    Collapse: URIRef
    Attack: URIRef
    PlaneCrash: URIRef
    Layoff: URIRef
    Resignation: URIRef
    Joining: URIRef
    Dismissal: URIRef
    Dissolution: URIRef
    ContractTermination: URIRef
    Suspension: URIRef
    Withdrawal: URIRef
    Strike: URIRef
    Closing: URIRef
    Opening: URIRef
    Demonstration: URIRef
    # modality of an event, and its values
    Modality: URIRef
    Planned: URIRef
    Negated: URIRef
    Hypothetical: URIRef
    Role: URIRef
    TimeValue: URIRef
    Extraction: URIRef
    # properties
    approximate: URIRef
    counts: URIRef
    sourceFile: URIRef
    contentHash: URIRef
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
    ancestralHome: URIRef
    # event types and roles
    dueeType: URIRef
    dueeRole: URIRef
    modality: URIRef
    # DuEE roles: participants
    seller: URIRef
    acquirer: URIRef
    rateHikeAuthority: URIRef
    priceCutter: URIRef
    rateCutAuthority: URIRef
    coInvestor: URIRef
    leadInvestor: URIRef
    fundedParty: URIRef
    listedCompany: URIRef
    priceRaiser: URIRef
    launcher: URIRef
    awardee: URIRef
    awardPresenter: URIRef
    distributor: URIRef
    removedParty: URIRef
    remover: URIRef
    recaller: URIRef
    apologyRecipient: URIRef
    apologizer: URIRef
    praiser: URIRef
    praisedParty: URIRef
    thanker: URIRef
    thankedParty: URIRef
    setVisitor: URIRef
    setVisitee: URIRef
    champion: URIRef
    advancingParty: URIRef
    bannedParty: URIRef
    banningBody: URIRef
    loser: URIRef
    winner: URIRef
    competitor: URIRef
    withdrawingCompetitor: URIRef
    retiree: URIRef
    parent: URIRef
    newborn: URIRef
    unfaithfulPartner: URIRef
    affairPartner: URIRef
    engagedParty: URIRef
    breakUpParty: URIRef
    expectantMother: URIRef
    spouse: URIRef
    divorcingParty: URIRef
    birthdayPerson: URIRef
    celebrant: URIRef
    proposer: URIRef
    proposee: URIRef
    missingPerson: URIRef
    deceased: URIRef
    finedParty: URIRef
    enforcementAgency: URIRef
    arrester: URIRef
    arrestee: URIRef
    accuser: URIRef
    accused: URIRef
    court: URIRef
    investigatingBody: URIRef
    caseSubject: URIRef
    defendant: URIRef
    plaintiff: URIRef
    prisoner: URIRef
    summonedParty: URIRef
    summoner: URIRef
    attacker: URIRef
    downsizer: URIRef
    leaver: URIRef
    formerOrganization: URIRef
    joiner: URIRef
    joinedOrganization: URIRef
    dismisser: URIRef
    dismissedPerson: URIRef
    dissolvedOrganization: URIRef
    terminatedParty: URIRef
    terminatingParty: URIRef
    affiliation: URIRef
    suspendedPerson: URIRef
    leavingMember: URIRef
    striker: URIRef
    marchOrganizer: URIRef
    # DuEE roles: locations
    epicenter: URIRef
    # DuEE roles: quantities (schema:QuantitativeValue nodes)
    salePrice: URIRef
    rateHikeSize: URIRef
    priceCutSize: URIRef
    rateCutSize: URIRef
    fundingAmount: URIRef
    priceRiseSize: URIRef
    banLength: URIRef
    ageReached: URIRef
    ageAtDeath: URIRef
    fineAmount: URIRef
    prisonTerm: URIRef
    deathToll: URIRef
    injuredCount: URIRef
    magnitude: URIRef
    focalDepth: URIRef
    layoffCount: URIRef
    strikerCount: URIRef
    marcherCount: URIRef
    # DuEE roles: things named in the text (rdf:langString)
    tradedItem: URIRef
    limitDownStock: URIRef
    priceCutItem: URIRef
    fundingRound: URIRef
    priceRiseItem: URIRef
    limitUpStock: URIRef
    product: URIRef
    award: URIRef
    film: URIRef
    removedProduct: URIRef
    recalledItem: URIRef
    titleCompetition: URIRef
    advancementCompetition: URIRef
    competition: URIRef
    quitCompetition: URIRef
    courtCase: URIRef
    collapsedStructure: URIRef
    eventName: URIRef


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
