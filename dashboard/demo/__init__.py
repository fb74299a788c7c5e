"""The synthetic demo town 女山湖镇: its register (generator) and its map (geometry)."""
