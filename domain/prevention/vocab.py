"""The vocabularies of prevention work (issue 16): what kind of activity, where, for whom,
how the people reached are counted, what audience figures mean, which materials."""

from __future__ import annotations

from enum import StrEnum


class ActivityType(StrEnum):
    """What kind of prevention activity was held."""

    SCHOOL_SESSION = "school_session"
    COMMUNITY_WORKSHOP = "community_workshop"
    PARENTS_MEETING = "parents_meeting"
    PROFESSIONAL_TRAINING = "professional_training"
    MEDIA_APPEARANCE = "media_appearance"
    ONLINE_CAMPAIGN = "online_campaign"
    OUTREACH = "outreach"
    INFORMATION_STAND = "information_stand"
    HELPLINE_PROMOTION = "helpline_promotion"

    @property
    def is_media(self) -> bool:
        """Media and online work: an audience measured by a source, not people met."""
        return self in MEDIA_TYPES

    @property
    def measures_learning(self) -> bool:
        """Trainings and school sessions: pre- and post-session knowledge scores."""
        return self in LEARNING_TYPES


MEDIA_TYPES = frozenset({ActivityType.MEDIA_APPEARANCE, ActivityType.ONLINE_CAMPAIGN})
LEARNING_TYPES = frozenset({ActivityType.SCHOOL_SESSION, ActivityType.PROFESSIONAL_TRAINING})


class Setting(StrEnum):
    """Where an activity took place."""

    SCHOOL = "school"
    COMMUNITY_CENTRE = "community_centre"
    MUNICIPAL_BUILDING = "municipal_building"
    PROFESSIONAL_PREMISES = "professional_premises"
    HEALTH_FACILITY = "health_facility"
    PUBLIC_SPACE = "public_space"
    MEDIA_STUDIO = "media_studio"
    ONLINE = "online"
    OTHER = "other"


class ActivityLanguage(StrEnum):
    """The language an activity was held in (ISO 639: Kosovo's languages and English)."""

    ALBANIAN = "sq"
    SERBIAN = "sr"
    TURKISH = "tr"
    BOSNIAN = "bs"
    ROMANI = "rom"
    ENGLISH = "en"


class ParticipantGroup(StrEnum):
    """Who the people met in person were; students by grade band, professionals by sector."""

    STUDENTS_GRADES_1_5 = "students_grades_1_5"
    STUDENTS_GRADES_6_9 = "students_grades_6_9"
    STUDENTS_GRADES_10_12 = "students_grades_10_12"
    UNIVERSITY_STUDENTS = "university_students"
    YOUTH_OUT_OF_SCHOOL = "youth_out_of_school"
    PARENTS = "parents"
    TEACHERS = "teachers"
    PROFESSIONALS = "professionals"
    COMMUNITY_MEMBERS = "community_members"
    GENERAL_PUBLIC = "general_public"

    @property
    def is_student(self) -> bool:
        return self in STUDENT_GROUPS


STUDENT_GROUPS = frozenset(
    {
        ParticipantGroup.STUDENTS_GRADES_1_5,
        ParticipantGroup.STUDENTS_GRADES_6_9,
        ParticipantGroup.STUDENTS_GRADES_10_12,
        ParticipantGroup.UNIVERSITY_STUDENTS,
    }
)


class Sector(StrEnum):
    """The sector of the professionals trained."""

    POLICE = "police"
    PROSECUTION = "prosecution"
    JUDICIARY = "judiciary"
    SOCIAL_WORK = "social_work"
    EDUCATION = "education"
    HEALTH = "health"
    LABOUR_INSPECTION = "labour_inspection"
    BORDER_AND_MIGRATION = "border_and_migration"
    LOCAL_GOVERNMENT = "local_government"
    CIVIL_SOCIETY = "civil_society"
    OTHER = "other"


class Sex(StrEnum):
    """Participants' sex as counted on the attendance sheet."""

    FEMALE = "female"
    MALE = "male"
    NOT_RECORDED = "not_recorded"


class AgeBand(StrEnum):
    """Participants' age band as counted on the attendance sheet."""

    UNDER_11 = "0-10"
    FROM_11_TO_14 = "11-14"
    FROM_15_TO_17 = "15-17"
    FROM_18_TO_24 = "18-24"
    FROM_25_TO_64 = "25-64"
    OVER_64 = "65+"
    NOT_RECORDED = "not_recorded"


class AudienceSource(StrEnum):
    """What an audience figure counts; figures of different sources are never added up."""

    VIEWS = "views"
    IMPRESSIONS = "impressions"
    UNIQUE_REACH = "unique_reach"
    BROADCAST_REACH = "broadcast_reach"
    PRINT_CIRCULATION = "print_circulation"


class MaterialType(StrEnum):
    """Awareness material distributed at an activity."""

    LEAFLET = "leaflet"
    POSTER = "poster"
    BROCHURE = "brochure"
    HANDBOOK = "handbook"
    VIDEO = "video"
    HELPLINE_CARD = "helpline_card"
    OTHER = "other"


class DisclosureKind(StrEnum):
    """What someone disclosed at an activity (no personal data is recorded with it)."""

    RISK_OF_TRAFFICKING = "risk_of_trafficking"
    EXPLOITATION = "exploitation"
    CONCERN_ABOUT_ANOTHER_PERSON = "concern_about_another_person"


class DisclosureRoute(StrEnum):
    """Where the person who disclosed was referred."""

    DIRECT_ASSISTANCE = "direct_assistance"  # PVPT's own intake: a case may follow
    POLICE = "police"
    CENTRE_FOR_SOCIAL_WORK = "centre_for_social_work"
    OTHER_ORGANISATION = "other_organisation"
    NOT_REFERRED = "not_referred"  # information given; the person declined a referral


class TargetGroup(StrEnum):
    """Whom a campaign is for."""

    STUDENTS = "students"
    YOUTH = "youth"
    PARENTS = "parents"
    TEACHERS = "teachers"
    PROFESSIONALS = "professionals"
    ROMA_ASHKALI_EGYPTIAN_COMMUNITIES = "roma_ashkali_egyptian_communities"
    PEOPLE_WITH_DISABILITIES = "people_with_disabilities"
    JOB_SEEKERS = "job_seekers"
    GENERAL_PUBLIC = "general_public"


class Measure(StrEnum):
    """What a campaign's planned indicator counts (projections/prevention computes it)."""

    PEOPLE_REACHED = "people_reached"  # people met in person, all groups
    STUDENTS_REACHED = "students_reached"
    PARENTS_REACHED = "parents_reached"
    PROFESSIONALS_TRAINED = "professionals_trained"
    MUNICIPALITIES_REACHED = "municipalities_reached"
    ACTIVITIES_HELD = "activities_held"
    MEDIA_AUDIENCE = "media_audience"  # figures of the indicator's one audience source
    MATERIALS_DISTRIBUTED = "materials_distributed"
    REFERRALS_TO_ASSISTANCE = "referrals_to_assistance"  # disclosures referred to PVPT
