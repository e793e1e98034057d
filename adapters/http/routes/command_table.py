"""The table of command routes: which domain command is POSTed on which resource, and
the path it takes (`/api/v1/<resource>` creates, `/api/v1/<resource>/{ref}/<command>`
changes a record). A new command is one line here (and one in services/access.py);
adapters/http/routes/commands.py makes a handler of each row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.commands import Command
from services.commands import beneficiary as bc
from services.commands import care_plan as cp
from services.commands import case as cc
from services.commands import children as ch
from services.commands import day_centre as dc
from services.commands import episodes as ep
from services.commands import funding as fu
from services.commands import identification as ic
from services.commands import justice as jc
from services.commands import organisation as oc
from services.commands import person as pe
from services.commands import plan as pc
from services.commands import prevention as pv
from services.commands import referrals as rf
from services.commands import reflection as rc
from services.commands import retention as rn
from services.commands import returns as rt
from services.commands import shelter as sc
from services.commands import turnaway as tc


@dataclass(frozen=True)
class CommandRoute:
    resource: str
    command: type[Command]
    creates: bool = False
    name: str = ""  # the path's last segment; by default the command's name, kebab-cased
    tag: str = ""  # the OpenAPI tag; by default the resource

    @property
    def group(self) -> str:
        """The OpenAPI tag its operation is listed under."""
        return self.tag or self.resource

    @property
    def path(self) -> str:
        """The route's path template (`/api/v1/cases/{ref:str}/add-note`)."""
        return self.url("{ref:str}")

    def url(self, ref: object) -> str:
        """The path of the command on the record `ref` names (a creating route: none)."""
        if self.creates:
            return f"/api/v1/{self.resource}"
        name = self.name or re.sub(r"(?<!^)(?=[A-Z])", "-", self.command.__name__).lower()
        return f"/api/v1/{self.resource}/{ref}/{name}"


def _routes(resource: str, creation: type[Command], *others: type[Command]) -> list[CommandRoute]:
    return [CommandRoute(resource, creation, creates=True)] + [
        CommandRoute(resource, other) for other in others
    ]


PREVENTION = "prevention"
PREVENTION_CAMPAIGNS = "prevention/campaigns"
PREVENTION_ACTIVITIES = "prevention/activities"
GRANTS = "grants"
RETENTION = "retention"
RETENTION_BATCHES = "retention/batches"
COMMAND_ROUTES = [
    *_routes(
        "beneficiaries",
        bc.RegisterBeneficiary,
        bc.UpdatePersonalData,
        bc.DecideTraffickingStatus,
        bc.RecordExploitationProfile,
        bc.AppointGuardian,
        bc.GiveConsent,
        bc.WithdrawConsent,
    ),
    CommandRoute("beneficiaries", bc.ErasePersonalData, name="erasure"),
    # a person's HTCDS details (issue 15)
    CommandRoute("beneficiaries", pe.RecordBackground),
    CommandRoute("beneficiaries", pe.DescribeVulnerabilities),
    CommandRoute("beneficiaries", pe.RecordDeath),
    *_routes(
        "cases",
        cc.OpenCase,
        cc.AssignCaseworker,
        cc.AssessRisk,
        cc.StartScreening,
        cc.ScreenIn,
        cc.ScreenOut,
        cc.StartAssessment,
        cc.RequestApproval,
        cc.Approve,
        cc.Reject,
        cc.StartReintegration,
        cc.StartFollowUp,
        cc.Reopen,
        cc.DeliverService,
        rf.ReferOut,
        rf.AcceptReferral,
        rf.RejectReferral,
        rf.RevokeReferral,
        cc.AddNote,
    ),
    *_routes("facilities", sc.RegisterFacility, sc.ChangeCapacity, sc.RelocateFacility),
    CommandRoute("facilities", tc.RecordTurnAway),  # turn-aways (issue 15)
    *_routes(
        "stays",
        sc.AdmitToShelter,
        sc.TransferStay,
        sc.StartLeave,
        sc.ReturnFromLeave,
        sc.DischargeFromShelter,
    ),
    *_routes(
        "plans",
        pc.DraftPlan,
        pc.AddGoal,
        pc.RecordGoalProgress,
        pc.AchieveGoal,
        pc.AbandonGoal,
        pc.ReviewPlan,
        pc.CompletePlan,
        pc.DiscontinuePlan,
        pc.RecordFollowUp,
    ),
    # identification and screening (issue 14, section 1)
    CommandRoute("beneficiaries", ic.RecordIdentification),
    CommandRoute("beneficiaries", ic.ReviseIdentification),
    CommandRoute("cases", ic.Rescreen),
    # trafficking episodes (issue 15, HTCDS Historic Trafficking Events)
    CommandRoute("beneficiaries", ep.RecordTraffickingEpisode),
    CommandRoute("beneficiaries", ep.ReviseTraffickingEpisode),
    CommandRoute("beneficiaries", ep.WithdrawTraffickingEpisode),
    # reflection and recovery period
    CommandRoute("cases", rc.StartReflectionPeriod),
    CommandRoute("cases", rc.ExtendReflectionPeriod),
    CommandRoute("cases", rc.EndReflectionPeriod),
    # day rehabilitation centre (issue 14, section 5)
    *_routes("enrolments", dc.EnrolInDayCentre, dc.EndEnrolment, dc.CompleteCourse),
    *_routes("sessions", dc.ScheduleSession, dc.RecordAttendance, dc.CancelSession),
    # children (issue 14)
    CommandRoute("beneficiaries", ch.EstimateAge),
    CommandRoute("cases", ch.AssessBestInterests),
    # care plans (issue 14, careplan)
    *_routes(
        "care-plans",
        cp.StartCarePlan,
        cp.AssessNeeds,
        cp.AddCareGoal,
        cp.PlanService,
        cp.RecordDelivery,
        cp.RecordServiceOutcome,
        cp.CancelService,
        cp.ScheduleReview,
        cp.ReviewCarePlan,
    ),
    # criminal proceedings (issue 15, justice)
    *_routes(
        "proceedings",
        jc.OpenProceedings,
        jc.RecordReferences,
        jc.AdvanceStage,
        jc.CorrectStage,
        jc.ChangeProceedingsRole,
        jc.RecordCooperation,
        jc.RecordOutcome,
        jc.RecordRepresentation,
        jc.ScheduleHearing,
        jc.HoldHearing,
        jc.AdjournHearing,
        jc.CancelHearing,
        jc.GrantProtectionMeasure,
        jc.EndProtectionMeasure,
        jc.FileCompensationClaim,
        jc.DecideCompensationClaim,
        jc.RecordCompensationPaid,
    ),
    # returns across a border (issue 15, return)
    *_routes(
        "returns",
        rt.RequestReturn,
        rt.AssessReturnRisk,
        rt.RecordTravelDocument,
        rt.PlanReturn,
        rt.ConfirmHandOver,
        rt.CancelReturn,
    ),
    # partner organisations (issue 15, section 1)
    *_routes(
        "organisations",
        oc.RegisterOrganisation,
        oc.RenameOrganisation,
        oc.ChangeOrganisationDetails,
        oc.DeactivateOrganisation,
        oc.ReactivateOrganisation,
    ),
    # prevention (issue 16): campaigns and activities, named after what each command adds
    CommandRoute(PREVENTION_CAMPAIGNS, pv.LaunchCampaign, creates=True, tag=PREVENTION),
    CommandRoute(PREVENTION_CAMPAIGNS, pv.ReviseCampaign, name="revisions", tag=PREVENTION),
    CommandRoute(PREVENTION_ACTIVITIES, pv.RecordActivity, creates=True, tag=PREVENTION),
    *(
        CommandRoute(PREVENTION_ACTIVITIES, command, name=name, tag=PREVENTION)
        for command, name in (
            (pv.CorrectActivityDetails, "details"),
            (pv.CorrectActivityReach, "reach"),
            (pv.RecordDisclosure, "disclosures"),
            (pv.WithdrawActivity, "withdrawal"),
        )
    ),
    # funding (issue 17): grants and what is attributed to them
    CommandRoute(GRANTS, fu.OpenGrant, creates=True),
    *(
        CommandRoute(GRANTS, command, name=name)
        for command, name in (
            (fu.ReviseGrant, "revisions"),
            (fu.CloseGrant, "closure"),
            (fu.AttributeToGrant, "attributions"),
            (fu.EndAttribution, "attribution-ends"),
        )
    ),
    # retention (issue 17, section 5): batches of erasures, proposed and approved by two
    # administrators, then executed
    CommandRoute(RETENTION_BATCHES, rn.ProposeRetentionErasure, creates=True, tag=RETENTION),
    *(
        CommandRoute(RETENTION_BATCHES, command, name=name, tag=RETENTION)
        for command, name in (
            (rn.ApproveRetentionErasure, "approval"),
            (rn.RejectRetentionErasure, "rejection"),
            (rn.ExecuteRetentionErasure, "execution"),
        )
    ),
]
