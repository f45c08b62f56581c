#!/usr/bin/env python3
"""Derive the CSV tables of scenarios/mali-2024 from a small set of cited inputs.

Stdlib only. Run from the repository root:

    python3 scripts/mali/build_scenario.py            # rewrite the tables
    python3 scripts/mali/build_scenario.py --check    # fail if a committed table differs

Every figure below carries a source key (see scenarios/mali-2024/SOURCES.md) or an
assumption number (see scenarios/mali-2024/ASSUMPTIONS.md). Derived values (trucking
cost per tonne, road distances estimated from coordinates, needs by region, diesel
need) are computed here so that the derivation can be read and re-run.
"""

import math
import re
import os
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scenarios", "mali-2024")

# ----------------------------------------------------------------------------------------
# Money
XOF_PER_USD = 606.0  # FX: 655.957 XOF/EUR and EUR/USD ~1.08 in 2023-2024


def usd(xof):
    return xof / XOF_PER_USD


# ----------------------------------------------------------------------------------------
# Trucking cost: Dakar-Bamako rate per truck / payload / distance (CMTR-2023, DNTTMF, DAKAR-ROUTE)
TRUCK_RATE_XOF = 2_000_000  # per truck Dakar-Bamako, Nov 2023 (some carriers 1,600,000)
TRUCK_PAYLOAD_T = 40.0  # semi-trailer "articule"
DAKAR_BAMAKO_KM = 1387.0
RATE_USD_PER_TKM = usd(TRUCK_RATE_XOF / TRUCK_PAYLOAD_T) / DAKAR_BAMAKO_KM  # ~0.0595
NORTH_COST_FACTOR = 25_000 / 17_000  # RN16: Bamako-Gao bus fare 17,000 -> 25,000 XOF (A9)
DESERT_COST_FACTOR = 2.0  # A9: light trucks on the Taoudenit track
ROAD_RATIO_CITED = [  # road km / great-circle km of the cited LCA pairs (MF section 4)
    1.13, 1.26, 1.44, 1.38, 1.43, 1.26, 1.25, 1.42, 1.20, 1.32]
ROAD_RATIO = sorted(ROAD_RATIO_CITED)[4:6]
ROAD_RATIO = round(sum(ROAD_RATIO) / 2, 2)  # median = 1.29 (A4)
INTRA_TOWN_KM = 5.0  # A4: hub -> district in the same town

# ----------------------------------------------------------------------------------------
# Nodes: id, name, kind, lat, lon, country, storage_t, handling, storage cost, loss, source, note
PORT_HANDLING = round(usd(12_500), 1)  # A6: midpoint of the 10,000-15,000 XOF/t placeholder
WH_HANDLING = 5.0  # A6
WH_STORAGE_COST = 2.0  # A6 USD per t per month
WH_LOSS = 0.005  # A6 per month

NODES = [
    # ports
    ("dakar", "Port of Dakar", "port", 14.68, -17.43, "SN", 0, PORT_HANDLING, 0, 0,
     "GEONAMES 2253354 (port pier approx.)", "handling: assumption A6"),
    ("abidjan", "Port of Abidjan", "port", 5.29, -4.01, "CI", 0, PORT_HANDLING, 0, 0,
     "GEONAMES 2293538 (port approx.)", "handling: assumption A6"),
    ("conakry", "Port of Conakry", "port", 9.515, -13.71, "GN", 0, PORT_HANDLING, 0, 0,
     "GEONAMES 2422465 (port approx.)", "handling: assumption A6"),
    ("lome", "Port of Lome", "port", 6.135, 1.285, "TG", 0, PORT_HANDLING, 0, 0,
     "GEONAMES 2365267 (port approx.)", "handling: assumption A6"),
    ("tema", "Port of Tema", "port", 5.66980, -0.01657, "GH", 0, PORT_HANDLING, 0, 0,
     "GEONAMES 2294700", "handling: assumption A6"),
    ("nouakchott", "Port of Nouakchott (Port de l'Amitie)", "port", 18.02, -16.04, "MR", 0, PORT_HANDLING, 0, 0,
     "GEONAMES 2377450 (port approx.)", "handling: assumption A6"),
    # border posts (Mali side where known)
    ("kidira_diboli", "Kidira/Diboli border post", "border", 14.45668, -12.21659, "SN", 0, 0, 0, 0,
     "GEONAMES 2249892 (Kidira)", "Diboli is across the Faleme at ~14.46 -12.19"),
    ("pogo_zegoua", "Pogo/Zegoua border post", "border", 10.48804, -5.64943, "ML", 0, 0, 0, 0,
     "GEONAMES 2448322 (Zegoua)", ""),
    ("kouremale", "Kouremale border post", "border", 11.96, -8.77, "ML", 0, 0, 0, 0,
     "MF-1b (approximate coordinates; L)", ""),
    ("koury", "Koury border post", "border", 12.18396, -4.80284, "ML", 0, 0, 0, 0,
     "GEONAMES 2454285 (Kouri)", ""),
    ("gogui", "Gogui/Nioro border post", "border", 15.23074, -9.59356, "ML", 0, 0, 0, 0,
     "MF-1b (placed at Nioro du Sahel; L)", "Gogui lies north of Nioro on the Mauritanian border; exact coordinates not in the sources"),
    # transit hubs in Burkina Faso
    ("ouagadougou", "Ouagadougou transit hub", "hub", 12.36566, -1.53388, "BF", 0, 0, 0, 0,
     "GEONAMES 2357048", "Lome and Tema corridors join here"),
    ("bobo_dioulasso", "Bobo-Dioulasso transit hub", "hub", 11.18064, -4.29489, "BF", 0, 0, 0, 0,
     "GEONAMES 2362344", ""),
    # hubs in Mali
    ("bamako", "Bamako logistics hub", "hub", 12.60915, -7.97522, "ML", 0, 0, 0, 0,
     "GEONAMES 2460596", "all port corridors end here (Kati weighbridge 15 km north)"),
    ("koulikoro_port", "Koulikoro river port", "hub", 12.86273, -7.55985, "ML", 0, WH_HANDLING, 0, 0,
     "GEONAMES 2454530; LCA-2.5 (head of navigation)", "handling: assumption A6 (road-to-boat transhipment)"),
    ("mopti_hub", "Mopti/Severe road hub", "hub", 14.53, -4.10, "ML", 0, 0, 0, 0,
     "MF-1b (Sevare approximate; L)", "LCA distances quoted for Mopti are used for this hub"),
    ("mopti_port", "Mopti river port", "hub", 14.48430, -4.18296, "ML", 0, WH_HANDLING, 0, 0,
     "GEONAMES 2453348", "handling: assumption A6"),
    ("kabara", "Tombouctou hub (Kabara/Korioume river port)", "hub", 16.72, -3.02, "ML", 0, WH_HANDLING, 0, 0,
     "MF-1b (approximate; L)", "handling: assumption A6"),
    ("gao_hub", "Gao hub and river port", "hub", 16.27167, -0.04472, "ML", 0, WH_HANDLING, 0, 0,
     "GEONAMES 2457163", "handling: assumption A6"),
    # warehouses (capacities are assumptions A5)
    ("wh_bamako", "Bamako warehouse (WFP/CSA)", "warehouse", 12.60915, -7.97522, "ML", 20000, WH_HANDLING,
     WH_STORAGE_COST, WH_LOSS, "GEONAMES 2460596", "capacity cost and loss: assumptions A5 A6"),
    ("wh_mopti", "Mopti/Severe warehouse", "warehouse", 14.53, -4.10, "ML", 10000, WH_HANDLING,
     WH_STORAGE_COST, WH_LOSS, "MF-1b", "capacity cost and loss: assumptions A5 A6"),
    ("wh_gao", "Gao warehouse", "warehouse", 16.27167, -0.04472, "ML", 6000, WH_HANDLING,
     WH_STORAGE_COST, WH_LOSS, "GEONAMES 2457163", "capacity cost and loss: assumptions A5 A6"),
    ("wh_menaka", "Menaka warehouse", "warehouse", 15.91985, 2.39609, "ML", 2000, WH_HANDLING,
     WH_STORAGE_COST, WH_LOSS, "GEONAMES 2453514", "capacity cost and loss: assumptions A5 A6; all Menaka deliveries pass here"),
    ("wh_tombouctou", "Tombouctou warehouse", "warehouse", 16.77348, -3.00742, "ML", 4000, WH_HANDLING,
     WH_STORAGE_COST, WH_LOSS, "GEONAMES 2449067", "capacity cost and loss: assumptions A5 A6"),
]

# Districts: the 19 regions of Loi 2023-006 plus Bamako district (RGPH5 2022 population,
# capital coordinates from GeoNames).
DISTRICTS = [
    # id, name, pop, lat, lon, geonames id
    ("bamako_district", "District de Bamako", 4227569, 12.60915, -7.97522, 2460596),
    ("kayes", "Kayes", 1840329, 14.44776, -11.44393, 2455518),
    ("koulikoro", "Koulikoro", 2255157, 12.86273, -7.55985, 2454530),
    ("sikasso", "Sikasso", 1533123, 11.31755, -5.66654, 2451185),
    ("segou", "Segou", 2455263, 13.44032, -6.25947, 2451478),
    ("mopti", "Mopti", 935579, 14.48430, -4.18296, 2453348),
    ("tombouctou", "Tombouctou", 974278, 16.77348, -3.00742, 2449067),
    ("gao", "Gao", 727517, 16.27167, -0.04472, 2457163),
    ("kidal", "Kidal", 83194, 18.44345, 1.40921, 2455290),
    ("taoudenit", "Taoudenit", 100358, 22.67691, -3.97922, 2450173),
    ("menaka", "Menaka", 318876, 15.91985, 2.39609, 2453514),
    ("nioro", "Nioro", 678061, 15.23074, -9.59356, 2452651),
    ("kita", "Kita", 681671, 13.03885, -9.48817, 2455216),
    ("dioila", "Dioila", 675965, 12.48735, -6.80313, 2458747),
    ("nara", "Nara", 307777, 15.16931, -7.28985, 2453079),
    ("bougouni", "Bougouni", 1570979, 11.41769, -7.48323, 2459775),
    ("koutiala", "Koutiala", 1169882, 12.38723, -5.46507, 2454268),
    ("san", "San", 820807, 13.29701, -4.89627, 2451778),
    ("douentza", "Douentza", 170189, 15.00605, -2.95170, 2458334),
    ("bandiagara", "Bandiagara", 868916, 14.35005, -3.61038, 2460489),
]
POS = {n[0]: (n[3], n[4]) for n in NODES}
POS.update({d[0]: (d[3], d[4]) for d in DISTRICTS})


def great_circle_km(a, b):
    (la1, lo1), (la2, lo2) = POS[a], POS[b]
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def est_road_km(a, b):
    return max(great_circle_km(a, b) * ROAD_RATIO, INTRA_TOWN_KM)


# ----------------------------------------------------------------------------------------
# Corridor capacities: cited annual Mali traffic / 12 x humanitarian share (A2)
HUMANITARIAN_SHARE = 0.10
CORRIDOR_T_PER_YEAR = {
    "dakar": (2_600_000, "PAD-DAKAR (2.7 Mt 2020; ~2.5 Mt 2025; midpoint 2.6 Mt)"),
    "abidjan": (835_000, "ABIDJAN-VOL (>835,000 t 2025)"),
    "lome": (174_203, "LOME-VOL (174,203 t Mali transit 2022)"),
    "tema": (174_203, "assumption A2: no cited Tema volume; set equal to Lome"),
    "conakry": (7_624, "CONAKRY-VOL (7,624 t via Conakry 2023)"),
    "nouakchott": (7_624, "assumption A2: no cited volume ('minor'); set equal to Conakry"),
}


def corridor_cap(c):
    return round(CORRIDOR_T_PER_YEAR[c][0] / 12 * HUMANITARIAN_SHARE)


# Inland capacities (A3): humanitarian truck capacity per month by road class
CAP_PAVED = 10000  # ~8 x 40 t trucks a day
CAP_NORTH = 3000  # ~2-3 escorted 40 t trucks a day (RN16, Gao-Menaka, Gao-Kidal, Mopti-Tombouctou)
CAP_DESERT = 300  # light trucks on the 750 km Taoudenit track
# River (A8): COMANAV large boats 130 t each (COMANAV-FLEET) and pinasses up to 23 t (PINASSE)
RIVER_BOAT_T, RIVER_BOATS, RIVER_ROTATIONS = 130, 3, 2
PINASSE_T = 23
RIVER_CAP = {
    "koulikoro_mopti": RIVER_BOAT_T * RIVER_BOATS * RIVER_ROTATIONS,  # COMANAV only
    "mopti_kabara": RIVER_BOAT_T * RIVER_BOATS * RIVER_ROTATIONS + 30 * PINASSE_T,
    "mopti_gao": RIVER_BOAT_T * RIVER_BOATS * RIVER_ROTATIONS + 15 * PINASSE_T,
}
# River km: cited navigable reach Koulikoro-Gao 1,308 km (LCA-2.5) split in proportion to the
# great-circle lengths of the reaches.
RIVER_TOTAL_KM = 1308.0

LANES = []  # dicts


def lane(lid, frm, to, mode, km, cost_factor, cap, corridor, source, note, transit=0):
    cost = round(km * RATE_USD_PER_TKM * cost_factor, 2)
    source += "; rate: CMTR-2023 DNTTMF"
    LANES.append(dict(id=lid, frm=frm, to=to, mode=mode, km=round(km), cost=cost, transit=transit,
                      cap=cap, corridor=corridor, source=source, note=note))


RATE_NOTE = "cost = km x %.4f USD/t-km (2,000,000 XOF/truck / 40 t / 1,387 km)" % RATE_USD_PER_TKM
TRANSIT_NOTE = "transit: see A7"

# Transit times in days (A7). Where a source gives a corridor's time, each leg takes its share
# by km; inland legs with an LCA time take it; every other leg runs at the LCA's Bamako-Gao
# pace (1,192 km in 2 days, ~600 km a day).
CORRIDOR_DAYS = {  # corridor label -> (days, km, source)
    "dakar": (5.5, 1382, "DAKAR-ROUTE (5-6 days by truck)"),
    "abidjan": (5.0, 1184, "MF-3a (Abidjan-Bamako ~4-6 days; L)"),
    "tema": (12.0, 1977, "TEMA-ROUTE (~12 days)"),
    "burkina": (12.0, 1977, "TEMA-ROUTE (~12 days; Tema pace)"),
    "lome": (12.0, 1977, "assumption A7: no cited time; Tema pace"),
    "conakry": (5.5, 1382, "assumption A7: no cited time; Dakar pace"),
    "nouakchott": (5.5, 1382, "assumption A7: no cited time; Dakar pace"),
}
LEG_DAYS = {  # lane -> (days, source)
    "bamako_segou": (3 / 24, "LCA-2.3 (3 h)"),
    "bamako_sikasso": (5 / 24, "LCA-2.3 (5 h)"),
    "bamako_kayes": (8 / 24, "LCA-2.3 (8 h)"),
    "bamako_mopti_hub": (8 / 24, "LCA-2.3 (8 h)"),
    "mopti_hub_gao": (2 - 8 / 24, "LCA-2.3 (Bamako-Gao 2 days less Bamako-Mopti 8 h)"),
    "mopti_hub_kabara": (2 - 8 / 24, "LCA-2.3 (Bamako-Tombouctou 2 days less Bamako-Mopti 8 h)"),
    "gao_hub_kidal": (1.0, "LCA-2.3 (Bamako-Kidal 3 days less Bamako-Gao 2 days)"),
    "river_mopti_kabara": (4.0, "PINASSE (Mopti-Tombouctou 3-5 days)"),
    "rail_dakar_koulikoro": (0.0, "closed (RAIL-2018)"),
}
ROAD_KM_PER_DAY = 1192 / 2  # LCA-2.3 Bamako-Gao
RIVER_KM_PER_DAY = None  # set from the pinasse time once river km are known


def lane_days(l):
    if l["id"] in LEG_DAYS:
        return LEG_DAYS[l["id"]]
    if l["corridor"] in CORRIDOR_DAYS:
        days, km, src = CORRIDOR_DAYS[l["corridor"]]
        return l["km"] * days / km, src + "; by km"
    if l["mode"] == "river":
        pace = next(x["km"] for x in LANES if x["id"] == "river_mopti_kabara") / LEG_DAYS["river_mopti_kabara"][0]
        return l["km"] / pace, "assumption A7: pinasse pace (PINASSE)"
    return l["km"] / ROAD_KM_PER_DAY, "assumption A7: LCA-2.3 pace (~600 km a day)"


def build_lanes():
    R = ROAD_RATIO
    # --- Dakar corridor (northern route): 682 km in Senegal + 700 km in Mali (DAKAR-ROUTE)
    c = corridor_cap("dakar")
    src = "DAKAR-ROUTE; CMTR-2023; cap: " + CORRIDOR_T_PER_YEAR["dakar"][1]
    lane("dakar_kidira", "dakar", "kidira_diboli", "road", 682, 1, c, "dakar", src,
         RATE_NOTE + "; cap = 2.6 Mt/12 x 10% (A2); " + TRANSIT_NOTE)
    lane("kidira_bamako", "kidira_diboli", "bamako", "road", 700, 1, c, "dakar", src,
         "via Kayes-Diema-Didieni-Kati; " + RATE_NOTE + "; cap A2")
    lane("kidira_kayes", "kidira_diboli", "kayes", "road", 700 - 614, 1, c, "dakar",
         "DAKAR-ROUTE; LCA-2.3 (Bamako-Kayes 614)", "km = 700 (Mali leg) - 614 (Bamako-Kayes) derived; cap A2")
    # railway: present, closed to freight since May 2018
    rail_cap = round(0.20 * CORRIDOR_T_PER_YEAR["dakar"][0] / 12 * HUMANITARIAN_SHARE)
    lane("rail_dakar_koulikoro", "dakar", "koulikoro_port", "rail", 1287, 1, rail_cap, "dakar_rail",
         "RAIL-LEN (1,287 km); RAIL-2018 (freight stopped May 2018)",
         "closed all year (lane_availability); cap = former ~20% share of Senegal-Mali cargo x 10% (A2); cost: road rate placeholder (A9)")
    # --- Abidjan corridor: 1,184 km Abidjan-Bamako via Pogo/Zegoua and Sikasso (ABIDJAN-ROUTE)
    c = corridor_cap("abidjan")
    z_s = est_road_km("pogo_zegoua", "sikasso")
    src = "ABIDJAN-ROUTE; LCA-2.3; cap: " + CORRIDOR_T_PER_YEAR["abidjan"][1]
    lane("abidjan_zegoua", "abidjan", "pogo_zegoua", "road", 1184 - 364 - z_s, 1, c, "abidjan", src,
         "km = 1,184 - 364 (Bamako-Sikasso) - Zegoua-Sikasso estimate (A4); cap A2")
    lane("zegoua_bamako", "pogo_zegoua", "bamako", "road", 364 + z_s, 1, c, "abidjan", src,
         "km = Zegoua-Sikasso estimate (A4) + 364 (LCA-2.3); cap A2")
    lane("zegoua_sikasso", "pogo_zegoua", "sikasso", "road", z_s, 1, c, "abidjan", "GEONAMES",
         "km = great circle x %.2f (A4); cap A2" % R)
    # --- Conakry corridor: ~993 km Conakry-Bamako via Kankan/Siguiri-Kouremale (CONAKRY-ROUTE)
    c = corridor_cap("conakry")
    k_b = est_road_km("kouremale", "bamako")
    src = "CONAKRY-ROUTE; cap: " + CORRIDOR_T_PER_YEAR["conakry"][1]
    lane("conakry_kouremale", "conakry", "kouremale", "road", 993 - k_b, 1, c, "conakry", src,
         "km = 993 - Kouremale-Bamako estimate (A4); cap A2")
    lane("kouremale_bamako", "kouremale", "bamako", "road", k_b, 1, c, "conakry", src,
         "km = great circle x %.2f (A4); cap A2" % R)
    # --- Lome and Tema corridors via Ouagadougou - Bobo-Dioulasso - Koury
    c_l, c_t = corridor_cap("lome"), corridor_cap("tema")
    o_b = est_road_km("ouagadougou", "bobo_dioulasso")
    b_k = est_road_km("bobo_dioulasso", "koury")
    k_bko = est_road_km("koury", "bamako")
    lane("tema_ouagadougou", "tema", "ouagadougou", "road", 1977 - o_b - b_k - k_bko, 1, c_t, "tema",
         "TEMA-ROUTE (Tema-Bamako 1,977 km); cap: " + CORRIDOR_T_PER_YEAR["tema"][1],
         "km = 1,977 - estimated Ouagadougou-Bobo-Koury-Bamako legs (A4); cap A2")
    lane("lome_ouagadougou", "lome", "ouagadougou", "road", est_road_km("lome", "ouagadougou"), 1, c_l,
         "lome", "LOME-VOL (cap); GEONAMES (km)",
         "km = great circle x %.2f (A4; no cited road km); cap = 174,203 t/12 x 10%% (A2)" % R)
    lane("ouagadougou_bobo", "ouagadougou", "bobo_dioulasso", "road", o_b, 1, c_l + c_t, "burkina",
         "GEONAMES", "km = great circle x %.2f (A4); cap = Lome + Tema (A2)" % R)
    lane("bobo_koury", "bobo_dioulasso", "koury", "road", b_k, 1, c_l + c_t, "burkina",
         "GEONAMES", "km = great circle x %.2f (A4); cap = Lome + Tema (A2)" % R)
    lane("koury_bamako", "koury", "bamako", "road", k_bko, 1, c_l + c_t, "burkina",
         "GEONAMES", "via Koutiala; km = great circle x %.2f (A4); cap = Lome + Tema (A2)" % R)
    lane("koury_koutiala", "koury", "koutiala", "road", est_road_km("koury", "koutiala"), 1, c_l + c_t,
         "burkina", "GEONAMES", "km = great circle x %.2f (A4); cap A2" % R)
    # --- Nouakchott corridor: ~1,500 km via Aleg-Kiffa-Ayoun-Nioro (NOUAKCHOTT-ROUTE, L)
    c = corridor_cap("nouakchott")
    g_b = est_road_km("gogui", "bamako")
    src = "NOUAKCHOTT-ROUTE (L); cap: " + CORRIDOR_T_PER_YEAR["nouakchott"][1]
    lane("nouakchott_gogui", "nouakchott", "gogui", "road", 1500 - g_b, 1, c, "nouakchott", src,
         "km = ~1,500 - Nioro-Bamako estimate (A4); cap A2")
    lane("gogui_bamako", "gogui", "bamako", "road", g_b, 1, c, "nouakchott", src,
         "via Diema; km = great circle x %.2f (A4); rainy-season cut (A10)" % R)
    lane("gogui_nioro", "gogui", "nioro", "road", INTRA_TOWN_KM, 1, c, "nouakchott", src,
         "border post placed at Nioro: nominal 5 km (A4)")
    # --- Inland roads from Bamako (LCA-2.3 where cited, else great circle x ratio)
    cited_from_bamako = {"segou": 235, "sikasso": 364, "kayes": 614}
    for d in ["bamako_district", "koulikoro", "kita", "dioila", "nara", "bougouni", "koutiala", "segou",
              "san", "sikasso", "kayes", "nioro"]:
        if d in cited_from_bamako:
            km, src, note = cited_from_bamako[d], "LCA-2.3", "km cited (LCA-2.3)"
        elif d == "koulikoro":
            km, src, note = 57, "LCA-2.5; MF-4", "km: ~55-60 road (great circle 53) (L)"
        else:
            km, src, note = est_road_km("bamako", d), "GEONAMES", "km = great circle x %.2f (A4)" % R
        cap = CAP_PAVED
        if d == "bamako_district":
            cap, note = "inf", "intra-city: nominal 5 km (A4)"
        lane("bamako_" + d, "bamako", d, "road", km, 1, cap, "mali_south", src,
             note + "; " + RATE_NOTE + "; cap A3")
    lane("bamako_koulikoro_port", "bamako", "koulikoro_port", "road", 57, 1, CAP_PAVED, "mali_river",
         "LCA-2.5", "Bamako-Koulikoro not navigable (rapids): road ~55-60 km (L); cap A3")
    lane("bamako_mopti_hub", "bamako", "mopti_hub", "road", 635, 1, CAP_PAVED, "mali_centre", "LCA-2.3",
         "km cited Bamako-Mopti; via Segou-San; cap A3")
    # --- Centre and north
    lane("mopti_hub_mopti", "mopti_hub", "mopti", "road", est_road_km("mopti_hub", "mopti"), 1, "inf",
         "mali_centre", "MF-1b", "Sevare-Mopti ~12 km: great circle x %.2f (A4)" % R)
    lane("mopti_hub_bandiagara", "mopti_hub", "bandiagara", "road", est_road_km("mopti_hub", "bandiagara"),
         1, CAP_PAVED, "mali_centre", "GEONAMES", "km = great circle x %.2f (A4); cap A3" % R)
    lane("mopti_hub_douentza", "mopti_hub", "douentza", "road", est_road_km("mopti_hub", "douentza"),
         NORTH_COST_FACTOR, CAP_NORTH, "mali_north", "GEONAMES; RN16",
         "RN16 (insecure); km = great circle x %.2f (A4); cost x %.2f (A9); cap A3; rainy cut A10" % (R, NORTH_COST_FACTOR))
    lane("mopti_hub_gao", "mopti_hub", "gao_hub", "road", 582, NORTH_COST_FACTOR, CAP_NORTH, "mali_north",
         "LCA-2.3; RN16", "RN16 Sevare-Gao degraded and insecure; cost x %.2f (A9); cap A3; rainy cut A10" % NORTH_COST_FACTOR)
    lane("mopti_hub_kabara", "mopti_hub", "kabara", "road", 402, NORTH_COST_FACTOR, CAP_NORTH, "mali_north",
         "LCA-2.3", "km cited Mopti-Tombouctou; partly unpaved with ferry; cost x %.2f (A9); cap A3; rainy cut A10" % NORTH_COST_FACTOR)
    lane("gao_hub_gao", "gao_hub", "gao", "road", INTRA_TOWN_KM, 1, "inf", "mali_north", "GEONAMES",
         "intra-town nominal 5 km (A4)")
    lane("gao_hub_menaka", "gao_hub", "wh_menaka", "road", 315, NORTH_COST_FACTOR, CAP_NORTH, "mali_north",
         "MF-4 (GAP: great circle 264 km; RN20 ~310-320 km; L)",
         "to the Menaka warehouse; km 315 (L); cost x %.2f (A9); cap A3; rainy cut A10" % NORTH_COST_FACTOR)
    lane("wh_menaka_menaka", "wh_menaka", "menaka", "road", INTRA_TOWN_KM, 1, "inf", "mali_north", "GEONAMES",
         "intra-town nominal 5 km (A4)")
    lane("gao_hub_kidal", "gao_hub", "kidal", "road", est_road_km("gao_hub", "kidal"), NORTH_COST_FACTOR, CAP_NORTH,
         "mali_north", "LCA-2.3 (286 km printed = straight line; suspect)",
         "km = great circle x %.2f (A4) instead of the suspect 286; cost x %.2f (A9); cap A3; rainy cut A10" % (R, NORTH_COST_FACTOR))
    lane("kabara_tombouctou", "kabara", "tombouctou", "road", est_road_km("kabara", "tombouctou"), 1, "inf",
         "mali_north", "MF-1b", "Kabara-Tombouctou town: great circle x %.2f (A4)" % R)
    lane("kabara_taoudenit", "kabara", "taoudenit", "road", 750, NORTH_COST_FACTOR * DESERT_COST_FACTOR,
         CAP_DESERT, "mali_north", "TAOUDENIT-TRACK (~750 km north of Tombouctou; M/L)",
         "desert track; cost x %.2f x %.1f (A9); cap A3 (low); no rainy-season cut" % (NORTH_COST_FACTOR, DESERT_COST_FACTOR))
    # --- Niger river (seasonal; A8, A10)
    gc = {k: great_circle_km(a, b) for k, (a, b) in
          {"koulikoro_mopti": ("koulikoro_port", "mopti_port"), "mopti_kabara": ("mopti_port", "kabara"),
           "kabara_gao": ("kabara", "gao_hub")}.items()}
    scale = RIVER_TOTAL_KM / sum(gc.values())
    rk = {k: v * scale for k, v in gc.items()}
    rnote = "river km = share of the 1,308 km Koulikoro-Gao reach by great circle (A4); cost: road rate placeholder (A9; tariff GAP); cap A8; seasonal A10"
    lane("river_koulikoro_mopti", "koulikoro_port", "mopti_port", "river", rk["koulikoro_mopti"], 1,
         RIVER_CAP["koulikoro_mopti"], "niger_river", "LCA-2.5; RIVER-SEASON; COMANAV-FLEET", rnote)
    lane("river_mopti_kabara", "mopti_port", "kabara", "river", rk["mopti_kabara"], 1,
         RIVER_CAP["mopti_kabara"], "niger_river", "LCA-2.5; RIVER-SEASON; COMANAV-FLEET; PINASSE", rnote)
    lane("river_mopti_gao", "mopti_port", "gao_hub", "river", rk["mopti_kabara"] + rk["kabara_gao"], 1,
         RIVER_CAP["mopti_gao"], "niger_river", "LCA-2.5; RIVER-SEASON; COMANAV-FLEET; PINASSE", rnote)
    lane("mopti_port_hub", "mopti_port", "mopti_hub", "road", est_road_km("mopti_port", "mopti_hub"), 1, "inf",
         "mali_river", "MF-1b", "port <-> Sevare hub (A4)")
    lane("mopti_hub_port", "mopti_hub", "mopti_port", "road", est_road_km("mopti_port", "mopti_hub"), 1, "inf",
         "mali_river", "MF-1b", "Sevare hub <-> port (A4)")
    # --- warehouse links (both directions, nominal 5 km, unlimited)
    for wh, hub in [("wh_bamako", "bamako"), ("wh_mopti", "mopti_hub"), ("wh_gao", "gao_hub"),
                    ("wh_tombouctou", "kabara")]:
        km = est_road_km(wh, hub)
        lane(hub + "_to_" + wh, hub, wh, "road", km, 1, "inf", "", "MF-1b", "warehouse link (A4 A5)")
        lane(wh + "_to_" + hub, wh, hub, "road", km, 1, "inf", "", "MF-1b", "warehouse link (A4 A5)")


# Lane availability (A10): river seasons, closed railway, rainy-season cuts
RAINY_NORTH = {"2024-06": 0.65, "2024-07": 0.3, "2024-08": 0.3, "2024-09": 0.65}
RAINY_SECONDARY = {"2024-06": 0.8, "2024-07": 0.6, "2024-08": 0.6, "2024-09": 0.8}
NORTH_RAINY_LANES = ["mopti_hub_douentza", "mopti_hub_gao", "mopti_hub_kabara", "gao_hub_menaka", "gao_hub_kidal"]
SECONDARY_RAINY_LANES = ["bamako_nioro", "bamako_nara", "gogui_bamako", "gogui_nioro"]


def build_availability():
    rows = [("rail_dakar_koulikoro", "*", 0, "freight stopped May 2018", "RAIL-2018", "")]
    for l in ["river_koulikoro_mopti", "river_mopti_kabara"]:
        rows.append((l, "2024-03..2024-07", 0, "low water: large boats run late July to January",
                     "RIVER-SEASON", "A10: open Aug-Jan"))
        rows.append((l, "2025-02", 0, "low water: large boats run late July to January", "RIVER-SEASON", "A10"))
    rows.append(("river_mopti_gao", "2024-04..2024-07", 0, "low water: Mopti-Gao navigable Aug to March",
                 "RIVER-SEASON", "A10: open Mar 2024 (end of 2023/24 season) and Aug 2024 - Feb 2025"))
    for l in NORTH_RAINY_LANES:
        for p, f in RAINY_NORTH.items():
            rows.append((l, p, f, "rainy season (mid-June to mid-September)", "RAINY", "factor: assumption A10"))
    for l in SECONDARY_RAINY_LANES:
        for p, f in RAINY_SECONDARY.items():
            rows.append((l, p, f, "rainy season (mid-June to mid-September)", "RAINY", "factor: assumption A10"))
    return rows


# ----------------------------------------------------------------------------------------
# Commodities and nutrients (NUTVAL-2002: values of the WFP Syria food_nutrition.csv)
COMMODITIES = [
    # id, name, group, ration_group, density, nutval row, note
    ("wheat", "Wheat grain", "food", "cereal", "", "Wheat", "the donated grain"),
    ("sorghum", "Sorghum", "food", "cereal", "", "Sorghum/millet", ""),
    ("millet", "Millet", "food", "cereal", "", "Sorghum/millet", "MF-6b gives 340 kcal 4.0 g fat for millet; NutVal's joint row kept"),
    ("maize", "Maize grain", "food", "cereal", "", "Maize", ""),
    ("rice", "Rice milled", "food", "cereal", "", "Rice", ""),
    ("cowpeas", "Cowpeas (niebe)", "food", "pulse", "", "Beans", "NutVal 'Beans' values used for cowpeas"),
    ("oil", "Fortified vegetable oil", "food", "oil", 0.92, "Oil", "vitamin A from fortification: assumption A11; density 0.92 kg/L as in OIL-LOCAL"),
    ("csb", "Super Cereal (CSB+)", "food", "fbf", "", "Corn-soya blend (CSB)", "NutVal CSB values"),
    ("sugar", "Sugar", "food", "sugar", "", "Sugar", ""),
    ("salt", "Iodized salt", "food", "salt", "", None, "no energy or listed nutrients"),
    ("urea", "Urea fertilizer", "agri_input", "", "", None, ""),
    ("npk", "NPK fertilizer", "agri_input", "", "", None, ""),
    ("diesel", "Diesel (gasoil)", "fuel", "", 0.84, None, "density 0.84 kg/L: assumption A15"),
]
NUTVAL = {  # per 100 g: kcal, protein g, fat g, iron mg, vitamin A ug, thiamine mg
    "Wheat": (330, 12.3, 1.5, 4.0, 0, 0.3),
    "Sorghum/millet": (335, 11, 3, 4.5, 0, 0.34),
    "Maize": (350, 10, 4, 4.9, 0, 0.32),
    "Rice": (360, 7, 0.5, 1.2, 0, 0.2),
    "Beans": (335, 20, 1.2, 8.2, 0, 0.5),
    "Oil": (885, 0, 100, 0, 0, 0),
    "Corn-soya blend (CSB)": (380, 18, 6, 18.5, 500, 0.65),
    "Sugar": (400, 0, 0, 0, 0, 0),
    "Maize meal": (360, 9, 3.5, 2.5, 0, 0.3),  # only for the reference-basket check
}
OIL_VITAMIN_A = 900  # ug RE per 100 g, fortification target (A11; MF-6b, L)
NUTRIENTS = [("energy", "Energy", "kcal"), ("protein", "Protein", "g"), ("fat", "Fat", "g"),
             ("iron", "Iron", "mg"), ("vitamin_a", "Vitamin A", "ug"), ("thiamine", "Thiamine (B1)", "mg")]

# Ration (per person per day)
RATION = [
    ("nutrient", "energy", 2100, "", "WFP-BASKET", "2,100 kcal planning figure"),
    ("nutrient", "protein", 52.5, "", "WFP-BASKET", "10% of 2,100 kcal / 4 kcal per g"),
    ("nutrient", "fat", 39.7, "", "WFP-BASKET", "17% of 2,100 kcal / 9 kcal per g"),
    ("nutrient", "iron", 22, "", "NUTVAL-2002", "2002 requirement (WFP Syria nutrient_requirements.csv)"),
    ("nutrient", "vitamin_a", 450, "", "NUTVAL-2002", "assumption A12: 90% of the 500 ug RE requirement so that the WFP basket (475) qualifies"),
    ("nutrient", "thiamine", 0.9, "", "NUTVAL-2002", "2002 requirement"),
    ("group", "cereal", 0, 500, "WFP-BASKET", "assumption A12: cap; WFP basket 400 g, Sahel variant 450 g"),
    ("group", "pulse", 0, 100, "WFP-BASKET", "assumption A12: cap; WFP basket 60 g"),
    ("group", "oil", 0, 40, "WFP-BASKET", "assumption A12: cap; WFP basket 25 g"),
    ("group", "fbf", 0, 100, "WFP-BASKET", "assumption A12: cap; WFP basket 50 g"),
    ("group", "sugar", 0, 20, "WFP-BASKET", "assumption A12: cap; WFP basket 15 g"),
    ("group", "salt", 5, 5, "WFP-BASKET", "5 g iodized salt as in the WFP basket"),
]

# ----------------------------------------------------------------------------------------
# Needs: CH March 2024, projected June-August 2024 (A1)
CH_PHASE3PLUS = 1_372_224
PHASE4_AREA = {"menaka": 1.0}
PHASE3_AREA_SHARE = {  # share of a region's population living in a CH phase-3 cercle (by cercle count)
    "kidal": (1.0, "Kidal Abeibara Tessalit Tin-Essako (all cercles)"),
    "gao": (1.0, "Gao Ansongo Bourem"),
    "taoudenit": (1.0, "Taoudenit"),
    "douentza": (1.0, "Douentza"),
    "tombouctou": (2 / 5, "Tombouctou Gourma-Rharous (2 of 5 cercles)"),
    "bandiagara": (1 / 3, "Koro (1 of 3 cercles)"),
}
PHASE2_REGIONS = {  # regions holding a cercle the CH classified in phase 2 (named ones)
    "kayes": "Kayes", "nioro": "Nioro", "nara": "Nara", "koutiala": "Yorosso", "segou": "Macina Niono",
    "mopti": "Tenenkou Youwarou", "tombouctou": "Niafunke"}
RATE_PHASE4_AREA_P4 = 0.20  # CH area rule: >=20% in phase 4; 20% of Menaka = 63,775 ~ OCHA '>60,000'
RATE_PHASE4_AREA_P3 = 0.20  # A1
RATE_PHASE3_AREA = 0.25  # A1
PHASE2_WEIGHT = 2.0  # A1: residual rate in phase-2 regions relative to phase-1 regions
COMMITMENT = 0.25  # A13: min_share in CH phase 3/4 areas
NEED_PERIODS = "2024-06..2024-08"


ROUNDING_ROW = "segou"  # largest residual row
ROUNDING_DIFF = 0


def build_needs():
    global ROUNDING_DIFF
    ROUNDING_DIFF = 0
    rows, r = _needs()
    ROUNDING_DIFF = CH_PHASE3PLUS - sum(row[1] for row in rows)
    rows, r = _needs()
    assert sum(row[1] for row in rows) == CH_PHASE3PLUS
    return rows, r


def _needs():
    pop = {d[0]: d[2] for d in DISTRICTS}
    p4 = {d: pop[d] * RATE_PHASE4_AREA_P4 for d in PHASE4_AREA}
    p3_m = {d: pop[d] * RATE_PHASE4_AREA_P3 for d in PHASE4_AREA}
    p3_area = {d: pop[d] * s * RATE_PHASE3_AREA for d, (s, _) in PHASE3_AREA_SHARE.items()}
    rest_pop = {}
    for d in pop:
        if d in PHASE4_AREA:
            continue
        rest_pop[d] = pop[d] * (1 - PHASE3_AREA_SHARE.get(d, (0, ""))[0])
    weight = {d: (PHASE2_WEIGHT if d in PHASE2_REGIONS else 1.0) for d in rest_pop}
    residual = CH_PHASE3PLUS - sum(p4.values()) - sum(p3_m.values()) - sum(p3_area.values())
    r = residual / sum(rest_pop[d] * weight[d] for d in rest_pop)
    rows = []
    for d, name, *_ in DISTRICTS:
        if d in PHASE4_AREA:
            rows.append([d, p4[d], 4, COMMITMENT, "phase-4 area: 20% of population in phase 4 (CH area rule; OCHA >60,000)"])
            rows.append([d, p3_m[d], 3, COMMITMENT, "phase-4 area: further 20% in phase 3 (A1)"])
            continue
        a = round(p3_area.get(d, 0.0))
        b = round(rest_pop[d] * weight[d] * r)
        if d == ROUNDING_ROW:  # absorb the rounding difference so that the total is exact
            b += ROUNDING_DIFF
        parts = []
        if a:
            parts.append("%d in phase-3 cercles (%s; 25%% of %.0f%% of population)"
                         % (round(a), PHASE3_AREA_SHARE[d][1], 100 * PHASE3_AREA_SHARE[d][0]))
        if b > 0:
            parts.append("%d residual at %.2f%% (%s)" % (
                round(b), 100 * weight[d] * r,
                "phase-2 cercle " + PHASE2_REGIONS[d] if d in PHASE2_REGIONS else "phase-1 cercles"))
        share = COMMITMENT * a / (a + b) if a else 0.0
        rows.append([d, a + b, 3, round(share, 3), "; ".join(parts)])
    for row in rows:
        row[1] = round(row[1])
    return rows, r


# ----------------------------------------------------------------------------------------
# Non-food demand (A14, A15)
FERT_HA = {  # node: (ha, NPK kg/ha, urea kg/ha, what)
    "segou": (40000, 100, 200, "irrigated rice (Office du Niger): 2 sacks base + 4 sacks urea per ha (FERT-2024)"),
    "sikasso": (20000, 100, 50, "maize/cotton zone: 100 kg NPK + 50 kg urea per ha (A14)"),
    "koutiala": (20000, 100, 50, "maize/cotton zone: 100 kg NPK + 50 kg urea per ha (A14)"),
}
FERT_PERIODS = ("2024-05..2024-07", 3)
DIESEL_L_PER_TKM = 0.35 * 2 / TRUCK_PAYLOAD_T  # 35 L/100 km, empty return, 40 t payload (A15)
DIESEL_KG_PER_L = 0.84
DIESEL_HUBS = {  # hub: districts it serves, road km from Bamako (LCA-2.3)
    "mopti_hub": (["mopti", "bandiagara", "douentza"], 635),
    "gao_hub": (["gao", "menaka", "kidal"], 1192),
    "kabara": (["tombouctou", "taoudenit"], 1011),
}
RATION_KG = 0.58  # a wheat-based ration meeting the floors weighs ~580 g (A15)


def build_demand(needs):
    rows = []
    for node, (ha, npk, urea, what) in FERT_HA.items():
        rows.append((node, "npk", FERT_PERIODS[0], round(ha * npk / 1000 / FERT_PERIODS[1]),
                     "FERT-2024", "A14: %d ha x %d kg/ha over May-July; %s" % (ha, npk, what)))
        rows.append((node, "urea", FERT_PERIODS[0], round(ha * urea / 1000 / FERT_PERIODS[1]),
                     "FERT-2024", "A14: %d ha x %d kg/ha over May-July; %s" % (ha, urea, what)))
    people = {}
    for d, p, *_ in needs:
        people[d] = people.get(d, 0) + p
    for hub, (ds, km) in DIESEL_HUBS.items():
        food_t = sum(people[d] for d in ds) * 30.5 * RATION_KG / 1000
        diesel_t = food_t * km * DIESEL_L_PER_TKM * DIESEL_KG_PER_L / 1000
        rows.append((hub, "diesel", NEED_PERIODS, round(diesel_t),
                     "CH-2024-03; LCA-2.3",
                     "A15: fuel to truck full rations for %s (%.0f t food/month) %d km from Bamako at %.4f L/t-km"
                     % (" ".join(ds), food_t, km, DIESEL_L_PER_TKM)))
    return rows


# ----------------------------------------------------------------------------------------
# Supply (A16)
SUPPLY = [("wheat_donation", "wheat", "dakar", 25000, "2024-04", "in-kind donor (assumption)",
           "BRIEF", "A16: port (Dakar) and arrival month (April 2024) are assumptions")]

# The state's PNR 2024 cereals are left out (A20); uncomment to add them as in-kind supply.
PNR_COMMENT = (
    "# A20: the PNR 2024 state cereal response (22870-40510 t; PNR-2024) is not in the default plan.\n"
    "# Uncomment to add its lower bound as in-kind cereal at the Bamako warehouse (split and place are assumptions):\n"
    "# pnr_sorghum,sorghum,wh_bamako,7623,2024-03,State of Mali (PNR 2024),PNR-2024,A20: one third of 22870 t\n"
    "# pnr_millet,millet,wh_bamako,7623,2024-03,State of Mali (PNR 2024),PNR-2024,A20: one third of 22870 t\n"
    "# pnr_maize,maize,wh_bamako,7624,2024-03,State of Mali (PNR 2024),PNR-2024,A20: one third of 22870 t\n")

# Markets (prices in USD/t; A17 capacities)
LOCAL_CAP = {"sorghum": 2000, "millet": 2000, "maize": 2000, "rice": 2000, "cowpeas": 500, "oil": 300,
             "sugar": 300, "salt": 200}
SEA_FREIGHT = {"wheat": 40, "rice": 50, "csb": 60, "oil": 60}  # A18


# International purchase plus shipping takes about 3-4 months (WFP-GCMF); orders reach the
# port 3 months after they are placed (A18).
IMPORT_LEAD = 3


def build_markets():
    m = []
    loc = [
        ("sorghum", usd(400_000), "PRICES-BKO (millet/sorghum 400 XOF/kg retail)"),
        ("millet", usd(400_000), "PRICES-BKO (millet 400 XOF/kg 2024)"),
        ("maize", usd(350_000), "OMA-AMAP (maize 350 XOF/kg)"),
        ("rice", usd(450_000), "PRICES-BKO (rice 22,500 XOF per 50 kg 2024)"),
        ("cowpeas", usd(700_000), "PRICES-BKO (beans 35,000 XOF per 50 kg 2024)"),
        ("oil", usd(850_000 / 0.92), "OIL-LOCAL (850 XOF/L local oil; 0.92 kg/L)"),
        ("sugar", usd(600_000), "assumption A17: no cited price; 600 XOF/kg"),
        ("salt", usd(250_000), "assumption A17: no cited price; 250 XOF/kg"),
    ]
    for c, p, src in loc:
        m.append(("bamako", c, "*", round(p), LOCAL_CAP[c], "local", 0, src,
                  "Bamako retail price at 606 XOF/USD held constant; capacity A17"))
    intl = [
        ("wheat", 221, "IKAR-WHEAT (Russian 12.5% FOB May 2024: 221)"),
        ("rice", 585, "PINK-SHEET (Thai 5% 2024 ~580-590; L)"),
        ("csb", 800, "CSB-EST (CSB+ ~700-900: estimate; no price found; L)"),
        ("oil", 960 + 100, "PINK-SHEET (palm oil 2024 ~960; L) + 100 fortification/packaging (A18)"),
    ]
    for port in ["dakar", "abidjan", "lome"]:
        for c, p, src in intl:
            m.append((port, c, "*", p + SEA_FREIGHT[c], "inf", "un", IMPORT_LEAD, src + "; lead: WFP-GCMF",
                      "CIF = FOB + %d sea freight (A18); ordered in the period, at the port %d months later (A18)"
                      % (SEA_FREIGHT[c], IMPORT_LEAD)))
    # fertilizer and diesel (commercial channel)
    m.append(("bamako", "urea", "*", round(usd(30_000 * 20)), 5000, "commercial", 0,
              "FERT-2025 (urea 30,000 XOF per 50 kg market 2025)", "market (unsubsidised) price; 2025 figure used for 2024 (M)"))
    m.append(("bamako", "npk", "*", round(usd(28_500 * 20)), 5000, "commercial", 0,
              "FERT-2025 (NPK 28,500 XOF per 50 kg market 2025)", "market price; 2025 figure used for 2024 (M)"))
    for port in ["dakar", "abidjan"]:
        m.append((port, "urea", "*", 340 + 40, "inf", "commercial", IMPORT_LEAD,
                  "PINK-SHEET (urea 2024 ~340; L)", "CIF = FOB + 40 sea freight (A18); lead A18"))
        m.append((port, "npk", "*", 560 + 40, "inf", "commercial", IMPORT_LEAD,
                  "PINK-SHEET (DAP 2024 ~560 as NPK proxy; L)", "CIF = FOB + 40 sea freight (A18); lead A18"))
    m.append(("bamako", "diesel", "2024-03..2024-09", round(usd(800 / DIESEL_KG_PER_L * 1000)), "inf", "commercial", 0,
              "DIESEL-2024 (800 XOF/L from 16 Mar 2024)", "0.84 kg/L"))
    m.append(("bamako", "diesel", "2024-10..2025-02", round(usd(750 / DIESEL_KG_PER_L * 1000)), "inf", "commercial", 0,
              "DIESEL-2024 (750 XOF/L from ~11 Oct 2024; M)", "0.84 kg/L"))
    return m


def build_funds(demand, markets):
    price = {(r[0], r[1]): r[3] for r in markets if r[0] == "bamako" and r[2] in ("*", "2024-03..2024-09")}
    total = 0.0
    for node, c, per, q, *_ in demand:
        n = 3 if ".." in per else 1
        total += q * n * price[("bamako", c)]
    inputs = math.ceil(total / 100000) * 100000
    return [
        ("un_food", "UN food purchase (WFP channel)", 2_000_000, "un;local", "false", "BRIEF",
         "A19: WFP may buy internationally (un) and on local markets (local); logistics (LTSH) paid outside the scenario"),
        ("inputs", "Fertilizer and fuel financing", inputs, "commercial", "false", "derived",
         "A19: assumption; state subsidy programme and importers; = assumed input demand x Bamako prices (%.0f) rounded up" % total),
    ]


# ----------------------------------------------------------------------------------------
SCENARIO_TOML = '''format_version = 1
name = "Mali 2024 lean season"
description = "Humanitarian food supply into Mali for the 2024 lean season (CH March 2024: 1,372,224 people in phase 3+ for June-August 2024), with 25,000 t of donated wheat, US$2 million for UN food purchases, planting-season fertilizer and diesel. Built from cited public figures; see SOURCES.md and ASSUMPTIONS.md."
currency = "USD"

[calendar]
start = "2024-03-01"
step = "month"
periods = 12

[objective]
method = "lexicographic"
phase_weights = [0.25, 0.5, 1.0, 2.0, 4.0]
# value_usd_per_person_day = 5.0  # only used with method = "weighted"
service_tolerance = 1e-9
nonfood_weight_per_t = 200.0

[solver]
backend = "clp"
time_limit_s = 600
'''


# What-if variants shipped with the scenario (see README.md and ASSUMPTIONS.md A22).
# The calendar runs March 2024 to February 2025, so real events are mapped onto its months.
VARIANTS_TOML = '''
# What-if variants: `hinterland compare` solves the base and each of these side by side.
# Edit grammar: docs/scenario-format.md, "Variants". Sources: ASSUMPTIONS.md A22.

[[variant]]
name = "dakar-closed"
description = "Dakar corridor closed as under the 2022 ECOWAS sanctions (Dakar waived storage fees on Mali transit 7 Jan-3 Jul 2022); the calendar starts in March, so January-July becomes March-July 2024"
edits = ["close-lane:corridor:dakar@2024-03..2024-07"]

[[variant]]
name = "fuel-blockade"
description = "Diesel blockade as by JNIM from September 2025: no diesel moves on the southern and western corridors (Abidjan, Dakar, Conakry, Nouakchott) all year, and the Bamako diesel market they supply is cut"
edits = [
  "block:diesel/corridor:abidjan",
  "block:diesel/corridor:dakar",
  "block:diesel/corridor:conakry",
  "block:diesel/corridor:nouakchott",
  "scale-market:diesel=0",
]

[[variant]]
name = "budget-halved"
description = "Only half of the UN food purchase money (un_food) comes"
edits = ["scale-fund:un_food=0.5"]

[[variant]]
name = "short-river"
description = "Short river season: Niger river lanes open only September-November 2024"
edits = ["close-lane:mode:river@2024-03..2024-08", "close-lane:mode:river@2024-12..2025-02"]
'''


def fmt(v):
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(round(v, 6))
    return str(v)


def prose(text):
    """CSV cells may not contain commas: thousands separators become spaces, other commas ';'."""
    while re.search(r"(\d),(\d{3})", text):
        text = re.sub(r"(\d),(\d{3})", r"\1 \2", text)
    return text.replace(", ", "; ").replace(",", ";")


def table(header, rows):
    lines = [",".join(header)]
    for r in rows:
        cells = [prose(fmt(x)) if isinstance(x, str) else fmt(x) for x in r]
        for c in cells:
            assert "," not in c and "\n" not in c and '"' not in c, c
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def build():
    files = {}
    files["scenario.toml"] = SCENARIO_TOML + VARIANTS_TOML
    node_rows = [list(n) for n in NODES]
    for d, name, p, lat, lon, gid in DISTRICTS:
        node_rows.append([d, name, "district", lat, lon, "ML", 0, 0, 0, 0,
                          "RGPH5 (population %d); GEONAMES %d" % (p, gid), "region of Loi 2023-006" if d != "bamako_district" else "district of Bamako"])
    files["nodes.csv"] = table(
        ["id", "name", "kind", "lat", "lon", "country", "storage_capacity_t", "handling_cost_usd_per_t",
         "storage_cost_usd_per_t_period", "storage_loss_per_period", "source", "note"], node_rows)
    build_lanes()
    files["lanes.csv"] = table(
        ["id", "from", "to", "mode", "distance_km", "cost_usd_per_t", "transit_days", "capacity_t_per_period",
         "corridor", "source", "note"],
        [[l["id"], l["frm"], l["to"], l["mode"], l["km"], l["cost"], round(lane_days(l)[0], 1), l["cap"],
          l["corridor"], l["source"] + "; transit: " + lane_days(l)[1], l["note"] + "; transit days: A7"]
         for l in LANES])
    files["lane_availability.csv"] = table(["lane", "periods", "capacity_factor", "reason", "source", "note"],
                                           build_availability())
    files["commodities.csv"] = table(
        ["id", "name", "group", "ration_group", "density_t_per_m3", "source", "note"],
        [[c[0], c[1], c[2], c[3], c[4], "NUTVAL-2002 (%s)" % c[5] if c[5] else "", c[6]] for c in COMMODITIES])
    files["nutrients.csv"] = table(["id", "name", "unit"], NUTRIENTS)
    nc = []
    for c in COMMODITIES:
        if not c[5]:
            continue
        vals = list(NUTVAL[c[5]])
        if c[0] == "oil":
            vals[4] = OIL_VITAMIN_A
        for (nid, _, _), v in zip(NUTRIENTS, vals):
            if v:
                src = "NUTVAL-2002 (%s)" % c[5]
                note = ""
                if c[0] == "oil" and nid == "vitamin_a":
                    src, note = "MF-6b (fortification target; L)", "assumption A11: NutVal oil row is unfortified (0)"
                nc.append((c[0], nid, float(v), src, note))
    files["nutrient_content.csv"] = table(["commodity", "nutrient", "amount_per_100g", "source", "note"], nc)
    files["ration.csv"] = table(["kind", "item", "min_per_person_day", "max_per_person_day", "source", "note"], RATION)
    needs, r = build_needs()
    files["needs.csv"] = table(["district", "period", "people", "phase", "min_share", "source", "note"],
                               [[d, NEED_PERIODS, p, ph, ms, "CH-2024-03; RGPH5",
                                 "assumption A1 (regional split): " + note + ("; min_share A13" if ms else "")]
                                for d, p, ph, ms, note in needs])
    demand = build_demand(needs)
    files["demand.csv"] = table(["node", "commodity", "period", "quantity_t", "source", "note"], demand)
    files["supply.csv"] = table(["id", "commodity", "node", "quantity_t", "available_from", "donor", "source", "note"],
                                SUPPLY) + PNR_COMMENT
    markets = build_markets()
    files["markets.csv"] = table(["node", "commodity", "period", "price_usd_per_t", "capacity_t", "channel",
                                  "lead_periods", "source", "note"], markets)
    files["stocks.csv"] = table(["node", "commodity", "quantity_t", "source", "note"], []) + STOCKS_COMMENT
    files["pipeline.csv"] = table(["id", "commodity", "quantity_t", "node", "arrival_period", "source", "note"],
                                  []) + PIPELINE_COMMENT
    files["funds.csv"] = table(["id", "name", "amount_usd", "channels", "pays_logistics", "source", "note"],
                               build_funds(demand, markets))
    return files, r


STOCKS_COMMENT = (
    "# A24: no published opening stock was found (the national security stock, SNS/OPAM, publishes\n"
    "# no current tonnage in the sources used), so the default starts with nothing on hand.\n"
    "# An assumed stock would be written like this (tonnes on hand at the start of March 2024):\n"
    "# wh_bamako,sorghum,5000,assumption A24,example only\n"
)
PIPELINE_COMMENT = (
    "# A24: nothing is known to be at sea or ordered before March 2024 in the default. The pledge\n"
    "# ledger exports shipments in this form:\n"
    "# ship_wheat_1,wheat,5000,dakar,2024-05,assumption A24,example only\n"
)


def main():
    files, r = build()
    check = "--check" in sys.argv
    bad = 0
    for name, text in files.items():
        path = os.path.join(OUT, name)
        if check:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    print("differs:", name)
                    bad += 1
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
    print("road ratio %.2f; rate %.4f USD/t-km; residual phase-3 rate %.3f%% (phase-1 regions), %.3f%% (phase-2)"
          % (ROAD_RATIO, RATE_USD_PER_TKM, 100 * r, 200 * r))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
