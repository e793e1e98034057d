"""Returns across a border in the demo (docs/domain.md, Return and cross-border referral).

- Foreign victims (citizens of the neighbouring and farther countries the demo draws)
  now and then ask to go home, voluntarily and on informed consent: the destination's
  risk is assessed, travel documents are needed, applied for and issued, IOM Kosovo
  escorts them and a partner of their country's mechanism receives them; after the
  hand-over the case closes as repatriated (or, for the few transferred to a third
  country's mechanism, as referred_or_transferred). Some change their mind, or the risk
  is too high; those still being prepared on the last day keep their due items open.
- A few Kosovars are referred from another country's mechanism, with its reference, and
  are received here: their return to Kosovo is recorded as handed over to PVPT.
- A child's return (either way) follows a best-interests assessment for it; a case
  closes as repatriated only after a hand-over (`closure_reason`).

Each script draws from a stream of its own (seeded by the case), so that whether a
return happens does not shift the rest of the demo's data.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import replace
from datetime import date, timedelta
from random import Random
from typing import Protocol
from uuid import UUID

from adapters.run.demo.world import END, Host
from domain.case_values import IncomingReferral
from domain.errors import RuleViolated
from domain.local_time import local_date
from domain.organisation import OrganisationKind, organisation_id
from domain.organisation_values import OrganisationDetails, OrganisationNames
from domain.return_vocab import (
    ReturnCancelReason,
    ReturnDirection,
    ReturnKind,
    TravelDocumentKind,
    TravelDocumentStatus,
)
from domain.vocab import ApprovalSubject, ClosureReason, OrganisationType, RiskLevel
from services.app import JourneyApp
from services.commands.case import Approve, RequestApproval
from services.commands.organisation import RegisterOrganisation
from services.commands.returns import (
    AssessReturnRisk,
    CancelReturn,
    ConfirmHandOver,
    PlanReturn,
    RecordTravelDocument,
    RequestReturn,
)
from services.organisations import find_organisation

RETURNS = 0.6  # of foreign victims in service provision: ask to go home
LATE = ("service_provision", "reintegration")  # journeys open on the last day: ask late
TRANSFERS = 0.15  # of those: to a third country's mechanism instead
FROM_ABROAD = 0.08  # of Kosovars: referred by another country's mechanism
ESCORT = "iom-kosovo"
RECEIVED_BY_PVPT = "pvpt"
THIRD_COUNTRY = "DE"
# The registry entries a return names: key -> kind, country, (municipality), English name.
ORGANISATIONS: dict[str, tuple[OrganisationKind, str, str | None, str]] = {
    ESCORT: (OrganisationKind.INTERNATIONAL_ORGANISATION, "XK", "19", "IOM Kosovo"),
    RECEIVED_BY_PVPT: (OrganisationKind.NGO, "XK", "19", "PVPT"),
    "different-and-equal": (OrganisationKind.NGO, "AL", None, "Different and Equal"),
    "astra-serbia": (OrganisationKind.NGO, "RS", None, "ASTRA Anti Trafficking Action"),
    "open-gate-la-strada": (OrganisationKind.NGO, "MK", None, "Open Gate - La Strada"),
    "la-strada-moldova": (OrganisationKind.NGO, "MD", None, "La Strada Moldova"),
    "la-strada-ukraine": (OrganisationKind.NGO, "UA", None, "La Strada Ukraine"),
    "kok-germany": (OrganisationKind.NGO, "DE", None, "KOK e.V."),
}
RECEIVERS = {country: key for key, (_, country, _, _) in ORGANISATIONS.items() if country != "XK"}
# Another country's mechanism that refers a Kosovar back: name, country, reference prefix.
MECHANISMS = (
    ("Bundeskriminalamt", "DE", "BKA-NRM"),
    ("Direzione Centrale Anticrimine", "IT", "DCA-NRM"),
    ("Fedpol", "CH", "FEDPOL"),
    ("Bundeskriminalamt Österreich", "AT", "BK-MH"),
)


def register_organisations(app: JourneyApp, demo: Host, actor: str, since: date) -> None:
    """The registry entries returns name, unless registered already."""
    for key, (kind, country, municipality, name) in ORGANISATIONS.items():
        if find_organisation(app, key) is None:
            details = OrganisationDetails(kind=kind, country=country, municipality=municipality)
            names = OrganisationNames(english=name)
            demo.do(
                None,
                RegisterOrganisation(key=key, names=names, details=details, active_from=since),
                actor,
            )


class CaseHost(Protocol):
    """What a reception from abroad needs of a journey script (early_stages.py)."""

    demo: Host
    case: UUID
    worker: str

    def _reached(self, stage: str) -> None: ...

    def _before_return(self, requested_on: date) -> None: ...


class ReturnHost(CaseHost, Protocol):
    """What a return's script needs of a journey script (later_stages.py)."""

    beneficiary: UUID
    manager: str
    international: bool
    closed: bool
    referred_on: date
    target: str

    def _discharge(self) -> Iterator[float]: ...


def _rng(script: CaseHost, purpose: str) -> Random:
    return Random(f"{purpose}:{script.case}")


def _today(script: ReturnHost) -> date:
    return local_date(script.demo.clock())


def voluntary_return(script: ReturnHost) -> Iterator[float]:
    """A foreign victim who asks to go home; the case closes once handed over. Those
    whose journey stops in service provision or reintegration ask in the demo's last
    weeks: on its last day their returns are still being prepared (due items open)."""
    rng = _rng(script, "return")
    if not script.international or rng.random() >= RETURNS:
        return
    if script.target in LATE:
        days_left = (END - script.demo.clock()).total_seconds() / 86400
        before_end = rng.uniform(1, 4) if rng.random() < 0.4 else rng.uniform(14, 24)
        script.demo.spawn(_return(script, rng), max(days_left - before_end, 0))
        return
    yield from _return(script, rng)


def _return(script: ReturnHost, rng: Random) -> Iterator[float]:
    citizenship = script.demo.record(script.beneficiary).citizenships[0]
    transfer = rng.random() < TRANSFERS or citizenship not in RECEIVERS
    country = THIRD_COUNTRY if transfer else citizenship
    process = _request(script, rng, ReturnKind.TRANSFER if transfer else ReturnKind.RETURN, country)
    yield rng.uniform(2, 9) if rng.random() < 0.85 else rng.uniform(16, 24)  # some late
    planned_on = yield from _prepared(script, rng, process, country)
    if planned_on is None:
        return
    yield from script._discharge()  # leaves the shelter for the journey
    handed_over = ConfirmHandOver(handed_over_on=min(planned_on, _today(script)))
    script.demo.do(process, handed_over, script.worker)
    script._reached("returned")
    yield rng.uniform(1, 5)
    reason = ClosureReason.REFERRED_OR_TRANSFERRED if transfer else ClosureReason.REPATRIATED
    closure = RequestApproval(subject=ApprovalSubject.CLOSURE, closure_reason=reason)
    script.demo.do(script.case, closure, script.worker)
    yield rng.uniform(0.5, 3)
    script.demo.do(script.case, Approve(subject=ApprovalSubject.CLOSURE), script.manager)
    script.closed = True


def closure_reason(script: CaseHost, drawn: ClosureReason) -> ClosureReason:
    """The reason a journey closing on its own gives: repatriated only after a return
    of the case was handed over, referred_or_transferred likewise once it has a return
    (domain/parts/case_return.py); otherwise reintegrated."""
    try:
        script.demo.record(script.case).check_return_closure(drawn)
    except RuleViolated:
        return ClosureReason.REINTEGRATED
    return drawn


def _request(script: ReturnHost, rng: Random, kind: ReturnKind, country: str) -> UUID:
    day = max(_today(script) - timedelta(days=rng.randint(0, 2)), script.referred_on)
    script._before_return(day)  # a child: the best-interests assessment (children.py)
    command = RequestReturn(
        case_id=script.case,
        direction=ReturnDirection.FROM_KOSOVO,
        kind=kind,
        destination_country=country,
        voluntary=True,
        informed_consent_on=day,
        requested_on=day,
    )
    return script.demo.do(None, command, script.worker)


def _prepared(
    script: ReturnHost, rng: Random, process: UUID, country: str
) -> Generator[float, None, date | None]:
    """Risk, documents and the plan: the planned day, or None when called off."""
    demo, worker = script.demo, script.worker
    if rng.random() < 0.08:
        cancel = CancelReturn(reason=ReturnCancelReason.PERSON_CHANGED_MIND)
        demo.do(process, cancel, worker)
        return None
    level = rng.choices(list(RiskLevel), weights=(60, 34, 6))[0]
    summary = "family contacted through the receiving organisation"
    demo.do(process, AssessReturnRisk(level=level, summary=summary), worker)
    if level is RiskLevel.HIGH:
        demo.do(process, CancelReturn(reason=ReturnCancelReason.RISK_TOO_HIGH), worker)
        return None
    document = rng.choice(
        (TravelDocumentKind.PASSPORT, TravelDocumentKind.EMERGENCY_TRAVEL_DOCUMENT)
    )
    for status, wait in (
        (TravelDocumentStatus.NEEDED, (1, 4)),
        (TravelDocumentStatus.APPLIED, (3, 10)),
    ):
        demo.do(process, RecordTravelDocument(document=document, status=status), worker)
        yield rng.uniform(*wait)
    demo.do(
        process, RecordTravelDocument(document=document, status=TravelDocumentStatus.ISSUED), worker
    )
    planned_on = _today(script) + timedelta(days=rng.randint(7, 21))
    plan = PlanReturn(
        receiving_organisation_id=organisation_id(RECEIVERS[country]),
        planned_on=planned_on,
        escort_organisation_id=organisation_id(ESCORT),
    )
    demo.do(process, plan, worker)
    yield (planned_on - _today(script)).days + rng.uniform(0, 2)
    return planned_on


def referral_from_abroad(
    referral: IncomingReferral, *, international: bool, beneficiary: UUID
) -> IncomingReferral:
    """Now and then a Kosovar referred by another country's mechanism, with its reference."""
    rng = Random(f"abroad:{beneficiary}")
    if international or rng.random() >= FROM_ABROAD:
        return referral
    name, country, prefix = rng.choice(MECHANISMS)
    reference = f"{prefix}-{referral.referred_on.year}-{rng.randint(100, 9999):04d}"
    return replace(
        referral,
        organisation=name,
        organisation_type=OrganisationType.LAW_ENFORCEMENT,
        referring_country=country,
        foreign_reference=reference,
    )


def received_from_abroad(script: CaseHost, referral: IncomingReferral) -> Iterator[float]:
    """A Kosovar referred from abroad: their return to Kosovo, received by PVPT."""
    if referral.referring_country is None:
        return
    rng, demo, worker = _rng(script, "received"), script.demo, script.worker
    day = referral.referred_on
    script._before_return(day)  # a child: the best-interests assessment (children.py)
    command = RequestReturn(
        case_id=script.case,
        direction=ReturnDirection.TO_KOSOVO,
        destination_country="XK",
        destination_municipality=rng.choice(("19", "05", "11", "22", "27")),
        voluntary=True,
        requested_on=day,
    )
    process = demo.do(None, command, worker)
    demo.do(process, AssessReturnRisk(level=RiskLevel.MEDIUM, assessed_on=day), worker)
    issued = TravelDocumentStatus.ISSUED
    demo.do(
        process,
        RecordTravelDocument(document=TravelDocumentKind.PASSPORT, status=issued, recorded_on=day),
        worker,
    )
    plan = PlanReturn(
        receiving_organisation_id=organisation_id(RECEIVED_BY_PVPT),
        planned_on=day,
        escort_organisation_id=organisation_id(ESCORT),
    )
    demo.do(process, plan, worker)
    demo.do(process, ConfirmHandOver(handed_over_on=day), worker)
    script._reached("received_from_abroad")
    yield from ()  # all on the day of the referral: nothing to wait for
