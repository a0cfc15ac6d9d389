from pengawas.lib.numbers import id_decimal, id_int


def test_indonesian_number_formats() -> None:
    assert id_int(961971) == "961.971"
    assert id_int(12) == "12"
    assert id_decimal(1234.56) == "1.234,6"
    assert id_decimal(9.0, places=0) == "9"
