"""The sample activities behind inputs/2024 and inputs/2025, and the rows of inputs/examples/with-problems.xlsx.

Each activity is a dict with the fields shared by every year it is reported (title, description, action lines,
SDGs, region, countries, partners, url) and ``years``: the reporting years it appears in, each with what is
specific to that year (dates, status, and any field that changed, such as a title with the edition year).
``activity_id`` is stable across years: a continuing activity keeps its id.

Action lines and SDGs are written as the submitters typed them (``"C7 (E-Environment)"``, ``"SDG 9, SDG 17"``,
one code per line, ...): the spellings are part of what the samples exercise. Every code they name exists in
/work/shared/domain/reference. Dates are ``datetime.date`` (written as real Excel dates, or ISO text in the CSV
files) or a month as text (``"March 2025"``). Status and region use the canonical English values; the generator
translates them for the French workbook.
"""

from __future__ import annotations

from datetime import date
from typing import Any

Activity = dict[str, Any]

ONGOING = "ongoing"
COMPLETED = "completed"
PLANNED = "planned"

# ---------------------------------------------------------------------------------------------------------------
# ITU-R: Radiocommunication Sector (Radiocommunication Bureau, BR)
# ---------------------------------------------------------------------------------------------------------------
ITU_R: list[Activity] = [
    {
        "activity_id": "ITU-R-0001",
        "title": "Implementation of WRC-23 decisions and the Radio Regulations (Edition of 2024)",
        "description": (
            "Publication of the Radio Regulations, Edition of 2024, which incorporates the decisions of the World "
            "Radiocommunication Conference 2023 (WRC-23), and assistance to administrations in applying the revised "
            "international treaty on the use of the radio-frequency spectrum and satellite orbits."
        ),
        "action_lines": "C2, C6",
        "sdgs": "9; 9.c; 17",
        "url": "https://www.itu.int/pub/R-REG-RR-2024",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-R-0002",
        "title": "Preparations for the World Radiocommunication Conference 2027 (WRC-27)",
        "description": (
            "Technical and regulatory studies by the ITU-R study groups for the Conference Preparatory Meeting "
            "(CPM27) on the WRC-27 agenda items, including spectrum for IMT mobile broadband, satellite services "
            "and space weather sensors, and support to the regional telecommunication organizations preparing "
            "common proposals."
        ),
        "action_lines": "C2; C6",
        "sdgs": "9, 9.c, 17.6",
        "partners": "APT; ASMG; ATU; CEPT; CITEL; RCC",
        "url": "https://www.itu.int/wrc-27/",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-R-0003",
        "title": "World Radiocommunication Seminar 2024 (WRS-24)",
        "description": (
            "Biennial seminar in Geneva on spectrum management and the application of the Radio Regulations, with "
            "workshops on the notification and recording of terrestrial and satellite frequency assignments and on "
            "the software tools and databases of the Radiocommunication Bureau, for staff of national administrations."
        ),
        "action_lines": "C2; C4; C6",
        "sdgs": "4.4; 9.c; 17.9",
        "url": "https://www.itu.int/wrs-24/",
        "years": {
            2024: {"start_date": date(2024, 12, 2), "end_date": date(2024, 12, 6), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-R-0004",
        "title": "IMT-2030 (6G): evaluation process in ITU-R Working Party 5D",
        "description": (
            "ITU-R Working Party 5D develops the minimum technical performance requirements, evaluation criteria and "
            "submission templates for IMT-2030 (6G) radio interface technologies, building on the IMT-2030 framework "
            "of Recommendation ITU-R M.2160, so that future mobile networks are globally harmonized."
        ),
        "action_lines": "C2",
        "sdgs": "9.1; 9.5; 9.c",
        "url": "https://www.itu.int/en/ITU-R/study-groups/rsg5/rwp5d/imt-2030/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-R-0005",
        "title": "Space sustainability: efficient use of orbit resources and the Space Sustainability Forum",
        "description": (
            "Work on the equitable and efficient use of satellite orbits and spectrum as large non-geostationary "
            "satellite constellations grow, including milestone-based deployment rules, and the ITU Space "
            "Sustainability Forum, which brings together regulators, satellite operators and space agencies."
        ),
        "action_lines": "C2; C6",
        "sdgs": "9; 9.1; 17.16",
        "partners": "UNOOSA",
        "url": "https://www.itu.int/en/ITU-R/space/Pages/Space-Sustainability.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": COMPLETED},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-R-0006",
        "title": "Spectrum Management System for Developing Countries (SMS4DC)",
        "description": (
            "Distribution of and training on SMS4DC, the ITU spectrum management software that helps national "
            "regulators in developing countries plan frequencies, calculate interference, issue radio licences and "
            "keep their national frequency register."
        ),
        "action_lines": "C2\nC4\nC6",
        "sdgs": "9.c; 17.9",
        "url": "https://www.itu.int/en/ITU-D/Spectrum-Broadcasting/Pages/SMS4DC.aspx",
        "years": {
            2024: {"start_date": "February 2024", "end_date": date(2024, 12, 31), "status": COMPLETED},
            2025: {
                "start_date": date(2025, 2, 3),
                "end_date": date(2025, 11, 28),
                "status": COMPLETED,
                "region": "Africa",
                "countries": "Côte d'Ivoire; Senegal",
                "description": (
                    "Installation of SMS4DC, the ITU spectrum management software, and hands-on training for the "
                    "spectrum engineers of two national regulators in West Africa on frequency planning, interference "
                    "calculation, radio licensing and the national frequency register."
                ),
            },
        },
    },
    {
        "activity_id": "ITU-R-0007",
        "title": "Transition to digital terrestrial television broadcasting",
        "description": (
            "Assistance to administrations switching from analogue to digital terrestrial television under the GE06 "
            "regional agreement, including frequency planning that frees the digital dividend spectrum for mobile "
            "broadband."
        ),
        "action_lines": "C2; C9",
        "sdgs": "9.c; 9.c.1",
        "region": "Africa",
        "url": "https://www.itu.int/en/ITU-R/terrestrial/broadcast/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-R-0008",
        "title": "Recording of satellite networks in the Master International Frequency Register",
        "description": (
            "The Radiocommunication Bureau examines satellite network filings, publishes them in the BR International "
            "Frequency Information Circular (BR IFIC) and records the frequency assignments in the Master "
            "International Frequency Register, which gives them international recognition and protection from "
            "harmful interference."
        ),
        "action_lines": "C2, C6",
        "sdgs": "9; 9.1",
        "url": "https://www.itu.int/en/ITU-R/space/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-R-0009",
        "title": "ITU-R Study Group 7: Earth observation and meteorology for climate monitoring",
        "description": (
            "Studies that protect the spectrum used by Earth exploration-satellite, meteorological satellite and "
            "weather radar systems, which provide weather forecasts, climate monitoring and data for disaster "
            "prediction; carried out with WMO, including the ITU-WMO Handbook on the use of radio spectrum for "
            "meteorology."
        ),
        "action_lines": "C2; C7 (E-Environment)",
        "sdgs": "13, 13.1",
        "partners": "WMO",
        "url": "https://www.itu.int/en/ITU-R/study-groups/rsg7/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-R-0010",
        "title": "Radiocommunications for emergencies and disaster relief",
        "description": (
            "Studies and guidance on radio systems for public protection and disaster relief, amateur radio in "
            "emergencies and satellite communications used when terrestrial networks fail, contributing to the "
            "Early Warnings for All initiative."
        ),
        "action_lines": "C2; C7 (E-Environment)",
        "sdgs": "1.5; 11.5; 13.1",
        "partners": "WMO",
        "url": "https://www.itu.int/en/ITU-R/information/Pages/emergency-bands.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-R-0011",
        "title": "Regional Radiocommunication Seminars 2025 (RRS-25)",
        "description": (
            "Regional seminars on spectrum management, the Radio Regulations and the international frequency "
            "coordination and notification procedures, with hands-on training on the tools and databases of the "
            "Radiocommunication Bureau for staff of national administrations."
        ),
        "action_lines": "C4; C2; C6",
        "sdgs": "4.4; 9.c; 17.9",
        "url": "https://www.itu.int/en/ITU-R/seminars/rrs/Pages/default.aspx",
        "years": {
            2025: {"start_date": "March 2025", "end_date": date(2025, 11, 28), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-R-0012",
        "title": "Inter-regional workshop on WRC-27 preparation",
        "description": (
            "Workshop in Geneva where the six regional telecommunication organizations and administrations exchange "
            "views on the WRC-27 agenda items and the progress of ITU-R studies, helping to build consensus before "
            "the conference."
        ),
        "action_lines": "C6; C11",
        "sdgs": "17.6; 17.16",
        "partners": "APT; ASMG; ATU; CEPT; CITEL; RCC",
        "url": "https://www.itu.int/wrc-27/",
        "years": {
            2025: {"start_date": date(2025, 11, 4), "end_date": date(2025, 11, 6), "status": COMPLETED},
        },
    },
]

# ---------------------------------------------------------------------------------------------------------------
# ITU-T: Telecommunication Standardization Sector (TSB); submitted with French headers
# ---------------------------------------------------------------------------------------------------------------
ITU_T: list[Activity] = [
    {
        "activity_id": "ITU-T-0001",
        "title": "AI for Good Global Summit",
        "description": "",
        "action_lines": "C4; C10; C11",
        "sdgs": "9; 17",
        "partners": "Government of Switzerland; XPRIZE Foundation",
        "years": {
            2024: {
                "title": "AI for Good Global Summit 2024",
                "description": (
                    "The United Nations platform on artificial intelligence, organized by ITU with 40 UN sister "
                    "agencies and co-convened with Switzerland, connecting AI innovators with problem owners to find "
                    "practical AI applications that advance the SDGs; the 2024 edition opened with the first AI "
                    "Governance Day."
                ),
                "start_date": date(2024, 5, 29),
                "end_date": date(2024, 5, 31),
                "status": COMPLETED,
                "url": "https://aiforgood.itu.int/summit24/",
            },
            2025: {
                "title": "AI for Good Global Summit 2025",
                "description": (
                    "The United Nations platform on artificial intelligence, organized by ITU with 40 UN sister "
                    "agencies and co-convened with Switzerland; the 2025 summit in Geneva featured AI Governance Day, "
                    "robotics demonstrations and the AI for Good Innovate for Impact use cases of AI for health, "
                    "climate and education."
                ),
                "start_date": date(2025, 7, 8),
                "end_date": date(2025, 7, 11),
                "status": COMPLETED,
                "url": "https://aiforgood.itu.int/summit25/",
            },
        },
    },
    {
        "activity_id": "ITU-T-0002",
        "title": "ITU-T Study Group 5: environment, EMF and circular economy",
        "description": (
            "Develops international standards on electromagnetic fields, energy efficiency and greenhouse gas "
            "emissions of ICTs, e-waste and the circular economy, and methods to assess the environmental impact of "
            "digital technologies."
        ),
        "action_lines": "C2; C7 e-environment",
        "sdgs": "12.5; 13; 13.2",
        "years": {
            2024: {
                "start_date": date(2024, 1, 1),
                "end_date": date(2024, 12, 31),
                "status": ONGOING,
                "url": "https://www.itu.int/en/ITU-T/studygroups/2022-2024/05/Pages/default.aspx",
            },
            2025: {
                "start_date": date(2025, 1, 1),
                "end_date": date(2028, 12, 31),
                "status": ONGOING,
                "url": "https://www.itu.int/en/ITU-T/studygroups/2025-2028/05/Pages/default.aspx",
            },
        },
    },
    {
        "activity_id": "ITU-T-0003",
        "title": "ITU-T Study Group 17: security",
        "description": (
            "Develops standards for cybersecurity, identity management and authentication, protection of personally "
            "identifiable information, quantum-safe security and the security of applications such as IoT, "
            "intelligent transport systems and distributed ledgers."
        ),
        "action_lines": "C5",
        "sdgs": "9; 16; 17.8",
        "years": {
            2024: {
                "start_date": date(2024, 1, 1),
                "end_date": date(2024, 12, 31),
                "status": ONGOING,
                "url": "https://www.itu.int/en/ITU-T/studygroups/2022-2024/17/Pages/default.aspx",
            },
            2025: {
                "start_date": date(2025, 1, 1),
                "end_date": date(2028, 12, 31),
                "status": ONGOING,
                "url": "https://www.itu.int/en/ITU-T/studygroups/2025-2028/17/Pages/default.aspx",
            },
        },
    },
    {
        "activity_id": "ITU-T-0004",
        "title": "ITU-T Study Group 20: IoT, smart cities and communities",
        "description": (
            "Develops standards for the Internet of Things and smart sustainable cities and communities, including "
            "digital twins of cities and key performance indicators that cities use to measure their progress "
            "towards the SDGs."
        ),
        "action_lines": "C2; C7 e-government",
        "sdgs": "11; 11.3; 9",
        "years": {
            2024: {
                "start_date": date(2024, 1, 1),
                "end_date": date(2024, 12, 31),
                "status": ONGOING,
                "url": "https://www.itu.int/en/ITU-T/studygroups/2022-2024/20/Pages/default.aspx",
            },
            2025: {
                "start_date": date(2025, 1, 1),
                "end_date": date(2028, 12, 31),
                "status": ONGOING,
                "url": "https://www.itu.int/en/ITU-T/studygroups/2025-2028/20/Pages/default.aspx",
            },
        },
    },
    {
        "activity_id": "ITU-T-0005",
        "title": "United for Smart Sustainable Cities (U4SSC)",
        "description": (
            "UN initiative coordinated by ITU, UNECE and UN-Habitat that helps cities assess themselves with the "
            "U4SSC key performance indicators for smart sustainable cities, and publishes city verification reports "
            "and thematic guides."
        ),
        "action_lines": "C7 e-government; C11",
        "sdgs": "11; 11.3; 17.17",
        "partners": "UNECE; UN-Habitat",
        "url": "https://u4ssc.itu.int/",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-T-0006",
        "title": "Bridging the Standardization Gap (BSG)",
        "description": (
            "Helps developing countries take part in ITU-T standardization through regional groups of the study "
            "groups, fellowships for delegates from developing countries, and training on setting up national "
            "standardization secretariats."
        ),
        "action_lines": "C4; C6; C11",
        "sdgs": "9; 10; 17.9",
        "url": "https://www.itu.int/en/ITU-T/gap/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-T-0007",
        "title": "World Telecommunication Standardization Assembly (WTSA-24) and Global Standards Symposium",
        "description": (
            "The World Telecommunication Standardization Assembly, hosted by India in New Delhi, set the structure "
            "and work programme of the ITU-T study groups for 2025-2028; it was preceded by the Global Standards "
            "Symposium on standards for artificial intelligence and digital transformation."
        ),
        "action_lines": "C6; C11",
        "sdgs": "9; 17",
        "url": "https://www.itu.int/wtsa/2024/",
        "years": {
            2024: {"start_date": date(2024, 10, 14), "end_date": date(2024, 10, 24), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-T-0008",
        "title": "Focus Group on AI and IoT for Digital Agriculture (FG-AI4A)",
        "description": (
            "Focus group set up with FAO that studied how artificial intelligence, the Internet of Things and remote "
            "sensing support data collection and modelling for precision farming and sustainable agriculture; it "
            "concluded its work with a set of technical reports."
        ),
        "action_lines": "C7.e-agriculture",
        "sdgs": "2; 2.4",
        "partners": "FAO",
        "url": "https://www.itu.int/en/ITU-T/focusgroups/ai4a/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 7, 31), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-T-0009",
        "title": "Global Initiative on AI for Health (with WHO and WIPO)",
        "description": (
            "Building on the ITU/WHO Focus Group on AI for Health, the initiative develops with WHO and WIPO a "
            "standardized framework to assess and benchmark artificial intelligence solutions for health, such as "
            "diagnosis support, so that health authorities can evaluate their safety and performance."
        ),
        "action_lines": "C7 e-health",
        "sdgs": "3; 3.8",
        "partners": "WHO; WIPO",
        "url": "https://www.itu.int/en/ITU-T/extcoop/ai4h/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-T-0010",
        "title": "Focus Group on AI Native Networks (FG-AINN)",
        "description": (
            "Studies how artificial intelligence can be built into the design, deployment, operation and maintenance "
            "of future mobile and fixed networks, and identifies the gaps that future ITU-T standards should address."
        ),
        "action_lines": "C2",
        "sdgs": "9.1; 9.5",
        "url": "https://www.itu.int/en/ITU-T/focusgroups/ainn/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 7, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2024, 7, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-T-0011",
        "title": "AI for Good Innovation Factory",
        "description": (
            "Start-up pitching competition in which young companies present artificial intelligence solutions for "
            "the SDGs to investors and experts, with pitching sessions during the year and a Grand Finale at the AI "
            "for Good Global Summit."
        ),
        "action_lines": "C7 e-business; C11",
        "sdgs": "8.3; 9.5",
        "url": "https://aiforgood.itu.int/",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": COMPLETED},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-T-0012",
        "title": "AI Standards Exchange Database (World Standards Cooperation)",
        "description": (
            "Online database, built by IEC, ISO and ITU under the World Standards Cooperation, that gathers published "
            "artificial intelligence standards and those in development so that developers, regulators and users can "
            "find and apply them."
        ),
        "action_lines": "C6; C10",
        "sdgs": "9; 9.5; 17.6",
        "partners": "IEC; ISO",
        "url": "https://www.itu.int/en/ITU-T/AI/Pages/default.aspx",
        "years": {
            2025: {"start_date": date(2025, 7, 8), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-T-0013",
        "title": "ICT accessibility standards and the Joint Coordination Activity on Accessibility and Human Factors",
        "description": (
            "Coordinates ITU-T work on the accessibility of ICTs for persons with disabilities and older persons, "
            "including standards for captioning, sign language and accessible remote meetings, and an accessibility "
            "checklist used when drafting new standards."
        ),
        "action_lines": "C3; C10",
        "sdgs": "10; 10.2; 4.5",
        "url": "https://www.itu.int/en/ITU-T/jca/ahf/Pages/default.aspx",
        "years": {
            2025: {"start_date": "March 2025", "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-T-0014",
        "title": "Global Initiative on Resilience to Natural Hazards through AI Solutions",
        "description": (
            "Initiative with WMO and UNEP, building on the Focus Group on AI for Natural Disaster Management, that "
            "gathers use cases and develops guidance on using artificial intelligence for flood, wildfire and "
            "landslide monitoring, forecasting and early warning."
        ),
        "action_lines": "C7 (E-Environment)",
        "sdgs": "1.5; 11.5; 13.1",
        "partners": "WMO; UNEP",
        "url": "https://www.itu.int/en/ITU-T/extcoop/ai4resilience/Pages/default.aspx",
        "years": {
            2025: {"start_date": "January 2025", "end_date": None, "status": ONGOING},
        },
    },
]

# ---------------------------------------------------------------------------------------------------------------
# ITU-D: Telecommunication Development Sector (Telecommunication Development Bureau, BDT)
# ---------------------------------------------------------------------------------------------------------------
ITU_D: list[Activity] = [
    {
        "activity_id": "ITU-D-0001",
        "title": "Partner2Connect Digital Coalition",
        "description": (
            "Multistakeholder alliance that mobilizes pledges for meaningful connectivity and digital transformation "
            "in hard-to-connect communities, with a focus on least developed countries, landlocked developing "
            "countries and small island developing States."
        ),
        "action_lines": "C2; C11",
        "sdgs": "9.c; 9.c.1; 17",
        "partners": "UN-OHRLLS",
        "url": "https://www.itu.int/itu-d/sites/partner2connect/",
        "years": {
            2024: {"start_date": date(2022, 6, 6), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2022, 6, 6), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0002",
        "title": "Giga: connecting every school to the Internet",
        "description": (
            "Joint ITU-UNICEF initiative that maps every school and its Internet connectivity, and works with "
            "governments and industry on financing models and procurement to connect every school to the Internet "
            "by 2030."
        ),
        "action_lines": "C2; C7 e-learning",
        "sdgs": "4; 4.a; 9.c",
        "partners": "UNICEF",
        "url": "https://www.itu.int/en/ITU-D/Initiatives/GIGA/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2019, 9, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2019, 9, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0003",
        "title": "Global Cybersecurity Index",
        "description": "",
        "action_lines": "C5",
        "sdgs": "SDG 9, SDG 16, SDG 17",
        "url": "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/global-cybersecurity-index.aspx",
        "years": {
            2024: {
                "title": "Global Cybersecurity Index 2024",
                "description": (
                    "The fifth edition of the Global Cybersecurity Index, published in September 2024, assesses the "
                    "commitment of 194 countries to cybersecurity across five pillars: legal, technical, "
                    "organizational, capacity development and cooperation measures."
                ),
                "start_date": date(2024, 1, 8),
                "end_date": date(2024, 9, 12),
                "status": COMPLETED,
            },
            2025: {
                "title": "Global Cybersecurity Index: sixth edition",
                "description": (
                    "Preparation of the sixth edition of the Global Cybersecurity Index, with consultations on the "
                    "questionnaire and collection of data from Member States on their legal, technical, "
                    "organizational, capacity development and cooperation measures for cybersecurity."
                ),
                "start_date": date(2025, 1, 15),
                "end_date": None,
                "status": ONGOING,
            },
        },
    },
    {
        "activity_id": "ITU-D-0004",
        "title": "Arab Regional Cyberdrill",
        "description": (
            "Annual cybersecurity exercise in which national computer incident response teams (CIRTs) of the Arab "
            "region practise responding to simulated cyberattacks, hosted with the ITU Arab Regional Cybersecurity "
            "Centre in Oman, strengthening incident response and regional cooperation."
        ),
        "action_lines": "C5; C4",
        "sdgs": "16; 17.9",
        "region": "Arab States",
        "url": "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/cyberdrills.aspx",
        "years": {
            2024: {"start_date": date(2024, 10, 1), "end_date": date(2024, 10, 3), "status": COMPLETED},
            2025: {"start_date": date(2025, 10, 6), "end_date": date(2025, 10, 8), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-D-0005",
        "title": "National CIRT programme",
        "description": (
            "Assistance to countries in assessing their readiness for, designing and establishing national computer "
            "incident response teams (CIRTs), including training of CIRT staff on incident handling."
        ),
        "action_lines": "C 5; C4",
        "sdgs": "16; 9.c",
        "region": "Africa",
        "url": "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/national-CIRT.aspx",
        "years": {
            2024: {
                "start_date": date(2024, 3, 1),
                "end_date": date(2024, 12, 31),
                "status": COMPLETED,
                "countries": "BI; MW",
            },
            2025: {
                "start_date": date(2025, 3, 1),
                "end_date": date(2025, 12, 31),
                "status": ONGOING,
                "countries": "GM; SZ",
            },
        },
    },
    {
        "activity_id": "ITU-D-0006",
        "title": "Women in Cyber Mentorship Programme",
        "description": (
            "Mentorship programme that pairs women cybersecurity experts with women students and young professionals "
            "in each region, to grow the number of women in the cybersecurity workforce."
        ),
        "action_lines": "C5; C4",
        "sdgs": "SDG 5.b",
        "url": "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/Women-in-Cyber.aspx",
        "years": {
            2024: {"start_date": date(2024, 2, 1), "end_date": date(2024, 11, 30), "status": COMPLETED},
            2025: {"start_date": date(2025, 2, 1), "end_date": date(2025, 11, 30), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-D-0007",
        "title": "Digital Transformation Centres Initiative",
        "description": (
            "Network of Digital Transformation Centres, set up with Cisco and other partners, that train citizens "
            "and small businesses, especially in underserved communities, in basic and intermediate digital skills."
        ),
        "action_lines": "AL4",
        "sdgs": "Goal 4",
        "partners": "Cisco",
        "url": "https://www.itu.int/en/ITU-D/Digital-Inclusion/Pages/Digital-Transformation-Centres.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0008",
        "title": "ITU Academy",
        "description": (
            "ITU's online learning platform offering training courses on ICT policy, regulation, spectrum "
            "management, cybersecurity and emerging technologies, delivered with ITU Academy Training Centres in all "
            "regions."
        ),
        "action_lines": "C4; C7 e-learning",
        "sdgs": "4.4.1",
        "url": "https://academy.itu.int/",
        "years": {
            # C7.3 is the unofficial number of C7 e-learning
            2024: {
                "start_date": date(2024, 1, 1),
                "end_date": date(2024, 12, 31),
                "status": ONGOING,
                "action_lines": "C4; C7.3",
            },
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0009",
        "title": "International Girls in ICT Day",
        "description": (
            "Annual day, on the fourth Thursday of April, that encourages girls and young women to study and pursue "
            "careers in information and communication technologies, with events organized by governments, "
            "companies and schools in many countries."
        ),
        "action_lines": "C4",
        "sdgs": "5; 5.b; 4.4",
        "url": "https://www.itu.int/women-and-girls/girls-in-ict/",
        "years": {
            2024: {
                "title": "International Girls in ICT Day 2024",
                "start_date": date(2024, 4, 25),
                "end_date": date(2024, 4, 25),
                "status": COMPLETED,
            },
            2025: {
                "title": "International Girls in ICT Day 2025",
                "start_date": date(2025, 4, 24),
                "end_date": date(2025, 4, 24),
                "status": COMPLETED,
            },
        },
    },
    {
        "activity_id": "ITU-D-0010",
        "title": "EQUALS Global Partnership for Gender Equality in the Digital Age",
        "description": (
            "Global partnership co-founded by ITU, UN Women, GSMA, ITC and UNU that works to close the gender digital "
            "divide in access, skills and leadership, including through the annual EQUALS in Tech Awards."
        ),
        "action_lines": "C4; C3",
        "sdgs": "5.b; 5.b.1",
        "partners": "UN Women; GSMA; ITC; UNU",
        "url": "",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0011",
        "title": "Facts and Figures: measuring digital development",
        "description": "",
        "action_lines": "C2; C3",
        "sdgs": "9.c.1; 17.6.1; 17.8.1; 5.b.1",
        "years": {
            2024: {
                "title": "Facts and Figures 2024",
                "description": (
                    "Annual ITU statistical release estimating Internet use, mobile network coverage, affordability "
                    "and the digital gender gap worldwide; the 2024 edition estimated that 5.5 billion people were "
                    "online."
                ),
                "start_date": date(2024, 1, 15),
                "end_date": date(2024, 11, 27),
                "status": COMPLETED,
                "url": "https://www.itu.int/itu-d/reports/statistics/facts-figures-2024/",
            },
            2025: {
                "title": "Facts and Figures 2025",
                "description": (
                    "Annual ITU statistical release estimating Internet use, mobile network coverage, affordability "
                    "and the digital gender gap worldwide; the 2025 edition tracks progress towards universal and "
                    "meaningful connectivity and the number of people still offline."
                ),
                "start_date": date(2025, 1, 15),
                "end_date": date(2025, 11, 17),
                "status": COMPLETED,
                "url": "https://www.itu.int/itu-d/reports/statistics/facts-figures-2025/",
            },
        },
    },
    {
        "activity_id": "ITU-D-0012",
        "title": "Early Warnings for All: warning dissemination and communication",
        "description": (
            "ITU leads the pillar on warning dissemination and communication of the UN Early Warnings for All "
            "initiative, helping countries use mobile networks and cell broadcast to send disaster alerts to "
            "everyone at risk by 2027."
        ),
        "action_lines": "C2; C7 (E-Environment)",
        "sdgs": "13, 13.1",
        "partners": "WMO; UNDRR; IFRC",
        "url": "https://www.itu.int/early-warnings-for-all/",
        "years": {
            2024: {"start_date": date(2023, 1, 1), "end_date": date(2027, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2023, 1, 1), "end_date": date(2027, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0013",
        "title": "Smart Villages and Smart Islands",
        "description": (
            "Whole-of-government programme that brings connectivity and digital services such as e-health, "
            "e-agriculture and e-learning to rural communities and islands, building on the Smart Villages project "
            "in Niger."
        ),
        "action_lines": "C7 e-health; C7.e-agriculture; C7 e-learning",
        "sdgs": "1; 2; 3; 4; 9.c",
        "region": "Africa",
        "countries": "Niger",
        "url": "https://www.itu.int/en/ITU-D/ICT-Applications/Pages/smart-villages.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0014",
        "title": "Global Symposium for Regulators",
        "description": "",
        "action_lines": "C6",
        "sdgs": "9; 17",
        "years": {
            2024: {
                "title": "Global Symposium for Regulators 2024 (GSR-24)",
                "description": (
                    "Annual meeting of ICT regulators, policy-makers and industry, held in Kampala, Uganda, where "
                    "regulators endorsed the GSR-24 Best Practice Guidelines on regulating transformative "
                    "technologies such as artificial intelligence for a positive impact on societies and economies."
                ),
                "start_date": date(2024, 7, 1),
                "end_date": date(2024, 7, 4),
                "status": COMPLETED,
                "url": "https://www.itu.int/itu-d/meetings/gsr-24/",
            },
            2025: {
                "title": "Global Symposium for Regulators 2025 (GSR-25)",
                "description": (
                    "The 25th Global Symposium for Regulators, held in Riyadh, Saudi Arabia, on the theme Regulation "
                    "for Sustainable Digital Development, where regulators endorsed the GSR-25 Best Practice "
                    "Guidelines on regulatory innovation, capacity and cooperation."
                ),
                "start_date": date(2025, 8, 31),
                "end_date": date(2025, 9, 3),
                "status": COMPLETED,
                "url": "https://www.itu.int/itu-d/meetings/gsr-25/",
            },
        },
    },
    {
        "activity_id": "ITU-D-0015",
        "title": "Connect2Recover",
        "description": (
            "Initiative that helped countries, especially in Africa, assess and strengthen the resilience of their "
            "digital infrastructure and ecosystems to recover from the COVID-19 pandemic; its last country "
            "assessments and reports were completed in 2024."
        ),
        "action_lines": "C2; C6",
        "sdgs": "9.1; 9.c; 1.5",
        "region": "Africa",
        "partners": "Government of Japan; Government of Saudi Arabia",
        "url": "https://www.itu.int/en/ITU-D/Pages/connect-2-recover.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 6, 30), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-D-0016",
        "title": "E-waste statistics, policy and regulation",
        "description": (
            "Support to countries in collecting e-waste statistics and developing national e-waste policies, "
            "legislation and regulation, following up on the Global E-waste Monitor 2024 produced with UNITAR."
        ),
        "action_lines": "C7 (E-Environment)",
        "sdgs": "12; 12.5; 11.6",
        "partners": "UNITAR",
        "url": "https://www.itu.int/en/ITU-D/Environment/Pages/default.aspx",
        "years": {
            2024: {
                "title": "Global E-waste Monitor 2024",
                "description": (
                    "The Global E-waste Monitor 2024, produced with UNITAR, found that a record 62 million tonnes of "
                    "electronic waste were generated in 2022 and that less than a quarter was documented as properly "
                    "collected and recycled."
                ),
                "start_date": date(2024, 1, 1),
                "end_date": date(2024, 3, 20),
                "status": COMPLETED,
                "url": (
                    "https://www.itu.int/en/ITU-D/Environment/Pages/Publications/The-Global-E-waste-Monitor-2024.aspx"
                ),
            },
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0017",
        "title": "Regional Preparatory Meetings for WTDC-25",
        "description": (
            "Six regional preparatory meetings where Member States and Sector Members agreed on regional priorities "
            "and regional initiatives to be submitted to the World Telecommunication Development Conference 2025."
        ),
        "action_lines": "C6; C11",
        "sdgs": "17; 17.16",
        "url": "https://www.itu.int/en/ITU-D/Conferences/WTDC/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 6, 1), "end_date": date(2025, 6, 30), "status": ONGOING},
            2025: {"start_date": date(2024, 6, 1), "end_date": date(2025, 6, 30), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-D-0018",
        "title": "Generation Connect",
        "description": (
            "ITU's youth engagement initiative that brings young people into digital development decision-making "
            "through regional youth groups, the Generation Connect Youth Envoys and youth summits."
        ),
        "action_lines": "C4",
        "sdgs": "4.4; 8.6; 17.17",
        "url": "https://www.itu.int/generationconnect/",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0019",
        "title": "Accessible Europe: ICT 4 ALL",
        "description": (
            "Regional event series organized by ITU with the European Commission that brings together policy-makers, "
            "industry and organizations of persons with disabilities to make ICTs, digital public services and "
            "websites accessible to everyone."
        ),
        "action_lines": "C3; C10",
        "sdgs": "10; 10.2; 4.5",
        "region": "Europe",
        "partners": "European Commission",
        "url": "https://www.itu.int/en/ITU-D/Regional-Presence/Europe/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": COMPLETED},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0020",
        "title": "AI Skills Coalition",
        "description": (
            "Coalition launched by ITU in 2025, with more than 25 founding partners, that offers free and accessible "
            "training on artificial intelligence, from AI literacy to machine learning, through an online platform, "
            "especially for people in developing countries."
        ),
        "action_lines": "C4; C7 e-learning",
        "sdgs": "4.4; 4.4.1; 9.5",
        "partners": "UNDP; Microsoft; Amazon Web Services",
        "url": "https://academy.itu.int/",
        "years": {
            2025: {"start_date": "January 2025", "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "ITU-D-0021",
        "title": "World Telecommunication Development Conference 2025 (WTDC-25)",
        "description": (
            "Conference held in Baku, Azerbaijan, that adopted the Baku Action Plan for ITU-D for 2026-2029, with "
            "regional initiatives and priorities for universal, meaningful and affordable connectivity, with a focus "
            "on least developed countries, landlocked developing countries and small island developing States."
        ),
        "action_lines": "C2; C6; C11",
        "sdgs": "9.c; 17; 17.16",
        "url": "https://www.itu.int/en/ITU-D/Conferences/WTDC/Pages/default.aspx",
        "years": {
            2025: {"start_date": date(2025, 11, 17), "end_date": date(2025, 11, 28), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-D-0022",
        "title": "ITU at the Third UN Conference on Landlocked Developing Countries (LLDC3)",
        "description": (
            "ITU contributed to the Third UN Conference on Landlocked Developing Countries in Awaza, Turkmenistan, "
            "highlighting the connectivity gap of landlocked countries and the Partner2Connect pledges for "
            "broadband infrastructure."
        ),
        "action_lines": "C2; C11",
        "sdgs": "9.c; 17.8",
        "partners": "UN-OHRLLS",
        "url": "https://www.itu.int/itu-d/sites/partner2connect/",
        "years": {
            2025: {"start_date": date(2025, 8, 5), "end_date": date(2025, 8, 8), "status": COMPLETED},
        },
    },
    {
        "activity_id": "ITU-D-0023",
        "title": "National digital agriculture strategies (with FAO)",
        "description": (
            "Support, jointly with FAO, to governments preparing national digital agriculture strategies that use "
            "mobile services, data and remote sensing to raise the productivity and incomes of smallholder farmers."
        ),
        "action_lines": "C7.e-agriculture",
        "sdgs": "2; 2.3",
        "region": "Asia-Pacific",
        "countries": "Bhutan; LA",
        "partners": "FAO",
        "url": "https://www.itu.int/en/ITU-D/ICT-Applications/Pages/e-agriculture.aspx",
        "years": {
            2025: {"start_date": date(2025, 4, 1), "end_date": date(2026, 3, 31), "status": ONGOING},
        },
    },
]

# ---------------------------------------------------------------------------------------------------------------
# GS: General Secretariat
# ---------------------------------------------------------------------------------------------------------------
GS: list[Activity] = [
    {
        "activity_id": "GS-0001",
        "title": "WSIS Forum",
        "description": "",
        "action_lines": "C1; C11",
        "sdgs": "17; 17.16; 17.17",
        "partners": "UNESCO; UNDP; UNCTAD",
        "years": {
            2024: {
                "title": "WSIS+20 Forum High-Level Event 2024",
                "description": (
                    "Annual multistakeholder forum on the implementation of the WSIS Action Lines, co-organized by "
                    "ITU, UNESCO, UNDP and UNCTAD with the wider UN family; the 2024 edition in Geneva looked back at "
                    "twenty years of WSIS and ahead to the WSIS+20 review."
                ),
                "start_date": date(2024, 5, 27),
                "end_date": date(2024, 5, 31),
                "status": COMPLETED,
                "url": "https://www.itu.int/net4/wsis/forum/2024/",
            },
            2025: {
                "title": "WSIS+20 High-Level Event 2025",
                "description": (
                    "Annual multistakeholder forum on the implementation of the WSIS Action Lines, co-organized by "
                    "ITU, UNESCO, UNDP and UNCTAD; the 2025 edition, held in Geneva alongside the AI for Good Global "
                    "Summit, brought multistakeholder views into the WSIS+20 review by the UN General Assembly."
                ),
                "start_date": date(2025, 7, 7),
                "end_date": date(2025, 7, 11),
                "status": COMPLETED,
                "url": "https://www.itu.int/net4/wsis/forum/2025/",
            },
        },
    },
    {
        "activity_id": "GS-0002",
        "title": "WSIS Prizes",
        "description": (
            "Annual contest that recognizes outstanding projects using ICTs to implement the WSIS Action Lines and "
            "advance the SDGs; nominations are followed by an online public vote, and the winners are announced at "
            "the WSIS Forum."
        ),
        "action_lines": "C11",
        "sdgs": "17.17",
        "years": {
            2024: {
                "title": "WSIS Prizes 2024",
                "start_date": date(2024, 1, 15),
                "end_date": date(2024, 5, 28),
                "status": COMPLETED,
                "url": "https://www.itu.int/net4/wsis/stocktaking/Prizes/2024",
            },
            2025: {
                "title": "WSIS Prizes 2025",
                "start_date": date(2025, 1, 15),
                "end_date": date(2025, 7, 8),
                "status": COMPLETED,
                "url": "https://www.itu.int/net4/wsis/stocktaking/Prizes/2025",
            },
        },
    },
    {
        "activity_id": "GS-0003",
        "title": "WSIS Stocktaking",
        "description": (
            "Online database and annual report of projects by governments, businesses, civil society and "
            "international organizations that implement the WSIS Action Lines, used to share good practices and "
            "track progress towards the SDGs."
        ),
        "action_lines": "C11; C3",
        "sdgs": "17.16; 17.17",
        "url": "https://www.itu.int/net4/wsis/stocktaking/",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
        },
    },
    {
        "activity_id": "GS-0004",
        "title": "WSIS+20 review: ITU contribution",
        "description": (
            "ITU’s contribution to the twenty-year review of the World Summit on the Information Society, including "
            "inputs to the Commission on Science and Technology for Development, the UNGIS joint statement and the "
            "consultations leading to the UN General Assembly high-level meeting on WSIS+20 in December 2025."
        ),
        "action_lines": "C1; C11",
        "sdgs": "16.8; 17.16",
        "partners": "UNESCO; UNDP; UNCTAD",
        "url": "https://www.itu.int/net/wsis/",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2025, 12, 31), "status": ONGOING},
            2025: {"start_date": date(2024, 1, 1), "end_date": date(2025, 12, 31), "status": COMPLETED},
        },
    },
    {
        "activity_id": "GS-0005",
        "title": "ITU Council and its Working Group on WSIS and SDGs",
        "description": (
            "Support to the ITU Council and its Working Group on WSIS and SDGs (CWG-WSIS&SDG), which reviews how ITU "
            "implements the WSIS outcomes and the 2030 Agenda for Sustainable Development."
        ),
        "action_lines": "C1; C11",
        "sdgs": "16.8; 17",
        "url": "https://www.itu.int/en/council/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": date(2024, 12, 31), "status": COMPLETED},
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": COMPLETED},
        },
    },
    {
        "activity_id": "GS-0006",
        "title": "UN Inter-Agency Working Group on Artificial Intelligence",
        "description": (
            "Working group co-led by ITU and UNESCO that coordinates the artificial intelligence work of UN entities, "
            "including the annual United Nations Activities on Artificial Intelligence report and system-wide "
            "guidance on the ethical use of AI."
        ),
        "action_lines": "C10; C11",
        "sdgs": "SDG 9, SDG 17",
        "partners": "UNESCO",
        "url": "https://www.itu.int/en/ITU-T/AI/Pages/default.aspx",
        "years": {
            2024: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
            2025: {"start_date": date(2024, 1, 1), "end_date": None, "status": ONGOING},
        },
    },
    {
        "activity_id": "GS-0007",
        "title": "Green Digital Action",
        "description": "",
        "action_lines": "C7 (E-Environment)\nC11",
        "sdgs": "12.5; 13; 13.2",
        "url": "https://www.itu.int/initiatives/green-digital-action/",
        "years": {
            2024: {
                "description": (
                    "ITU-led coalition, launched at COP28, that works with governments and companies to cut the "
                    "greenhouse gas emissions of the ICT sector, reduce e-waste and use digital technologies for "
                    "climate action; at COP29 in Baku countries endorsed the COP29 Declaration on Green Digital "
                    "Action."
                ),
                "start_date": date(2024, 1, 1),
                "end_date": date(2024, 12, 31),
                "status": ONGOING,
            },
            2025: {
                "description": (
                    "ITU-led coalition that works with governments and companies to cut the greenhouse gas emissions "
                    "of the ICT sector, reduce e-waste and use digital technologies for climate action, and "
                    "coordinates the Green Digital Action track at the UN climate change conference."
                ),
                "start_date": date(2025, 1, 1),
                "end_date": date(2025, 12, 31),
                "status": ONGOING,
            },
        },
    },
    {
        "activity_id": "GS-0008",
        "title": "ITU at the Internet Governance Forum",
        "description": "",
        "action_lines": "C11; C1",
        "sdgs": "17; 17.16",
        "url": "",
        "years": {
            2024: {
                "title": "ITU at the Internet Governance Forum 2024 (Riyadh)",
                "description": (
                    "ITU took part in the 19th Internet Governance Forum in Riyadh, Saudi Arabia, with sessions on "
                    "meaningful connectivity, cybersecurity and the WSIS+20 review."
                ),
                "start_date": date(2024, 12, 15),
                "end_date": date(2024, 12, 19),
                "status": COMPLETED,
            },
            2025: {
                "title": "ITU at the Internet Governance Forum 2025 (Lillestrøm)",
                "description": (
                    "ITU took part in the 20th Internet Governance Forum in Lillestrøm, Norway, with sessions on "
                    "meaningful connectivity, artificial intelligence governance and the WSIS+20 review."
                ),
                "start_date": date(2025, 6, 23),
                "end_date": date(2025, 6, 27),
                "status": COMPLETED,
            },
        },
    },
    {
        "activity_id": "GS-0009",
        "title": "Global Digital Compact and Summit of the Future: ITU input",
        "description": (
            "ITU supported Member States during the negotiation of the Global Digital Compact, adopted with the Pact "
            "for the Future at the Summit of the Future in September 2024, with evidence on connectivity, digital "
            "public infrastructure and AI governance."
        ),
        "action_lines": "C1; C11",
        "sdgs": "17.6; 17.8; 9.c",
        "url": "",
        "years": {
            2024: {"start_date": date(2024, 1, 15), "end_date": date(2024, 9, 23), "status": COMPLETED},
        },
    },
    {
        "activity_id": "GS-0010",
        "title": "ITU 160th anniversary",
        "description": (
            "Events, exhibitions and a digital history portal marking 160 years since the International Telegraph "
            "Convention was signed in Paris on 17 May 1865, highlighting how international cooperation on "
            "telecommunications connects the world."
        ),
        "action_lines": "C3; C8; C11",
        "sdgs": "SDG 9, SDG 17",
        "url": "https://www.itu.int/en/history/Pages/default.aspx",
        "years": {
            2025: {"start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "status": COMPLETED},
        },
    },
    {
        "activity_id": "GS-0011",
        "title": "Preparations for the Plenipotentiary Conference 2026 (PP-26)",
        "description": (
            "Preparation of the ITU Plenipotentiary Conference to be held in Doha, Qatar, in 2026, including the "
            "draft Strategic Plan for 2028-2031 developed by the Council Working Group on the Strategic and "
            "Financial Plans."
        ),
        "action_lines": "C1; C11",
        "sdgs": "16.8; 17",
        "url": "https://www.itu.int/en/council/Pages/default.aspx",
        "years": {
            2025: {"start_date": date(2025, 1, 1), "end_date": None, "status": ONGOING},
        },
    },
]

ACTIVITIES: dict[str, list[Activity]] = {"ITU-R": ITU_R, "ITU-T": ITU_T, "ITU-D": ITU_D, "GS": GS}


def for_year(sector: str, year: int) -> list[dict[str, Any]]:
    """The activities of ``sector`` reported in ``year``, each as a flat record with that year's values."""
    records = []
    for activity in ACTIVITIES[sector]:
        if year not in activity["years"]:
            continue
        record = {k: v for k, v in activity.items() if k != "years"}
        record.setdefault("region", "Global")
        record.setdefault("countries", "")
        record.setdefault("partners", "")
        record.setdefault("url", "")
        record.update(activity["years"][year])
        record["year"] = year
        records.append(record)
    return records


# ---------------------------------------------------------------------------------------------------------------
# inputs/examples/with-problems.xlsx (reporting year 2025, ITU-D)
# ---------------------------------------------------------------------------------------------------------------
# Clean rows: valid in every cell. Defaults for omitted fields: year 2025, sector ITU-D, region Global, no countries.
EXAMPLE_CLEAN: list[dict[str, Any]] = [
    {
        "activity_id": "ITU-D-0101",
        "title": "Child Online Protection initiative",
        "description": (
            "The Child Online Protection guidelines for children, parents, educators, industry and policy-makers "
            "help countries build national strategies to keep children safe online."
        ),
        "action_lines": "C5; C10",
        "sdgs": "16.2; 4.7",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 12, 31),
        "status": ONGOING,
        "url": "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/COP/COP.aspx",
    },
    {
        "activity_id": "ITU-D-0102",
        "title": "Be He@lthy, Be Mobile (with WHO)",
        "description": (
            "Joint WHO-ITU initiative that uses mobile phone text messages and apps to help people prevent and "
            "manage noncommunicable diseases such as diabetes, and to quit tobacco."
        ),
        "action_lines": "C7 e-health",
        "sdgs": "3; 3.4; 3.8",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 12, 31),
        "status": ONGOING,
        "partners": "WHO",
        "url": "https://www.itu.int/en/ITU-D/ICT-Applications/Pages/be-healthy-be-mobile.aspx",
    },
    {
        "activity_id": "ITU-D-0103",
        "title": "Her CyberTracks",
        "description": (
            "Training, mentoring and networking programme that helps women in Africa build careers in cybersecurity "
            "and cyber diplomacy, through policy, diplomacy and technical tracks."
        ),
        "action_lines": "C5; C4",
        "sdgs": "5; 5.b",
        "start_date": date(2025, 2, 1),
        "end_date": date(2025, 11, 30),
        "status": COMPLETED,
        "region": "Africa",
        "url": "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/HerCyberTracks.aspx",
    },
    {
        "activity_id": "ITU-D-0104",
        "title": "ITU-D Study Groups 1 and 2",
        "description": (
            "Member-driven study groups that share experiences and develop guidelines on enabling environments for "
            "connectivity, digital services and applications, cybersecurity and emergency telecommunications."
        ),
        "action_lines": "C6; C11",
        "sdgs": "9.c; 17.9",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 12, 31),
        "status": ONGOING,
        "url": "https://www.itu.int/en/ITU-D/Study-Groups/Pages/default.aspx",
    },
    {
        "activity_id": "ITU-D-0105",
        "title": "Telecommunication Development Advisory Group (TDAG)",
        "description": (
            "Advisory group that reviews the priorities, programmes and operations of the Telecommunication "
            "Development Sector and prepares the work of the World Telecommunication Development Conference."
        ),
        "action_lines": "C11",
        "sdgs": "17.16",
        "start_date": date(2025, 5, 26),
        "end_date": date(2025, 5, 30),
        "status": COMPLETED,
        "url": "https://www.itu.int/en/ITU-D/Conferences/TDAG/Pages/default.aspx",
    },
    {
        "activity_id": "ITU-D-0106",
        "title": "Digital Regulation Platform",
        "description": (
            "Online platform developed with the World Bank that gathers regulatory practices, case studies and "
            "toolkits on digital regulation for regulators and policy-makers."
        ),
        "action_lines": "C6",
        "sdgs": "17.14; 9.c",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 12, 31),
        "status": ONGOING,
        "partners": "World Bank",
        "url": "https://www.itu.int/en/ITU-D/Regulatory-Market/Pages/default.aspx",
    },
    {
        "activity_id": "ITU-D-0107",
        "title": "Innovation and Entrepreneurship Alliance for Digital Development",
        "description": (
            "Alliance that helps countries build digital innovation ecosystems, with ecosystem assessments, "
            "innovation toolkits and support to entrepreneurs and small businesses."
        ),
        "action_lines": "C7 e-business; C6",
        "sdgs": "8.3; 9.b",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 12, 31),
        "status": ONGOING,
        "url": "https://www.itu.int/en/ITU-D/Innovation/Pages/default.aspx",
    },
    {
        "activity_id": "ITU-D-0108",
        "title": "ITU Academy Training Centres",
        "description": (
            "Network of academic and training institutions selected by ITU to deliver accredited training courses "
            "on telecommunications and ICT topics through the ITU Academy."
        ),
        "action_lines": "C4",
        "sdgs": "4.4; 4.b",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 12, 31),
        "status": ONGOING,
        "url": "https://academy.itu.int/",
    },
    {
        "activity_id": "ITU-D-0109",
        "title": "Network of Women in ITU-D",
        "description": (
            "Network that supports women delegates in taking leadership roles in ITU-D meetings and conferences, "
            "with mentoring and networking in every region."
        ),
        "action_lines": "C4; C11",
        "sdgs": "5.5; 5.b",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 11, 28),
        "status": COMPLETED,
        "url": "https://www.itu.int/women-and-girls/",
    },
    {
        "activity_id": "ITU-D-0110",
        "title": "Digital Skills Insights",
        "description": (
            "Annual collection of research papers on digital skills development, covering the skills needed for "
            "digital transformation and how to assess them."
        ),
        "action_lines": "C4; C7 e-learning",
        "sdgs": "4.4; 4.4.1",
        "start_date": date(2025, 3, 1),
        "end_date": date(2025, 10, 31),
        "status": COMPLETED,
        "url": "https://academy.itu.int/",
    },
    {
        "activity_id": "ITU-D-0111",
        "title": "Support to least developed countries under the Doha Programme of Action",
        "description": (
            "Assistance to least developed countries to reach the connectivity targets of the Doha Programme of "
            "Action, including broadband policy advice and Partner2Connect pledges."
        ),
        "action_lines": "C2; C6",
        "sdgs": "9.c; 9.c.1",
        "start_date": date(2025, 1, 1),
        "end_date": date(2025, 12, 31),
        "status": ONGOING,
        "partners": "UN-OHRLLS",
        "url": "https://www.itu.int/en/ITU-D/LDCs/Pages/default.aspx",
    },
    {
        "activity_id": "ITU-D-0112",
        "title": "Spectrum Management Training Programme",
        "description": (
            "Certified training programme for spectrum managers of national regulators on spectrum planning, "
            "engineering, monitoring and the economics of spectrum."
        ),
        "action_lines": "C4; C2",
        "sdgs": "9.c; 4.4",
        "start_date": date(2025, 2, 3),
        "end_date": date(2025, 12, 12),
        "status": COMPLETED,
        "url": "https://academy.itu.int/",
    },
]

# Rows with one planted mistake each. "row" overrides EXAMPLE_BASE (a valid row) in the one cell that is wrong;
# "expect" lists the (field, rule code) problems that row must produce; "what" says what is wrong, for the README.
# The first occurrence of each duplicate pair is a clean row above.
_LONG_TITLE = (
    "Capacity building programme for national regulatory authorities and ministries in charge of ICTs in the "
    "least developed countries on the design, implementation, monitoring and evaluation of national broadband "
    "plans and universal service funds"
)
EXAMPLE_PROBLEMS: list[dict[str, Any]] = [
    {
        "row": {
            "activity_id": "ITU-D-0201",
            "title": "",
            "description": "Workshop for regulators of Pacific island countries on spectrum pricing and licensing.",
            "region": "Asia-Pacific",
        },
        "expect": [("title", "required-value")],
        "what": "blank title",
    },
    {
        "row": {
            "activity_id": "ITU-D-0202",
            "title": "Rural connectivity pilot using satellite backhaul",
            "action_lines": "C2; C13",
        },
        "expect": [("action_lines", "unknown-action-line")],
        "what": "action line `C13` does not exist (C1-C11 only)",
    },
    {
        "row": {
            "activity_id": "ITU-D-0203",
            "title": "Mobile money literacy training for rural women",
            "action_lines": "C4; C7 e-banking",
            "sdgs": "5.b; 8.10",
        },
        "expect": [("action_lines", "unknown-action-line")],
        "what": "`C7 e-banking` is not one of the eight C7 sub-lines",
    },
    {
        "row": {"activity_id": "ITU-D-0204", "title": "Review of national broadband plans", "sdgs": "SDG 9; SDG 18"},
        "expect": [("sdgs", "unknown-sdg")],
        "what": "`SDG 18` does not exist (17 goals)",
    },
    {
        "row": {"activity_id": "ITU-D-0205", "title": "Community networks toolkit", "sdgs": "9; 9.z"},
        "expect": [("sdgs", "unknown-sdg")],
        "what": "target `9.z` does not exist",
    },
    {
        "row": {
            "activity_id": "ITU-D-0206",
            "title": "Household ICT survey training for national statistical offices",
            "sdgs": "17.8.1; 17.20.1",
        },
        "expect": [("sdgs", "unknown-sdg")],
        "what": "indicator `17.20.1` does not exist",
    },
    {
        "row": {
            "activity_id": "ITU-D-0207",
            "title": "Regional workshop on digital public infrastructure",
            "start_date": "next spring",
            "status": PLANNED,
        },
        "expect": [("start_date", "invalid-date")],
        "what": "start date `next spring` is not a date",
    },
    {
        "row": {
            "activity_id": "ITU-D-0208",
            "title": "Cybersecurity awareness campaign for small businesses",
            "action_lines": "C5",
            "start_date": date(2025, 6, 10),
            "end_date": date(2025, 3, 1),
            "status": COMPLETED,
        },
        "expect": [("end_date", "end-before-start")],
        "what": "end date 2025-03-01 is before start date 2025-06-10",
    },
    {
        "row": {
            "activity_id": "ITU-D-0209",
            "title": "Telecentre rehabilitation project",
            "start_date": date(2019, 2, 1),
            "end_date": date(2019, 11, 30),
            "status": COMPLETED,
        },
        "expect": [("start_date", "date-outside-year")],
        "what": "activity entirely in 2019 (2019-02-01 to 2019-11-30) in a 2025 report",
    },
    {
        "row": {
            "activity_id": "ITU-D-0210",
            "title": "Digital skills bootcamp for teachers",
            "year": 2024,
            "start_date": date(2024, 9, 1),
            "end_date": date(2025, 6, 30),
        },
        "expect": [("year", "year-mismatch")],
        "what": "year 2024 in the 2025 file (dates span both years, so no date warning)",
    },
    {
        "row": {"activity_id": "ITU-D-0211", "title": "Broadband mapping for universal service funds", "year": 25},
        "expect": [("year", "invalid-year")],
        "what": "year `25` is not a four-digit year",
    },
    {
        "row": {"activity_id": "ITU-D-0102", "title": "Spectrum monitoring training for West African regulators"},
        "expect": [("activity_id", "duplicate-id")],
        "what": "id `ITU-D-0102` already used by the clean row *Be He@lthy, Be Mobile (with WHO)*",
    },
    {
        "row": {"activity_id": "ITU-D-0213", "title": "Her CyberTracks", "action_lines": "C5; C4", "sdgs": "5; 5.b"},
        "expect": [("title", "duplicate-activity")],
        "what": "same title, sector and year as the clean row ITU-D-0103, under another id",
    },
    {
        "row": {
            "activity_id": "ITU-D-0214",
            "title": "Connectivity assessment of health centres",
            "url": "www itu int",
        },
        "expect": [("url", "invalid-url")],
        "what": "URL `www itu int`",
    },
    {
        "row": {"activity_id": "ITU-D-0215", "title": "Emergency telecommunication drill", "url": "htp:/x"},
        "expect": [("url", "invalid-url")],
        "what": "URL `htp:/x`",
    },
    {
        "row": {"activity_id": "ITU-D-0216", "title": "Digital literacy for older persons", "sector": "ITU-DD"},
        "expect": [("sector", "unknown-sector")],
        "what": "sector `ITU-DD`",
    },
    {
        "row": {"activity_id": "ITU-D-0217", "title": "Submarine cable resilience study", "status": "maybe"},
        "expect": [("status", "unknown-status")],
        "what": "status `maybe`",
    },
    {
        "row": {"activity_id": "ITU-D-0218", "title": "Island connectivity roadmap", "region": "Atlantis"},
        "expect": [("region", "unknown-region")],
        "what": "region `Atlantis`",
    },
    {
        "row": {
            "activity_id": "ITU-D-0219",
            "title": "National e-government readiness assessment",
            "region": "Africa",
            "countries": "Kenya; Narnia",
        },
        "expect": [("countries", "unknown-country")],
        "what": "country `Narnia` (next to a valid `Kenya`)",
    },
    {
        "row": {
            "activity_id": "ITU-D-0220",
            "title": "Last-mile connectivity in refugee settlements",
            "description": "",
        },
        "expect": [("description", "missing-description")],
        "what": "blank description",
    },
    {
        "row": {"activity_id": "ITU-D-0221", "title": _LONG_TITLE},
        "expect": [("title", "title-too-long")],
        "what": f"title of {len(_LONG_TITLE)} characters (limit 200)",
    },
    {
        "row": {
            "activity_id": "ITU-D-0222",
            "title": "Affordable smartphones for rural users",
            "action_lines": "SDG 9; SDG 17",
            "sdgs": "9; 17",
        },
        "expect": [("action_lines", "wrong-column")],
        "what": "SDG codes `SDG 9; SDG 17` typed into the action line column",
    },
    {
        # openpyxl stores the text "#N/A" as an error cell (t="e"), what Excel shows for a failed VLOOKUP
        "row": {"activity_id": "ITU-D-0223", "title": "Postal digital services pilot", "partners": "#N/A"},
        "expect": [("partners", "excel-error")],
        "what": "`#N/A` error cell in Partners",
    },
    {
        # a formula written by openpyxl has no cached value
        "row": {
            "activity_id": "ITU-D-0224",
            "title": "Open-source tools for network planning",
            "partners": '="UNICEF"&"; "&"UNESCO"',
        },
        "expect": [("partners", "formula-without-value")],
        "what": "formula with no cached value in Partners",
    },
    {
        "row": {
            "activity_id": "ITU-D-0225",
            "title": "Women in digital entrepreneurship workshop",
            "start_date": "03/04/2025",
            "end_date": date(2025, 6, 30),
        },
        "expect": [("start_date", "ambiguous-date")],
        "what": "start date `03/04/2025` as text: 3 April or 4 March (both before the end date 2025-06-30)",
    },
]

# An extra column whose header matches no spec column: one unknown-column warning on its header cell ("" = none).
EXAMPLE_EXTRA_COLUMN = "Focal point"
EXAMPLE_EXTRA_VALUES = ("DNS", "DKH", "PDD")

# The base of every problem row: valid values for every field.
EXAMPLE_BASE: dict[str, Any] = {
    "year": 2025,
    "sector": "ITU-D",
    "description": (
        "Technical assistance and training delivered by the Telecommunication Development Bureau to help national "
        "administrations extend affordable broadband connectivity."
    ),
    "action_lines": "C2; C4",
    "sdgs": "9.c; 4.4",
    "start_date": date(2025, 3, 1),
    "end_date": date(2025, 11, 30),
    "status": ONGOING,
    "region": "Global",
    "countries": "",
    "partners": "",
    "url": "https://www.itu.int/en/ITU-D/Pages/default.aspx",
}
