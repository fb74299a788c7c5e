"""The hierarchy of area codes: levels, children, ancestors."""

from dashboard.hierarchy import ancestors, child_level, contains, is_area_code, level_of


def test_levels_by_digits():
    assert [level_of(code) for code in ("34", "3411", "341182", "341182108", "341182108206")] == [
        "province",
        "prefecture",
        "county",
        "town",
        "village",
    ]
    assert level_of("") is None
    assert level_of("34118") is None  # five digits is no level
    assert level_of("34a1") is None


def test_area_codes():
    assert is_area_code("")
    assert is_area_code("341182108")
    assert not is_area_code("3411821")
    assert not is_area_code("34;drop")


def test_children_and_ancestors():
    assert child_level("") == "province"
    assert child_level("341182") == "town"
    assert child_level("341182108") == "village"
    assert child_level("341182108206") is None
    assert ancestors("341182108206") == ["34", "3411", "341182", "341182108"]
    assert ancestors("34") == []
    assert contains("341182", "341182108206")
    assert not contains("341183", "341182108206")
    assert contains("", "341182108206")
