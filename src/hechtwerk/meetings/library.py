"""The shared library: the seven building blocks and eight example cases of the meeting script
(seed 004), described in our own words. Stored as content (Dutch), not as interface strings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BlockText:
    number: int
    name: str
    minutes: int
    goal: str
    working_forms: str
    materials: str
    questions: str


@dataclass(frozen=True)
class CaseText:
    number: int
    title: str
    text: str


BLOCKS: tuple[BlockText, ...] = (
    BlockText(
        1,
        "Binnenkomst",
        15,
        "Iedereen voelt zich welkom en maakt al een eerste praatje. Wie binnenkomt zet naam, "
        "functie, organisatie en een e-mailadres of telefoonnummer op een naamkaartje.",
        "Vrije inloop met koffie en thee.",
        "Catering; stiften, naamstickers of naambordjes.",
        "",
    ),
    BlockText(
        2,
        "Opening en programma",
        15,
        "Duidelijk maken waarom we bij elkaar zijn: samen zorgen dat elk kind in onze gemeente "
        "of regio een goede start krijgt.",
        "Korte quiz met de zaal over cijfers uit de eigen gemeente, daarna de echte cijfers "
        "bespreken; een snelle ronde wie-is-wie; het programma met de tijden doorlopen.",
        "Cijfers van de eigen gemeente (bijvoorbeeld van waarstaatjegemeente.nl of regiobeeld.nl).",
        "Hoeveel kinderen werden vorig jaar hier geboren? Hoeveel kinderen groeien op in een "
        "kwetsbare situatie? Hoeveel gezinnen met jonge kinderen ervaren stress? Hoeveel "
        "kinderen wonen met één ouder? Hoeveel jongvolwassenen hebben geldzorgen?",
    ),
    BlockText(
        3,
        "Elkaar beter leren kennen",
        20,
        "Deelnemers weten na afloop wie er in de zaal zit en hoe ieder bij Kansrijke Start "
        "betrokken is.",
        "Speeddate in drietallen: drie rondes van drie minuten, per ronde één vraag en één "
        "minuut per persoon. Of een bol wol: in een kring beantwoordt ieder twee vragen en "
        "gooit de bol door, zodat de draden het netwerk laten zien.",
        "Een bol wol (bij de tweede werkvorm).",
        "Wat is jouw rol in Kansrijke Start? Hoe kom je in contact met gezinnen uit de "
        "doelgroep? Wat zou je als eerste met de coalitie willen aanpakken?",
    ),
    BlockText(
        4,
        "Samen kwetsbaarheid omschrijven",
        50,
        "Deelnemers kennen de omschrijving van kwetsbaarheid die Kansrijke Start gebruikt en "
        "zien welke risicofactoren en beschermende factoren nodig zijn voor een goede weging.",
        "Gesprek in gemengde groepjes van drie of vier over de omschrijving en de vier "
        "gradaties; of casuswerk op een vel met drie kolommen (medische risico's, sociale "
        "risico's, beschermende factoren); of ieder schrijft factoren op plakbriefjes die de "
        "groep daarna samen bespreekt.",
        "Flip-overvellen, plakbriefjes, stiften, casuskaarten, enkele afdrukken van de "
        "omschrijving met het stroomschema.",
        "Kijken we vooral naar medische of naar sociale risico's, en waarom? Brengen we ook "
        "beschermende factoren in beeld? Wie gebruikt een gevalideerd screeningsinstrument? "
        "Welke gradatie past bij deze casus, en waarom?",
    ),
    BlockText(
        5,
        "Elkaars aanbod kennen en samenwerken",
        45,
        "Deelnemers weten wat de anderen te bieden hebben en hoe je ze bereikt; de afspraken "
        "over samenwerking zijn op een rij gezet en waar nodig verbeterd.",
        "Pitches per beroepsgroep (tien minuten voorbereiden, vijf minuten vertellen); een "
        "kaartenspel waarin organisaties elkaars aanbod beschrijven en aanvullen; een "
        "rollenspel met een gezin in het midden en de hulpverleners eromheen; of een klantreis "
        "langs een tijdlijn van drie maanden voor de zwangerschap tot het kind twee is.",
        "Papier en pennen, kartonnen kaartjes en stiften.",
        "Wie werkt in deze casus met wie samen, en hoe? Hoe zou het idealiter gaan? Wie "
        "missen we? Wat gaat goed, wat kan beter, en wat spreken we af?",
    ),
    BlockText(
        6,
        "Gelijkwaardig communiceren",
        45,
        "Stilstaan bij en oefenen met communicatie die aansluit bij de leefwereld van ouders "
        "en uitgaat van gelijkwaardigheid.",
        "Opwarmer over onbewuste vooroordelen met een vragencarrousel; casuskaarten bespreken "
        "in kleine groepjes; of ervaringen uitwisselen over een gesprek dat lastig verliep.",
        "Casuskaarten; computer, scherm en internet voor de vragencarrousel.",
        "Wat is je eerste reactie op deze casus? Hoe voelt deze ouder zich, denk je, en hoe "
        "check je dat? Welke vragen stel je op een stress- en cultuursensitieve manier? Wat "
        "ga je voortaan anders doen?",
    ),
    BlockText(
        7,
        "Afronding en vervolg",
        15,
        "De bijeenkomst netjes afsluiten en duidelijk maken wat er hierna gebeurt.",
        "Een paar deelnemers vertellen hoe ze de middag beleefden; afspraken over het verslag "
        "en het delen van contactgegevens.",
        "",
        "Hoe was de bijeenkomst voor je? Wat heb je nieuw geleerd? Wat neem je mee naar je "
        "eigen werk of naar de samenwerking?",
    ),
)

CASES: tuple[CaseText, ...] = (
    CaseText(
        1,
        "Een intake met een tolk",
        "Een stel dat pas kort in Nederland woont komt voor een intake; een tolk vertaalt. Ze "
        "antwoorden kort, kijken je weinig aan en wachten af. Jij merkt dat je steeds meer "
        "gaat uitleggen en adviseren, en vraagt je af of er echt contact is.",
    ),
    CaseText(
        2,
        "Steun uit het geloof",
        "Een jonge moeder vertelt dat haar geloof haar houvast geeft. Zelf ben je niet "
        "gelovig en je weet niet goed hoe je daarop kunt aansluiten.",
    ),
    CaseText(
        3,
        "Een baby die 's nachts huilt",
        "Ouders van een baby van anderhalve maand zien er moe uit. De moeder zegt dat de baby "
        "de hele nacht huilt, de vader reageert kortaf. Hulp willen ze niet, maar je voelt de "
        "spanning tussen hen.",
    ),
    CaseText(
        4,
        "Sterk willen zijn",
        "Een zwangere vrouw van begin twintig zegt telkens dat alles prima gaat en wuift "
        "vragen over zorgen weg. Tussen de regels door hoor je dat ze er alleen voor staat, "
        "maar ze wil haar familie niet lastigvallen en zoekt liever geen hulp.",
    ),
    CaseText(
        5,
        "Een vraag bij de huisarts",
        "Een jonge vrouw met een licht verstandelijke beperking wil dat haar spiraal eruit "
        "gaat en zegt verder weinig. Ze woont zelfstandig, heeft schulden en een consulent; "
        "haar eerste kind woont in een pleeggezin. Je vermoedt dat ze bang is om beoordeeld te "
        "worden als het over een nieuwe kinderwens gaat.",
    ),
    CaseText(
        6,
        "Twijfel over vaccinaties",
        "Een alleenstaande moeder komt met haar peuter op het consultatiebureau en wil geen "
        "vaccinaties, omdat ze gehoord heeft dat die schadelijk zijn. Ze is stellig en "
        "gespannen, volgt uitleg moeilijk en klapt dicht bij persoonlijke vragen. Jeugdzorg is "
        "al betrokken.",
    ),
    CaseText(
        7,
        "Een nieuwe kinderwens",
        "Dezelfde moeder krijgt hulp bij schulden, heeft weinig mensen om zich heen en worstelt "
        "soms met haar mentale gezondheid. Ze vertelt dat ze graag nog een kindje wil. Jij "
        "ziet dat de opvoeding nu al zwaar is en wilt dit met haar bespreken.",
    ),
    CaseText(
        8,
        "Terughoudend na slechte ervaringen",
        "Een vrouw die voor het eerst zwanger is, bijna voldragen, heeft in een "
        "opvangcentrum nare ervaringen met instanties gehad. Ze wil geen inwendig onderzoek "
        "en vertrouwt op haar lichaam; haar man wil geen onbekenden bij de bevalling. Er lijkt "
        "weinig ruimte voor uitleg en samen beslissen.",
    ),
)
