"""Request and response bodies of the signalling API, every field described (in Dutch, like the
rest of the API's documentation). Codes of the method are enums, published as such in OpenAPI;
contact-moment codes are data per organisation and stay strings."""

from __future__ import annotations

import uuid
from datetime import date

from ninja import Field, Schema

from hechtwerk.core.paging import PageInfo
from hechtwerk.method.codes import (
    Dimension,
    DimensionStatus,
    FactorColumn,
    ReferralCriterion,
    SamenStartenDomain,
    SamenStartenFollowUp,
    SamenStartenRating,
    VulnerabilityGrade,
)
from hechtwerk.signalling.constants import (
    ConversationModelStatus,
    MomentNotHeldReason,
    ReferralDestination,
    ReferralFollowUpStatus,
)

# --- children --------------------------------------------------------------------------------

CASE_CODE = (
    "De dossiercode: een pseudoniem, zoals het dossiernummer uit het JGZ-dossier. Geen naam, BSN "
    "of adres; een code die daarop lijkt wordt geweigerd. Uniek binnen de organisatie."
)


class ChildIn(Schema):
    case_code: str = Field(description=CASE_CODE, examples=["JGZ-2026-0042"])
    birth_date: date | None = Field(
        None, description="De geboortedatum (jjjj-mm-dd); leeg vóór de geboorte."
    )
    due_date: date | None = Field(
        None, description="Vóór de geboorte: de uitgerekende datum, in plaats van de geboortedatum."
    )


class ChildDatesIn(Schema):
    birth_date: date | None = Field(None, description="De geboortedatum (na de geboorte).")
    due_date: date | None = Field(None, description="De uitgerekende datum.")


class ChildOut(Schema):
    id: uuid.UUID = Field(description="De id van het kind in Hechtwerk.")
    case_code: str = Field(description=CASE_CODE)
    birth_date: date | None = Field(description="De geboortedatum, als die bekend is.")
    due_date: date | None = Field(description="De uitgerekende datum, als die is vastgelegd.")
    entered_in_error: bool = Field(description="Als onjuist ingevoerd gemarkeerd (telt niet mee).")


class ChildrenPage(PageInfo):
    items: list[ChildOut] = Field(description="De kinderen van deze pagina, op dossiercode.")


class ContactMomentOut(Schema):
    code: str = Field(description="De code van het contactmoment in het schema van de organisatie.")
    label: str = Field(description="De naam van het contactmoment.")
    age_days: int = Field(description="De leeftijd in dagen waarop het contactmoment valt.")
    window_from_days: int = Field(description="Vanaf deze leeftijd (dagen) is het aan de beurt.")
    window_to_days: int = Field(
        description="Tot en met deze leeftijd (dagen) is het aan de beurt; daarna te laat."
    )
    in_first_half_year: bool = Field(description="Valt in het eerste halfjaar (Signalenlijst).")


class ContactMomentsPage(PageInfo):
    items: list[ContactMomentOut] = Field(description="De contactmomenten, op leeftijd.")


class DueMomentOut(Schema):
    code: str = Field(description="Het contactmoment.")
    label: str = Field(description="De naam van het contactmoment.")
    due_on: date = Field(description="De datum waarop het contactmoment valt.")
    state: str = Field(description="‘due’ (aan de beurt) of ‘overdue’ (te laat).")


class WorklistEntryOut(Schema):
    child: ChildOut = Field(description="Het kind.")
    moments: list[DueMomentOut] = Field(
        description="Contactmomenten die aan de beurt of te laat zijn."
    )
    open_conversations: list[uuid.UUID] = Field(
        description="Consulten met een zoekende dimensie zonder gevoerd ééngespreksmodel."
    )
    open_referrals: list[uuid.UUID] = Field(description="Verwijzingen zonder vastgelegd vervolg.")


class WorklistOut(Schema):
    count: int = Field(description="Alle kinderen die aandacht vragen, over alle pagina's.")
    page: int = Field(description="Het nummer van deze pagina (vanaf 1).")
    pages: int = Field(description="Het aantal pagina's.")
    page_size: int = Field(description="Kinderen per pagina.")
    items: list[WorklistEntryOut] = Field(
        description="Eerst te laat, dan aan de beurt, dan een zoekende dimensie zonder "
        "ééngespreksmodel, dan een verwijzing zonder vervolg; binnen elke groep op dossiercode."
    )


# --- consults --------------------------------------------------------------------------------


class ConsultIn(Schema):
    contact_moment: str = Field(
        description="De code van een contactmoment uit het schema van de organisatie "
        "(GET /signalling/contact-moments).",
        examples=["4w"],
    )
    consult_date: date = Field(description="De datum van het consult.", examples=["2026-02-02"])
    answers: dict[str, str] = Field(
        default_factory=dict,
        description="Antwoorden op de Signalenlijst: itemcode → antwoordcode (zie de "
        "instrumentversie). Leeg: een consult zonder Signalenlijst.",
        examples=[{"aan1": "nog_niet_positief", "aan2": "positief"}],
    )
    notes: str = Field(
        "", description="Een aantekening; geen namen, adressen of andere herleidbare gegevens."
    )


class ConsultCorrectionIn(ConsultIn):
    version: int = Field(
        description="De versie van het consult die je las; is die verouderd, dan volgt 409 met "
        "de huidige versie en wordt niets overschreven."
    )


class DimensionDecisionIn(Schema):
    status: DimensionStatus = Field(description="De vastgestelde status van de dimensie.")
    reason: str = Field(
        "", description="De reden, verplicht als de status afwijkt van het voorstel."
    )


class DimensionsIn(Schema):
    version: int = Field(description="De versie van het consult die je las (409 als verouderd).")
    dimensions: dict[Dimension, DimensionDecisionIn] = Field(
        description="Per dimensie de vastgestelde status en, bij afwijken, de reden.",
        examples=[{"aansluiten": {"status": "positief", "reason": "Bij doorvragen gezien."}}],
    )


class ConversationIn(Schema):
    status: ConversationModelStatus = Field(description="De stand van het ééngespreksmodel.")
    held_on: date | None = Field(None, description="Bij ‘gevoerd’: wanneer het gesprek was.")
    in_same_consult: bool = Field(False, description="Bij ‘gevoerd’: in dit consult zelf.")


class ConsultReviewIn(Schema):
    version: int = Field(description="De versie van het consult die je las (409 als verouderd).")
    dimensions: dict[Dimension, DimensionDecisionIn] = Field(
        default_factory=dict,
        description="Per dimensie de vastgestelde status en, bij afwijken, de reden (leeg: "
        "alleen het ééngespreksmodel).",
    )
    conversation: ConversationIn = Field(description="De stand van het ééngespreksmodel.")


class MomentNotHeldIn(Schema):
    contact_moment: str = Field(
        description="De code van het contactmoment in het schema van de organisatie.",
        examples=["4w"],
    )
    reason: MomentNotHeldReason = Field(description="Waarom het niet is gehouden.")
    noted_on: date | None = Field(None, description="Wanneer genoteerd; leeg is vandaag.")


class MomentNotHeldOut(Schema):
    id: uuid.UUID = Field(description="De id van de notitie.")
    contact_moment: str = Field(description="De code van het contactmoment.")
    contact_moment_label: str = Field(description="De naam van het contactmoment.")
    reason: MomentNotHeldReason = Field(description="Waarom het niet is gehouden.")
    noted_on: date = Field(description="Wanneer genoteerd.")
    entered_in_error: bool = Field(description="Als onjuist ingevoerd gemarkeerd.")


class ConversationModelIn(Schema):
    version: int = Field(description="De versie van het consult die je las (409 als verouderd).")
    status: ConversationModelStatus = Field(description="De stand van het ééngespreksmodel.")
    held_on: date | None = Field(None, description="Bij ‘gevoerd’: wanneer het gesprek was.")
    in_same_consult: bool = Field(False, description="Bij ‘gevoerd’: in dit consult zelf.")


class DimensionOut(Schema):
    dimension: Dimension = Field(description="De dimensie.")
    suggested_status: DimensionStatus = Field(description="De status die de regels voorstellen.")
    confirmed_status: DimensionStatus | None = Field(
        description="De status die de professional vaststelde; leeg zolang niet bevestigd."
    )
    override_reason: str = Field(description="De reden bij een afwijkende status.")
    driving_items: list[str] = Field(description="De items die het voorstel bepaalden.")
    explanation: str = Field(description="Waarom de regels dit voorstellen.")


class ConsultOut(Schema):
    id: uuid.UUID = Field(description="De id van het consult.")
    child: uuid.UUID = Field(description="De id van het kind.")
    contact_moment: str = Field(description="De code van het contactmoment.")
    consult_date: date = Field(description="De datum van het consult.")
    version: int = Field(description="De versie; stuur die mee bij elke wijziging.")
    entered_in_error: bool = Field(description="Als onjuist ingevoerd gemarkeerd.")
    age_days: int | None = Field(description="De leeftijd van het kind op de consultdatum (dagen).")
    in_first_half_year: bool = Field(
        description="Het consult valt in het eerste halfjaar (Signalenlijst bij elk consult)."
    )
    window_contact_moment: str | None = Field(
        description="Het contactmoment in wiens venster de consultdatum valt; leeg als geen."
    )
    instrument_version: uuid.UUID | None = Field(
        description="De versie van de Signalenlijst waarop geantwoord is."
    )
    answers: dict[str, str] = Field(description="De antwoorden: itemcode → antwoordcode.")
    notes: str = Field(description="De aantekening.")
    rules_version: str = Field(description="De versie van de beslisregels van het advies.")
    discuss_with_parents: bool = Field(
        description="Meerdere items nog niet positief: bespreek de signalen met de ouders."
    )
    offer_conversation_model: bool = Field(
        description="Er is een zoekende dimensie: bied het ééngespreksmodel aan."
    )
    conversation_model: ConversationModelStatus = Field(
        description="De stand van het ééngespreksmodel."
    )
    conversation_held_on: date | None = Field(description="Wanneer het gesprek gevoerd is.")
    advice: list[str] = Field(description="Het advies, in zinnen, met wat het bepaalde.")
    dimensions: list[DimensionOut] = Field(description="De vijf dimensies met hun status.")


# --- other records ---------------------------------------------------------------------------


class InformatiekaartIn(Schema):
    checked_on: date = Field(description="De datum van de check.", examples=["2026-02-02"])
    regulation_problems: bool = Field(
        False, description="Eén of meer vroege regulatieproblemen (huilen, voeden, slapen)."
    )
    worry_or_overload: bool = Field(
        False, description="Aanhoudende zorgen en/of overbelasting van de ouders."
    )
    dysfunctional_pattern: bool = Field(
        False, description="Een disfunctioneel interactie- of communicatiepatroon."
    )
    stress_factor_count: int = Field(0, ge=0, le=50, description="Het aantal stressfactoren.")
    consult: uuid.UUID | None = Field(None, description="Het consult waarbij de check hoort.")


class InformatiekaartOut(Schema):
    id: uuid.UUID = Field(description="De id van de check.")
    checked_on: date = Field(description="De datum van de check.")
    regulation_problems: bool = Field(description="Vroege regulatieproblemen.")
    worry_or_overload: bool = Field(description="Aanhoudende zorgen of overbelasting.")
    dysfunctional_pattern: bool = Field(description="Een disfunctioneel patroon.")
    stress_factor_count: int = Field(description="Het aantal stressfactoren.")
    advise_referral: bool = Field(
        description="De check adviseert verwijzing naar intensievere hulp."
    )
    criteria_met: list[ReferralCriterion] = Field(description="De criteria waaraan is voldaan.")
    explanation: list[str] = Field(description="Waarom, in zinnen.")
    rules_version: str = Field(description="De versie van de beslisregels.")
    entered_in_error: bool = Field(description="Als onjuist ingevoerd gemarkeerd.")


class ReferralIn(Schema):
    destination: ReferralDestination = Field(description="Waarheen verwezen is.")
    reason: str = Field(
        description="De reden; geen namen of andere herleidbare gegevens.",
        examples=["Aanhoudende zorgen van de ouders; verwezen na de check."],
    )
    referred_on: date = Field(description="De datum van de verwijzing.", examples=["2026-02-02"])
    intervention: uuid.UUID | None = Field(
        None, description="De id van een interventie uit de catalogus, als je daarnaar verwijst."
    )
    informatiekaart_check: uuid.UUID | None = Field(
        None, description="De id van de check Informatiekaart die tot de verwijzing leidde."
    )
    consult: uuid.UUID | None = Field(None, description="Het consult waarbij de verwijzing hoort.")


class FollowUpIn(Schema):
    started_on: date | None = Field(None, description="Wanneer de hulp startte.")
    completed_on: date | None = Field(
        None, description="Wanneer de hulp is afgerond (alleen met een startdatum)."
    )
    status: ReferralFollowUpStatus = Field(
        ReferralFollowUpStatus.NONE,
        description="Wat er van de verwijzing werd zolang de hulp hier niet startte: "
        "‘wachtlijst’, ‘afgezien’ (ouders zien af) of ‘elders_gestart’; leeg als niets bekend. "
        "Wachtlijst en afgezien passen niet bij een startdatum.",
    )


class ReferralOut(Schema):
    id: uuid.UUID = Field(description="De id van de verwijzing.")
    destination: ReferralDestination = Field(description="Waarheen verwezen is.")
    reason: str = Field(description="De reden van de verwijzing.")
    referred_on: date = Field(description="De datum van de verwijzing.")
    started_on: date | None = Field(description="Wanneer de hulp startte.")
    completed_on: date | None = Field(description="Wanneer de hulp is afgerond.")
    informatiekaart_check: uuid.UUID | None = Field(description="De check die ertoe leidde.")
    entered_in_error: bool = Field(description="Als onjuist ingevoerd gemarkeerd.")
    intervention: uuid.UUID | None = Field(None, description="De interventie uit de catalogus.")
    intervention_name: str | None = Field(None, description="De naam van die interventie.")
    follow_up_status: ReferralFollowUpStatus = Field(
        ReferralFollowUpStatus.NONE, description="De stand van het vervolg (leeg: niets bekend)."
    )
    follow_up_noted_on: date | None = Field(
        None, description="Wanneer die stand werd genoteerd (een wachtlijst telt vanaf hier)."
    )


class SamenStartenRatingsIn(Schema):
    ratings: dict[SamenStartenDomain, SamenStartenRating] = Field(
        description="Het oordeel over elk van de vijf domeinen.",
        examples=[
            {
                "competentie_ouders": "prima",
                "rol_partner": "prima",
                "sociaal_netwerk": "aandachtspunten",
                "gebeurtenissen_omstandigheden": "prima",
                "welbevinden_kind": "prima",
            }
        ],
    )


class SamenStartenIn(SamenStartenRatingsIn):
    held_on: date = Field(description="De datum van het gesprek.", examples=["2026-03-02"])
    overall: SamenStartenRating | None = Field(
        None, description="Het totaaloordeel; leeg neemt het voorstel over."
    )
    follow_up: SamenStartenFollowUp | None = Field(
        None, description="Het vervolg; leeg neemt het voorstel over."
    )
    plan: str = Field("", description="Het plan dat met de ouders is afgesproken.")
    override_reason: str = Field(
        "",
        description="De reden van je keuze; verplicht als totaaloordeel of vervolg afwijkt van "
        "het voorstel.",
    )
    consult: uuid.UUID | None = Field(None, description="Het consult waarbij het gesprek hoort.")


class SamenStartenSuggestionOut(Schema):
    overall: SamenStartenRating = Field(description="Het voorgestelde totaaloordeel.")
    follow_up: SamenStartenFollowUp = Field(description="Het voorgestelde vervolg.")
    explanation: list[str] = Field(description="Waarom, in zinnen.")
    rules_version: str = Field(description="De versie van de beslisregels.")


class SamenStartenOut(Schema):
    id: uuid.UUID = Field(description="De id van het gesprek.")
    held_on: date = Field(description="De datum van het gesprek.")
    ratings: dict[SamenStartenDomain, SamenStartenRating] = Field(description="De vijf oordelen.")
    suggested_overall: SamenStartenRating = Field(description="Het voorgestelde totaaloordeel.")
    overall: SamenStartenRating = Field(description="Het gekozen totaaloordeel.")
    suggested_follow_up: SamenStartenFollowUp = Field(description="Het voorgestelde vervolg.")
    follow_up: SamenStartenFollowUp = Field(description="Het gekozen vervolg.")
    plan: str = Field(description="Het afgesproken plan.")
    override_reason: str = Field("", description="De reden bij afwijken van het voorstel.")
    explanation: list[str] = Field(description="Waarom de regels dit voorstelden.")
    rules_version: str = Field(description="De versie van de beslisregels.")
    entered_in_error: bool = Field(description="Als onjuist ingevoerd gemarkeerd.")


class FactorIn(Schema):
    code: str = Field(
        description="De code van een factor uit de gepubliceerde factorenlijst (kwetsbaarheid).",
        examples=["k_med_1"],
    )
    urgent: bool = Field(False, description="Bij een risicofactor: urgent.")
    strong: bool = Field(False, description="Bij een beschermende factor: sterk.")


class VulnerabilityFactorsIn(Schema):
    factors: list[FactorIn] = Field(
        default_factory=list, max_length=200, description="De aangekruiste factoren."
    )
    balance_kept: bool = Field(
        True,
        description="Het gezin houdt het hoofd boven water (draagkracht en draaglast in balans).",
    )


class VulnerabilityIn(VulnerabilityFactorsIn):
    assessed_on: date = Field(description="De datum van de inschatting.", examples=["2026-02-02"])
    final_grade: VulnerabilityGrade | None = Field(
        None, description="De vastgestelde gradatie; leeg neemt het voorstel over."
    )
    rationale: str = Field(
        "", description="De onderbouwing; verplicht als de gradatie afwijkt van het voorstel."
    )
    consult: uuid.UUID | None = Field(None, description="Het consult waarbij dit hoort.")


class VulnerabilitySuggestionOut(Schema):
    grade: VulnerabilityGrade = Field(description="De voorgestelde gradatie.")
    driving_factors: list[str] = Field(description="De factoren die het voorstel bepaalden.")
    explanation: list[str] = Field(description="Waarom, in zinnen.")
    rules_version: str = Field(description="De versie van de beslisregels.")


class FactorOut(Schema):
    code: str = Field(description="De code van de factor.")
    column: FactorColumn = Field(description="De kolom: medisch of sociaal risico, beschermend.")
    urgent: bool = Field(description="Urgent.")
    strong: bool = Field(description="Sterk (beschermend).")


class VulnerabilityOut(Schema):
    id: uuid.UUID = Field(description="De id van de inschatting.")
    assessed_on: date = Field(description="De datum van de inschatting.")
    pregnancy_week: int | None = Field(description="Vóór de geboorte: de zwangerschapsweek.")
    balance_kept: bool = Field(description="Draagkracht en draaglast in balans.")
    factors: list[FactorOut] = Field(description="De aangekruiste factoren.")
    suggested_grade: VulnerabilityGrade = Field(description="De voorgestelde gradatie.")
    final_grade: VulnerabilityGrade = Field(description="De vastgestelde gradatie.")
    rationale: str = Field(description="De onderbouwing van de professional.")
    explanation: list[str] = Field(description="Waarom de regels dit voorstelden.")
    rules_version: str = Field(description="De versie van de beslisregels.")
    entered_in_error: bool = Field(description="Als onjuist ingevoerd gemarkeerd.")


class HistoryOut(Schema):
    id: uuid.UUID = Field(description="De id van het kind.")
    case_code: str = Field(description="De dossiercode.")
    birth_date: date | None = Field(description="De geboortedatum.")
    due_date: date | None = Field(description="De uitgerekende datum.")
    entered_in_error: bool = Field(description="Het kind is als onjuist ingevoerd gemarkeerd.")
    consults: list[ConsultOut] = Field(description="Consulten, oudste eerst.")
    informatiekaart_checks: list[InformatiekaartOut] = Field(description="Checks Informatiekaart.")
    referrals: list[ReferralOut] = Field(description="Verwijzingen.")
    samenstarten: list[SamenStartenOut] = Field(description="SamenStarten-gesprekken.")
    vulnerability_assessments: list[VulnerabilityOut] = Field(
        description="Inschattingen van kwetsbaarheid."
    )
    moments_not_held: list[MomentNotHeldOut] = Field(
        default_factory=list, description="Contactmomenten die niet zijn gehouden, met de reden."
    )


class ImportedOut(Schema):
    id: uuid.UUID = Field(description="De id van het nieuwe kind.")
    case_code: str = Field(description="De dossiercode.")
    consults: int = Field(description="Het aantal overgenomen consulten.")
