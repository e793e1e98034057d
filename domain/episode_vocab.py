"""The vocabulary of a person's trafficking episodes (HTCDS 2.0 Historic Trafficking
Events, hte_*, and the victim and perpetrator context fields an episode holds): the
standard's own value names, as HTCDS spells them. The recruitment methods, means of
control, exploitation types and relationship to the trafficker are domain/vocab.py's.
"""

from __future__ import annotations

from enum import StrEnum


class OnlinePlatform(StrEnum):
    """HTCDS vic_RecruitmentWebsitesAndApps and vic_ExploitationWebsitesAndApps."""

    FACEBOOK = "Facebook"
    INSTAGRAM = "Instagram"
    WHATSAPP = "WhatsApp"
    TELEGRAM = "Telegram"
    FACEBOOK_MESSENGER = "FacebookMessenger"
    VIBER = "Viber"
    SNAPCHAT = "SnapChat"
    LINE = "Line"
    FOUR_SALE = "4Sale"
    WECHAT = "WeChat"
    QQ = "QQ"
    QZONE = "QZone"
    TIKTOK = "TikTok"
    TWITTER = "Twitter"
    OTHER = "Other"


class ForcedLabourIndustry(StrEnum):
    """HTCDS vic_ForcedLabourIndustry: the sections of ISIC Rev. 4, A to U."""

    A_AGRICULTURE_FORESTRY_AND_FISHING = "A_AgricultureForestryAndFishing"
    B_MINING_AND_QUARRYING = "B_MiningAndQuarrying"
    C_MANUFACTURING = "C_Manufacturing"
    D_ELECTRICITY_GAS_STEAM_AND_AIR_CONDITIONING_SUPPLY = (
        "D_ElectricityGasSteamAndAirConditioningSupply"
    )
    E_WATER_SUPPLY_SEWERAGE_WASTE_MANAGEMENT = "E_WaterSupplySewerageWasteManagement"
    F_CONSTRUCTION = "F_Construction"
    G_WHOLESALE_AND_RETAIL_TRADE_REPAIR_OF_MOTOR_VEHICLES = (
        "G_WholesaleAndRetailTradeRepairOfMotorVehicles"
    )
    H_TRANSPORTATION_AND_STORAGE = "H_TransportationAndStorage"
    I_ACCOMMODATION_AND_FOOD_SERVICE_ACTIVITIES = "I_AccommodationAndFoodServiceActivities"
    J_INFORMATION_AND_COMMUNICATION = "J_InformationAndCommunication"
    K_FINANCIAL_AND_INSURANCE_ACTIVITIES = "K_FinancialAndInsuranceActivities"
    L_REAL_ESTATE_ACTIVITIES = "L_RealEstateActivities"
    M_PROFESSIONAL_SCIENTIFIC_AND_TECHNICAL_ACTIVITIES = (
        "M_ProfessionalScientificAndTechnicalActivities"
    )
    N_ADMINISTRATIVE_AND_SUPPORT_SERVICE_ACTIVITIES = "N_AdministrativeAndSupportServiceActivities"
    O_PUBLIC_ADMINISTRATION_AND_DEFENCE = "O_PublicAdministrationAndDefence"
    P_EDUCATION = "P_Education"
    Q_HUMAN_HEALTH_AND_SOCIAL_WORK_ACTIVITIES = "Q_HumanHealthAndSocialWorkActivities"
    R_ARTS_ENTERTAINMENT_AND_RECREATION = "R_ArtsEntertainmentAndRecreation"
    S_OTHER_SERVICE_ACTIVITIES = "S_OtherServiceActivities"
    T_ACTIVITIES_OF_HOUSEHOLDS_AS_EMPLOYERS = "T_ActivitiesOfHouseholdsAsEmployers"
    U_ACTIVITIES_OF_EXTRATERRITORIAL_ORGANIZATIONS = "U_ActivitiesOfExtraterritorialOrganizations"


class SexualExploitationType(StrEnum):
    """HTCDS vic_TypeOfSexExploitation."""

    PROSTITUTION = "Prostitution"
    PORNOGRAPHY = "Pornography"
    REMOTE_INTERACTIVE_SERVICES = "RemoteInteractiveServices"
    PRIVATE_SEXUAL_SERVICES = "PrivateSexualServices"


class PerpetratorRole(StrEnum):
    """HTCDS per_RoleInProcess."""

    TRAVELLING_PARTNER = "TravellingPartner"
    TRANSPORTER = "Transporter"
    RECRUITER_OR_INTERMEDIARY = "RecruiterOrIntermediary"
    BROKER_TRAVEL_AGENT = "BrokerTravelAgent"
    TRANSFERRED_INDIVIDUAL = "TransferredIndividual"
    HARBOURED_INDIVIDUAL = "HarbouredIndividual"
    SOLD_INDIVIDUAL = "SoldIndividual"
    BOUGHT_INDIVIDUAL = "BoughtIndividual"
    RECEIVED_INDIVIDUAL = "ReceivedIndividual"
    CONTROLLED_INDIVIDUAL = "ControlledIndividual"
    SMUGGLER = "Smuggler"
    ABUSER = "Abuser"
    KIDNAPPER = "Kidnapper"
    EXPLOITER = "Exploiter"
    OTHER = "Other"


class EpisodePlaceType(StrEnum):
    """HTCDS hte_Type: what happened at a place of the episode."""

    RECRUITMENT = "Recruitment"
    TRANSIT = "Transit"
    EXPLOITATION = "Exploitation"
