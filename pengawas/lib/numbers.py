"""Numbers as Indonesian readers write them: 1.000.000 and 9,5."""


def id_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def id_decimal(value: float, places: int = 1) -> str:
    whole, _, fraction = f"{value:,.{places}f}".partition(".")
    text = whole.replace(",", ".")
    return f"{text},{fraction}" if fraction else text
