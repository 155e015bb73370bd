"""Program keys and their Chinese names (SPEC §3), used exactly so in every screen, file and report."""

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

AREA_NAMES: dict[str, str] = {"urban": "城市", "rural": "农村"}
# the two programs whose amount comes from a formula (calc case "program"), with their area
FAMILY_NAMES: dict[str, str] = {"dibao": "低保", "tekun": "特困"}


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
