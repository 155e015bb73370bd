"""Program keys, their Chinese names and families (SPEC §3): the one list every screen, file,
report and query takes them from."""

from __future__ import annotations

from app.errors import InvalidInput

PROGRAM_NAMES: dict[str, str] = {
    "urban_dibao": "城市低保",
    "rural_dibao": "农村低保",
    "urban_tekun": "城市特困",
    "rural_tekun": "农村特困",
    "temporary": "临时救助",
    "price_subsidy": "价格临时补贴",
}
PROGRAM_KEYS: dict[str, str] = {name: key for key, name in PROGRAM_NAMES.items()}
# the programs of cases in force and of the application workflow (a formula family and an area)
CASE_PROGRAMS: tuple[str, ...] = ("urban_dibao", "rural_dibao", "urban_tekun", "rural_tekun")
# every program, in the order rosters and statistics list them
ALL_PROGRAMS: tuple[str, ...] = (*CASE_PROGRAMS, "temporary", "price_subsidy")

AREA_NAMES: dict[str, str] = {"urban": "城市", "rural": "农村"}
# the two programs whose amount comes from a formula (calc case "program"), with their area
FAMILY_NAMES: dict[str, str] = {"dibao": "低保", "tekun": "特困"}


def family(program: str) -> str:
    """A program's family: urban_dibao -> "dibao", rural_tekun -> "tekun"; temporary and
    price_subsidy are their own ("temporary", "price_subsidy")."""
    if program in CASE_PROGRAMS:
        return program.partition("_")[2]
    if program in PROGRAM_NAMES:
        return program
    raise InvalidInput(f"项目：未知的救助项目 {program!r}")


def is_dibao(program: str) -> bool:
    """A 低保 program (paid per household, to the head): urban_dibao, rural_dibao."""
    return program in CASE_PROGRAMS and family(program) == "dibao"


def programs_of(family_key: str) -> tuple[str, ...]:
    """The case programs of a family: "dibao" -> (urban_dibao, rural_dibao)."""
    return tuple(p for p in CASE_PROGRAMS if family(p) == family_key)


def program_name(key: str) -> str:
    """Chinese name of a program key: urban_dibao -> 城市低保."""
    try:
        return PROGRAM_NAMES[key]
    except KeyError:
        raise InvalidInput(f"项目：未知的救助项目 {key!r}") from None


def program_key(name: str) -> str:
    """Program key of a Chinese name (a key is accepted as itself): 城市低保 -> urban_dibao."""
    text = str(name).strip()
    if text in PROGRAM_NAMES:
        return text
    try:
        return PROGRAM_KEYS[text]
    except KeyError:
        raise InvalidInput(
            f"项目：未知的救助项目「{text}」，应为 {'、'.join(PROGRAM_NAMES.values())}"
        ) from None


def key_for(family: str, area: str) -> str:
    """Program key of a formula family and an area: ("dibao", "urban") -> urban_dibao."""
    if family not in FAMILY_NAMES:
        raise InvalidInput(f"program：未知的项目 {family!r}，应为 dibao 或 tekun")
    if area not in AREA_NAMES:
        raise InvalidInput(f"area：未知的区域 {area!r}，应为 urban 或 rural")
    return f"{area}_{family}"


def split_key(key: str) -> tuple[str, str]:
    """(family, area) of a dibao / tekun program key: rural_tekun -> ("tekun", "rural")."""
    area, _, family = key.partition("_")
    if area not in AREA_NAMES or family not in FAMILY_NAMES:
        raise InvalidInput(f"项目：{key!r} 不是低保或特困项目")
    return family, area
