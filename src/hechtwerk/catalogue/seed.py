"""The initial catalogue, taken from the seed documents 001, 002 and 003 (texts in our own words).

Ages follow the conventions in `ages.py`. Where a source states a value twice, differently, the
first (summary) value is the primary one and the other is kept as an alternative with its source;
nothing is silently dropped. Loaded by `load_catalogue` (management command and demo data).
"""

from __future__ import annotations

from typing import Any

from hechtwerk.method.ages import (
    months,
    pregnancy_week_to_days,
    up_to_and_including_year,
    weeks,
    years,
)
from hechtwerk.method.codes import NO_CONCERNS, SituationKind

from .constants import EvidenceLevel, Format, PreventionLevel, TargetKind, ThemeKind

S001 = "Document 001, oudertraining Het Begint Bij Mij"
S002 = "Document 002, cursus hechting voor therapeuten, bijeenkomsten 3 en 4"
S003 = "Document 003, bijlage 3.1 Overzicht interventies JGZ"
NJI = "Databank Effectieve Jeugdinterventies (NJi), zoals vermeld in"

THEMES: list[tuple[str, str, str]] = [
    ("ouder-kindinteractie", "Ouder-kindinteractie en hechting", ThemeKind.THEME),
    ("sensitiviteit", "Sensitief reageren op signalen van het kind", ThemeKind.THEME),
    ("voorbereiding-ouderschap", "Voorbereiding op het ouderschap", ThemeKind.THEME),
    ("opvoedvaardigheden", "Opvoedvaardigheden", ThemeKind.THEME),
    ("competentie-ouders", "Zelfvertrouwen en competentie van ouders", ThemeKind.THEME),
    ("sociaal-netwerk", "Sociaal netwerk en steun", ThemeKind.THEME),
    ("rol-partner", "Rol van de partner", ThemeKind.THEME),
    ("gezondheid", "Gezondheid en leefstijl", ThemeKind.THEME),
    ("signaleren", "Signaleren in de JGZ", ThemeKind.THEME),
    ("regulatieproblemen", "Huilen, voeden of slapen (regulatie)", ThemeKind.CONDITION),
    ("stress-overbelasting", "Stress of overbelasting van ouders", ThemeKind.CONDITION),
    ("risico-mishandeling", "Risico op kindermishandeling", ThemeKind.CONDITION),
    ("belastende-omstandigheden", "Belastende omstandigheden", ThemeKind.CONDITION),
    ("gedragsproblemen", "Gedragsproblemen van het kind", ThemeKind.CONDITION),
    ("problematische-gehechtheid", "Problematische gehechtheid", ThemeKind.CONDITION),
    ("lage-ses", "Weinig opleiding of lage sociaaleconomische status", ThemeKind.CONDITION),
]

D, R, V, S, G = (
    SituationKind.DIMENSION,
    SituationKind.REFERRAL_CRITERION,
    SituationKind.VULNERABILITY,
    SituationKind.SAMENSTARTEN,
    SituationKind.GENERAL,
)
T, P = TargetKind.THEME, TargetKind.PREVENTION_LEVEL

# (situation kind, code, target kind, target, weight): sensible defaults, editable by a beheerder.
MATCHING_RULES: list[tuple[str, str, str, str, int]] = [
    (G, NO_CONCERNS, P, PreventionLevel.UNIVERSAL, 2),
    (D, "aansluiten", T, "sensitiviteit", 3),
    (D, "aansluiten", T, "ouder-kindinteractie", 2),
    (D, "betrokkenheid", T, "ouder-kindinteractie", 3),
    (D, "betrokkenheid", T, "competentie-ouders", 1),
    (D, "comfortzone", T, "regulatieproblemen", 3),
    (D, "comfortzone", T, "sensitiviteit", 2),
    (D, "voorspelbaarheid", T, "opvoedvaardigheden", 2),
    (D, "voorspelbaarheid", T, "ouder-kindinteractie", 1),
    (D, "balans", T, "stress-overbelasting", 3),
    (D, "balans", T, "sociaal-netwerk", 1),
    (R, "regulatieproblemen", T, "regulatieproblemen", 3),
    (R, "regulatieproblemen", P, PreventionLevel.INDICATED, 1),
    (R, "zorgen_overbelasting", T, "stress-overbelasting", 3),
    (R, "zorgen_overbelasting", P, PreventionLevel.INDICATED, 1),
    (R, "disfunctioneel_patroon", T, "problematische-gehechtheid", 3),
    (R, "disfunctioneel_patroon", T, "ouder-kindinteractie", 2),
    (R, "disfunctioneel_patroon", P, PreventionLevel.INDICATED, 2),
    (R, "stressfactoren", T, "belastende-omstandigheden", 3),
    (R, "stressfactoren", T, "stress-overbelasting", 1),
    (V, "niet_kwetsbaar", P, PreventionLevel.UNIVERSAL, 2),
    (V, "potentieel_kwetsbaar", P, PreventionLevel.SELECTIVE, 2),
    (V, "potentieel_kwetsbaar", P, PreventionLevel.UNIVERSAL, 1),
    (V, "kwetsbaar", P, PreventionLevel.SELECTIVE, 3),
    (V, "kwetsbaar", P, PreventionLevel.INDICATED, 1),
    (V, "zeer_kwetsbaar", P, PreventionLevel.INDICATED, 3),
    (V, "zeer_kwetsbaar", P, PreventionLevel.SELECTIVE, 2),
    (V, "zeer_kwetsbaar", T, "risico-mishandeling", 2),
    (S, "competentie_ouders", T, "competentie-ouders", 3),
    (S, "competentie_ouders", T, "opvoedvaardigheden", 2),
    (S, "rol_partner", T, "rol-partner", 3),
    (S, "sociaal_netwerk", T, "sociaal-netwerk", 3),
    (S, "gebeurtenissen_omstandigheden", T, "belastende-omstandigheden", 3),
    (S, "welbevinden_kind", T, "regulatieproblemen", 2),
    (S, "welbevinden_kind", T, "ouder-kindinteractie", 1),
]

NOT_IN_SOURCE = "niet genoemd in de bron"


def _therapy(slug: str, name: str, extra_note: str = "") -> dict[str, Any]:
    return {
        "slug": slug,
        "name": name,
        "owner": "",
        "target_group": "Kinderen met een problematische gehechtheid en hun ouders of "
        "verzorgers, in behandeling bij een therapeut.",
        "goal": "Een veiligere gehechtheidsrelatie tussen kind en opvoeder helpen herstellen.",
        "approach": "Behandelmethode die in de cursus hechting voor therapeuten met theorie en "
        "oefeningen wordt behandeld. De bron beschrijft de inhoud niet verder; aan te vullen "
        "door de beheerder.",
        "age": None,
        "age_text": NOT_IN_SOURCE,
        "format": Format.THERAPY,
        "contacts": None,
        "prevention_level": PreventionLevel.INDICATED,
        "prevention_source": f"{S002} (behandeling bij bestaande problemen)",
        "evidence_level": EvidenceLevel.NOT_ASSESSED,
        "evidence_source": "Document 002 noemt geen beoordeling; na te gaan in de "
        "Databank Effectieve Jeugdinterventies (NJi).",
        "source": S002,
        "notes": extra_note,
        "themes": ["problematische-gehechtheid", "ouder-kindinteractie"],
    }


# Each: age = (from, to, text, source) or None; contacts = (min, max, minutes, text) or None;
# alternatives = [(field, low, high, text, source)].
INTERVENTIONS: list[dict[str, Any]] = [
    {
        "slug": "centeringparenting",
        "name": "CenteringParenting",
        "owner": "",
        "target_group": "Alle ouders met een baby; een vaste groep van 6 tot 8 ouders met "
        "kinderen van ongeveer dezelfde leeftijd.",
        "goal": "De eigen kracht van gezinnen versterken.",
        "approach": "Ouders komen met hun baby in een vaste groep naar het consultatiebureau. "
        "Samen bespreken ze onder meer voeding, slaap, beweging, gedrag, veiligheid en "
        "ouderschap; zorg voor kind en ouder gaan samen en ouders leren van elkaar.",
        "age": (weeks(4), years(1), "vanaf 4 weken tot 1 jaar", S003),
        "format": Format.GROUP,
        "contacts": (8, 8, None, "8 groepsbijeenkomsten in het eerste jaar"),
        "prevention_level": PreventionLevel.UNIVERSAL,
        "evidence_level": EvidenceLevel.NOT_ASSESSED,
        "evidence_source": f"{S003}: (nog) niet in de databank opgenomen",
        "source": S003,
        "notes": "Volgens de bron wordt de aanpak nog onderzocht.",
        "themes": ["ouder-kindinteractie", "competentie-ouders", "sociaal-netwerk", "gezondheid"],
    },
    {
        "slug": "zbk",
        "name": "Zwanger, Bevallen, een Kind (ZBK)",
        "owner": "Stichting Babywerk",
        "target_group": "Alle aanstaande ouders (de zwangere en haar partner of een andere "
        "naaste) vanaf 20 weken zwangerschap.",
        "goal": "Een gezonde ontwikkeling van het kind bevorderen door lichamelijke, psychische "
        "en psychosociale problemen bij de ouders te voorkomen.",
        "approach": "Cursus door een team van docenten uit verschillende vakken (beweging, "
        "JGZ, verloskunde, lactatiekunde, pedagogiek): voorbereiding op bevalling en "
        "ouderschap, oefeningen, omgaan met stress, contact met de baby en hechting, met "
        "eigen onderdelen voor partners.",
        "age": (pregnancy_week_to_days(20), 0, "vanaf 20 weken zwangerschap", S003),
        "format": Format.GROUP,
        "contacts": (10, 10, None, "10 bijeenkomsten"),
        "prevention_level": PreventionLevel.UNIVERSAL,
        "evidence_level": EvidenceLevel.WELL_FOUNDED,
        "evidence_source": f"{NJI} {S003}",
        "source": S003,
        "notes": "De bron noemt geen einde van het leeftijdsvenster; de cursus valt in de "
        "zwangerschap, daarom eindigt het venster bij de geboorte.",
        "themes": [
            "voorbereiding-ouderschap",
            "ouder-kindinteractie",
            "rol-partner",
            "sociaal-netwerk",
            "gezondheid",
        ],
    },
    {
        "slug": "een-kindje-krijgen",
        "name": "E-learning ‘Een kindje krijgen’",
        "owner": "Stichting Babywerk",
        "target_group": "Aanstaande ouders met weinig opleiding of een lage sociaaleconomische "
        "status, vanaf 20 weken zwangerschap.",
        "goal": "Stress en angst rond de zwangerschap verminderen en vertrouwen in eigen "
        "kunnen, sociale steun en gezondheidsvaardigheden vergroten.",
        "approach": "Vijf online afleveringen om thuis te bekijken: gespeelde scènes, uitleg "
        "door een professional, vragen en keuzeopdrachten. Te combineren met persoonlijk "
        "contact met een professional. Gebaseerd op de cursus ZBK.",
        "age": (pregnancy_week_to_days(20), 0, "vanaf 20 weken zwangerschap", S003),
        "format": Format.E_LEARNING,
        "contacts": (5, 5, 60, "5 afleveringen van 45 tot 60 minuten"),
        "prevention_level": PreventionLevel.SELECTIVE,
        "evidence_level": EvidenceLevel.WELL_FOUNDED,
        "evidence_source": f"{NJI} {S003}",
        "source": S003,
        "notes": "De bron noemt geen einde van het leeftijdsvenster; enkele afleveringen zijn "
        "ook na de bevalling bruikbaar.",
        "themes": [
            "voorbereiding-ouderschap",
            "gezondheid",
            "stress-overbelasting",
            "lage-ses",
            "sociaal-netwerk",
        ],
    },
    {
        "slug": "kijkeenbaby",
        "name": "Kijkeenbaby-films",
        "owner": "Stichting Babywerk",
        "target_group": "JGZ-professionals en verloskundigen, voor gesprekken met aanstaande "
        "ouders.",
        "goal": "Aanstaande ouders laten zien waarom goed contact met hun baby ertoe doet en "
        "hoe ze dat maken en houden.",
        "approach": "Korte voorlichtingsfilms die de professional inzet bij de voorbereiding op "
        "het ouderschap en het leven met een baby.",
        "age": (-280, 0, "aanstaande ouders (geen week genoemd)", S003),
        "format": Format.FILMS,
        "contacts": None,
        "prevention_level": PreventionLevel.UNIVERSAL,
        "evidence_level": EvidenceLevel.NOT_ASSESSED,
        "evidence_source": f"{S003}: niet in een databank opgenomen",
        "source": S003,
        "notes": "",
        "themes": ["voorbereiding-ouderschap", "ouder-kindinteractie"],
    },
    {
        "slug": "workshop-moeder-vader-worden",
        "name": "Workshop ‘Moeder/Vader worden’",
        "owner": "Stichting Babywerk",
        "target_group": "JGZ-professionals en verloskundigen die aanstaande ouders begeleiden.",
        "goal": "Professionals praktische handvatten geven voor steun aan aanstaande ouders bij "
        "het ouderschap.",
        "approach": "Workshop voor professionals, opgebouwd uit onderdelen van de cursus ZBK.",
        "age": (-280, 0, "aanstaande ouders (geen week genoemd)", S003),
        "format": Format.WORKSHOP,
        "contacts": None,
        "prevention_level": PreventionLevel.UNIVERSAL,
        "evidence_level": EvidenceLevel.NOT_ASSESSED,
        "evidence_source": f"{S003}: niet in een databank opgenomen",
        "source": S003,
        "notes": "In de samenvatting herhaalt de bron bij deze workshop de tekst van de "
        "Kijkeenbaby-films (voorlichtingsfilms); de beschrijving eronder spreekt van workshops "
        "voor professionals. Deze catalogus volgt de beschrijving.",
        "themes": ["voorbereiding-ouderschap"],
    },
    {
        "slug": "bewustzwanger",
        "name": "BewustZwanger (app)",
        "owner": "",
        "target_group": "Aanstaande moeders en hun partners tijdens de zwangerschap.",
        "goal": "Helpen een goede band met het ongeboren kind op te bouwen en bewust "
        "voorbereid te zijn op de geboorte.",
        "approach": "Online cursus in een app: uitleg over de psychologie van de zwangerschap "
        "en de ontwikkeling van de baby, interviews met andere aanstaande ouders, filmpjes "
        "over contact met baby's, tips over opvoeden en praten met je partner, oefeningen voor "
        "contact met de baby en ontspanning.",
        "age": (-280, 0, "tijdens de zwangerschap", S003),
        "format": Format.APP,
        "contacts": None,
        "prevention_level": PreventionLevel.UNIVERSAL,
        "evidence_level": EvidenceLevel.NOT_ASSESSED,
        "evidence_source": f"{S003} noemt geen beoordeling",
        "source": S003,
        "notes": "",
        "themes": ["voorbereiding-ouderschap", "ouder-kindinteractie", "rol-partner"],
    },
    {
        "slug": "informatiekaart",
        "name": "Informatiekaart ‘Signaleren en ondersteunen ouder-kindrelatie’",
        "owner": "Babykennis",
        "target_group": "Zorgverleners die ouders met een baby begeleiden.",
        "goal": "Problemen in de ouder-kindrelatie invoelend bespreekbaar maken en weten "
        "wanneer meer intensieve hulp nodig is.",
        "approach": "Een kaart die voor ouder, kind en hulpverlener beschrijft welk gedrag en "
        "welke gevoelens op problemen kunnen wijzen, met wat de hulpverlener beter wel en niet "
        "doet. De achterkant noemt risicofactoren en de vier redenen om door te verwijzen.",
        "age": None,
        "age_text": "niet genoemd in de bron (de kaart gaat over baby's)",
        "format": Format.INFORMATION_CARD,
        "contacts": None,
        "prevention_level": PreventionLevel.UNIVERSAL,
        "evidence_level": EvidenceLevel.NOT_ASSESSED,
        "evidence_source": f"{S003} noemt geen beoordeling",
        "source": S003,
        "notes": "",
        "themes": [
            "signaleren",
            "ouder-kindinteractie",
            "regulatieproblemen",
            "stress-overbelasting",
        ],
    },
    {
        "slug": "voorzorg",
        "name": "VoorZorg",
        "owner": "",
        "target_group": "Jonge moeders bij wie risicofactoren voor mishandeling en "
        "verwaarlozing zich opstapelen (zoals weinig opleiding, huiselijk geweld, middelengebruik "
        "in de zwangerschap), en hun eerste kind.",
        "goal": "Het risico op kindermishandeling verkleinen door moeder en kind als eenheid te "
        "steunen.",
        "approach": "Een VoorZorgverpleegkundige komt in de zwangerschap en de eerste twee "
        "levensjaren op huisbezoek, in een vaste opbouw die de zwangerschap en de ontwikkeling "
        "van het kind volgt: gezondheid en veiligheid, eigen ontwikkeling van de moeder, de "
        "moeder als opvoeder, relaties met partner en familie, voorzieningen in de buurt.",
        "age": (months(-9), years(2), "van -9 maanden tot 2 jaar", S003),
        "format": Format.HOME_VISITS,
        "contacts": (64, 64, None, "64 huisbezoeken"),
        "prevention_level": PreventionLevel.SELECTIVE,
        "prevention_source": f"{S003} (afgeleid uit de doelgroep)",
        "evidence_level": EvidenceLevel.GOOD_INDICATIONS,
        "evidence_source": f"{NJI} {S003}",
        "source": S003,
        "notes": "",
        "themes": [
            "risico-mishandeling",
            "belastende-omstandigheden",
            "opvoedvaardigheden",
            "gezondheid",
            "rol-partner",
            "sociaal-netwerk",
        ],
    },
    {
        "slug": "samenstarten",
        "name": "SamenStarten",
        "owner": "",
        "target_group": "Ouders met een kind van 0 tot 4 jaar die de JGZ bezoeken.",
        "goal": "De psychosociale ontwikkeling van kinderen bevorderen.",
        "approach": "Een volgsysteem in stappen: bij 8 weken bespreken ouders en "
        "JGZ-professional uitgebreid de opvoedsituatie langs vijf domeinen. De professional "
        "brengt risico- en beschermende factoren in kaart, bekrachtigt wat ouders goed doen en "
        "leidt zo nodig toe naar passende zorg.",
        "age": (0, years(4), "tussen 0 en 4 jaar", S003),
        "format": Format.CONSULT_METHOD,
        "contacts": None,
        "contacts_text": "uitgebreid gesprek op 8 weken, daarna tijdens de gewone contactmomenten",
        "prevention_level": PreventionLevel.UNIVERSAL,
        "evidence_level": EvidenceLevel.WELL_FOUNDED,
        "evidence_source": f"{NJI} {S003}",
        "source": S003,
        "notes": "",
        "themes": [
            "signaleren",
            "competentie-ouders",
            "rol-partner",
            "sociaal-netwerk",
            "belastende-omstandigheden",
        ],
    },
    {
        "slug": "stevig-ouderschap",
        "name": "Stevig Ouderschap",
        "owner": "",
        "target_group": "(Aanstaande) ouders met een minder makkelijke start: een belastende "
        "voorgeschiedenis, persoonlijke problemen, weinig steun in de omgeving of een zwaardere "
        "opvoedtaak (ongeveer 5 tot 7% van de ouders).",
        "goal": "Ernstige opvoedproblemen, waaronder kindermishandeling, voorkomen.",
        "approach": "Een speciaal opgeleide jeugdverpleegkundige komt op huisbezoek en werkt "
        "vanuit de kracht en wensen van het gezin aan opvoedkennis en -vaardigheden, "
        "zelfvertrouwen, omgaan met stress en sociale steun. Ouders komen in beeld via een "
        "vragenlijst na de geboorte of via een verwijzer tijdens de zwangerschap.",
        "age": (months(-5), years(2.5), "van -5 maanden tot 2,5 jaar", f"{S003}, samenvatting"),
        # "via een vragenlijst na de geboorte of via een verwijzer tijdens de zwangerschap"
        "starts_after_birth": True,
        "format": Format.HOME_VISITS,
        "contacts": (10, 14, None, "10 tot 14 huisbezoeken"),
        "contacts_source": f"{S003}, samenvatting",
        "prevention_level": PreventionLevel.SELECTIVE,
        "evidence_level": EvidenceLevel.FIRST_INDICATIONS,
        "evidence_source": f"{NJI} {S003}",
        "source": S003,
        "notes": "",
        "alternatives": [
            (
                "leeftijd",
                pregnancy_week_to_days(16),
                years(2),
                "vanaf 16 weken zwangerschap; postnatale bezoeken tot 2 jaar",
                f"{S003}, beschrijving",
            ),
            (
                "contacten",
                6,
                14,
                "ca. 4 prenatale en/of 6 tot 10 postnatale huisbezoeken",
                f"{S003}, beschrijving",
            ),
        ],
        "themes": [
            "stress-overbelasting",
            "belastende-omstandigheden",
            "risico-mishandeling",
            "competentie-ouders",
            "sociaal-netwerk",
            "opvoedvaardigheden",
        ],
    },
    {
        "slug": "vipp-sd",
        "name": "VIPP-SD (videofeedback voor positief opvoeden en sensitief disciplineren)",
        "owner": "Ontwikkeld door Juffer, Bakermans-Kranenburg en Van IJzendoorn",
        "target_group": "Ouders van jonge kinderen met lastig of naar buiten gericht gedrag "
        "(milde gedragsproblemen).",
        "goal": "Positief opvoeden en sensitief disciplineren bevorderen.",
        "approach": "Bij huisbezoeken worden korte video-opnamen van ouder en kind gemaakt. De "
        "begeleider bespreekt die met de ouders, met aandacht voor positieve interactie en "
        "sensitieve manieren om grenzen te stellen.",
        "age": (
            years(1),
            up_to_and_including_year(6),
            "1 tot en met 6 jaar",
            f"{S003}, samenvatting",
        ),
        "format": Format.HOME_VISITS,
        "contacts": (6, 6, None, "6 huisbezoeken"),
        "prevention_level": PreventionLevel.INDICATED,
        "evidence_level": EvidenceLevel.STRONG_INDICATIONS,
        "evidence_source": f"{NJI} {S003}",
        "source": S003,
        "notes": "",
        "alternatives": [
            (
                "leeftijd",
                years(1),
                up_to_and_including_year(3),
                "1 tot en met 3 jaar",
                f"{S003}, beschrijving",
            ),
        ],
        "themes": [
            "gedragsproblemen",
            "sensitiviteit",
            "opvoedvaardigheden",
            "ouder-kindinteractie",
            "problematische-gehechtheid",
        ],
    },
    {
        "slug": "k-vht",
        "name": "Kortdurende video-hometraining (K-VHT)",
        "owner": "",
        "target_group": "Ouders met opvoedvragen, of met spanning of problemen in de opvoeding, "
        "van een kind tot 4 jaar.",
        "goal": "Opvoedvaardigheden versterken en zo de ouder-kindrelatie verbeteren.",
        "approach": "Zes huisbezoeken waarin ouders feedback krijgen op video-opnamen van hun "
        "omgang met het kind.",
        "age": (0, years(4), "tot 4 jaar", S003),
        "format": Format.HOME_VISITS,
        "contacts": (6, 6, None, "6 huisbezoeken"),
        "prevention_level": PreventionLevel.SELECTIVE,
        "evidence_level": EvidenceLevel.WELL_FOUNDED,
        "evidence_source": f"{NJI} {S003}",
        "source": S003,
        "notes": "De samenvatting in de bron noemt als doel sensitief disciplineren, net als bij "
        "VIPP-SD; de beschrijving noemt opvoedvaardigheden en de ouder-kindrelatie. Deze "
        "catalogus volgt de beschrijving.",
        "themes": [
            "opvoedvaardigheden",
            "ouder-kindinteractie",
            "sensitiviteit",
            "stress-overbelasting",
        ],
    },
    {
        "slug": "shantala",
        "name": "Shantala Babymassage Individueel",
        "owner": "",
        "target_group": "Moeders met een risico op weinig sensitief opvoedgedrag: stress of "
        "problemen bij opvoeding of verzorging, of tekenen van interactieproblemen, "
        "bijvoorbeeld bij een huilbaby of prikkelbare baby.",
        "goal": "Een veilige gehechtheidsrelatie tussen moeder en kind bevorderen door de "
        "sensitiviteit van de moeder bij de verzorging te vergroten.",
        "approach": "Drie wekelijkse huisbezoeken: de docent leert de moeder haar baby te "
        "masseren in het tempo van de baby, met directe feedback, en combineert dat met "
        "voorlichting over huilen, lichaamstaal en communicatie. De moeder maakt een plan om "
        "daarna door te gaan.",
        "age": (0, months(9), "0 tot 9 maanden", f"{S003}, samenvatting"),
        "format": Format.HOME_VISITS,
        "contacts": (3, 3, 90, "3 huisbezoeken van anderhalf uur, elke week één"),
        "prevention_level": PreventionLevel.SELECTIVE,
        "evidence_level": EvidenceLevel.WELL_FOUNDED,
        "evidence_source": f"{NJI} {S003}",
        "source": S003,
        "notes": "",
        "alternatives": [
            (
                "leeftijd",
                weeks(6),
                months(9),
                "6 weken tot 9 maanden",
                f"{S003}, beschrijving (twee keer genoemd)",
            ),
        ],
        "themes": [
            "sensitiviteit",
            "ouder-kindinteractie",
            "regulatieproblemen",
            "stress-overbelasting",
        ],
    },
    {
        "slug": "werkwijze-kuipers",
        "name": "Werkwijze Kuipers",
        "owner": "Paulien Kuipers; training en materiaal via Stichting Kinderleven",
        "target_group": "Alle ouders van een baby tot 1 jaar die de JGZ bezoeken.",
        "goal": "Een veilige gehechtheidsrelatie bevorderen door belemmeringen in de "
        "ouder-kindrelatie tijdens de gewone contactmomenten bespreekbaar te maken.",
        "approach": "De JGZ-professional kijkt bij elk consult in het eerste halfjaar met de "
        "Signalenlijst naar de ouder-kindrelatie langs vijf dimensies. Is een dimensie zoekend, "
        "dan biedt de professional het ééngespreksmodel aan: de positieve interactie benoemen "
        "en bekrachtigen, zonder advies of oordeel. Zo nodig volgt een verwijzing.",
        "age": (0, years(1), "van de geboorte tot 1 jaar", S003),
        "format": Format.CONSULT_METHOD,
        "contacts": None,
        "contacts_text": "tijdens de gewone contactmomenten in het eerste jaar",
        "prevention_level": PreventionLevel.UNIVERSAL,
        # The national databank has not assessed it, whatever the method's own material says.
        "evidence_level": EvidenceLevel.NOT_ASSESSED,
        "evidence_source": f"{S003}: (nog) niet ingediend bij de Databank Effectieve "
        "Jeugdinterventies (NJi)",
        "provider_claim": "Een eerste procesevaluatie meldt dat professionals en ouders "
        "enthousiast zijn.",
        "source": S003,
        "notes": "",
        "themes": ["signaleren", "ouder-kindinteractie", "sensitiviteit"],
    },
    _therapy("basic-trust", "Basic Trust"),
    _therapy("differentiatie-en-fasetherapie", "Differentiatie- en fasetherapie"),
    _therapy("theraplay", "Theraplay"),
    _therapy("mbt", "MBT (mentaliseren)"),
    _therapy(
        "vipp",
        "VIPP (videofeedback voor positief opvoeden)",
        "Document 002 noemt VIPP als behandelmethode; VIPP-SD (document 003) is een "
        "uitbreiding met sensitief disciplineren en staat apart in de catalogus.",
    ),
    {
        "slug": "het-begint-bij-mij",
        "name": "Het Begint Bij Mij (oudertraining)",
        "owner": "Het Begint Bij Mij",
        "target_group": "Ouders, jongeren en mede-opvoeders die vrijwillig meedoen, kunnen "
        "nadenken over hun eigen handelen, enigszins Nederlands, Arabisch of Engels spreken en "
        "niet in een crisis zitten. Geschikt voor ouders met verschillende culturele "
        "achtergronden.",
        "goal": "Ouders sterker maken in hun rol, zelfvertrouwen, communicatie en normen en "
        "waarden, zodat positieve veranderingen in het gezin blijven.",
        "approach": "Groepstraining met ongeveer 8 deelnemers en één of twee gecertificeerde "
        "trainers: eerst kennismaken en groepsregels, dan vier bouwstenen (rol en "
        "verantwoordelijkheid; zelfvertrouwen en zelfbeeld; communicatie; normen, waarden en "
        "regels) met oefeningen, filmpjes en huiswerk. Daarna gaat de groep verder als "
        "supportgroep met een vrijwillige leider.",
        "age": None,
        "age_text": "niet genoemd; ook ouders van kinderen op de basisschool",
        "format": Format.GROUP,
        "contacts": (6, 6, 180, "6 bijeenkomsten van ongeveer 3 uur"),
        "contacts_source": f"{S001}, aanpak en inhoud",
        "prevention_level": PreventionLevel.UNIVERSAL,
        "prevention_source": f"{S001} (afgeleid: geschikt voor veel ouders)",
        "evidence_level": EvidenceLevel.NOT_ASSESSED,
        "evidence_source": "Document 001 noemt geen beoordeling door de databank",
        "provider_claim": "Eigen evaluatie onder 100 ouders: 93% merkt een positieve invloed "
        "op het dagelijks leven, 61% een grote positieve invloed.",
        "source": S001,
        "notes": "",
        "alternatives": [
            (
                "contacten",
                5,
                5,
                "spreekt later van vijf trainingsbijeenkomsten",
                f"{S001}, alinea over de aanpak tijdens bijeenkomsten",
            ),
        ],
        "themes": ["opvoedvaardigheden", "competentie-ouders", "sociaal-netwerk"],
    },
]
